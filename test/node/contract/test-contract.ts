/**
 * A small contract of the tests' own, for what the app contract does not declare yet: a stream
 * with a window of 2, a handler that crashes, and one that waits until its caller goes away.
 */
import { z } from 'zod';
import { fail } from '../../../src/shared/errors';
import {
  call,
  event,
  stream,
  type ContractShape,
  type Handlers,
} from '../../../src/shared/ipc/define';

export const testContract = {
  calls: {
    'test.echo': call<{ text: string }>()(z.object({ text: z.string().max(10) })),
    'test.crash': call<void>()(z.object({})),
    /** Resolves only when its signal is aborted (the client went away). */
    'test.hang': call<void>()(z.object({})),
    'test.ping': call<void>()(z.object({})),
  },
  events: {
    'test.tick': event<{ n: number }>(),
  },
  streams: {
    'test.count': stream<number, { total: number }>(2)(
      z.object({ n: z.number().int().min(0).max(100) }),
    ),
    'test.broken': stream<number, void>(2)(z.object({})),
  },
} as const satisfies ContractShape;

export type TestContract = typeof testContract;

/** What the test handlers observed. */
export interface TestObservations {
  /** Signals of hung calls, to see them aborted. */
  readonly hung: { readonly aborted: boolean }[];
  calls: number;
}

/** The handlers of the test contract. */
export function testHandlers(observed: TestObservations): Handlers<TestContract> {
  return {
    'test.echo': ({ text }) => {
      observed.calls += 1;
      return Promise.resolve({ text });
    },
    'test.crash': () => {
      observed.calls += 1;
      return Promise.reject(new TypeError('boom'));
    },
    'test.hang': (_input, context) => {
      observed.calls += 1;
      observed.hung.push(context.signal);
      return new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (!context.signal.aborted) return;
          clearInterval(poll);
          resolve();
        }, 10);
      });
    },
    'test.ping': () => {
      observed.calls += 1;
      return Promise.resolve();
    },
    'test.count': async ({ n }, sink) => {
      observed.calls += 1;
      // Sends as fast as the window lets it: only acknowledgements slow it down.
      for (let i = 0; i < n; i += 1) await sink.send(i);
      return { total: n };
    },
    'test.broken': async (_input, sink) => {
      observed.calls += 1;
      await sink.send(1);
      fail('THROTTLED', 'Slow down', { hint: 'Wait a minute' });
    },
  };
}
