/**
 * The server side of the contract, independent of any transport: looks a name up in the
 * contract, validates the input with the call's zod schema, runs the handler and turns every
 * outcome into a Result. Nothing thrown escapes: a handler's AppFailure keeps its code, anything
 * else becomes INTERNAL.
 */
import type { z } from 'zod';
import { appError, toAppError, type AppError, type Result } from '../errors';
import type { CallContext, ContractShape, Handlers, StreamSink } from './define';
import { failure } from './wire';

/** Options of {@link createDispatcher}. */
export interface DispatcherOptions {
  /**
   * Told about every failure that is not an AppFailure (a bug, not a user-facing condition) so
   * the composition root can log it with its stack; the caller still gets INTERNAL.
   */
  readonly onUnexpectedError?: (name: string, thrown: unknown) => void;
}

/** Runs calls and streams by name, with untrusted input. */
export interface Dispatcher {
  /** Validates `input` and runs the call; never rejects. */
  call(name: string, input: unknown, context: CallContext): Promise<Result<unknown>>;
  /** Validates `input` and runs the stream handler with `sink`; never rejects. */
  stream(
    name: string,
    input: unknown,
    sink: StreamSink<unknown>,
    context: CallContext,
  ): Promise<Result<unknown>>;
  /** The acknowledgement window of a stream, or undefined when the contract has no such stream. */
  streamWindow(name: string): number | undefined;
}

type AnyHandler = (...args: readonly unknown[]) => Promise<unknown>;

/** Issues listed in an INVALID_INPUT message; more would not help the reader. */
const MAX_ISSUES = 5;

/** One zod issue as the reader needs it: where, and why. */
interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** "draft.imap.port: Too small: expected number to be >=1; address: Enter a valid email address" */
export function describeIssues(issues: readonly Issue[]): string {
  const parts = issues.slice(0, MAX_ISSUES).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'input';
    return `${where}: ${issue.message}`;
  });
  if (issues.length > MAX_ISSUES) parts.push(`and ${issues.length - MAX_ISSUES} more`);
  return parts.join('; ');
}

/** Creates the dispatcher of `contract` over `handlers`. */
export function createDispatcher<C extends ContractShape>(
  contract: C,
  handlers: Handlers<C>,
  options: DispatcherOptions = {},
): Dispatcher {
  // Handlers are looked up by a string from the wire; own properties only, so names such as
  // "constructor" or "__proto__" can never reach Object.prototype.
  const table = handlers as unknown as Readonly<Record<string, unknown>>;

  function handlerFor(name: string): AnyHandler | AppError {
    const handler = Object.hasOwn(table, name) ? table[name] : undefined;
    if (typeof handler !== 'function') {
      return appError('INTERNAL', `The app has no handler for "${name}".`);
    }
    return handler as AnyHandler;
  }

  function unknownName(name: string): Result<never> {
    return failure(
      appError('UNKNOWN_CALL', `"${name.slice(0, 200)}" is not part of this app's contract.`),
    );
  }

  function settle(name: string, thrown: unknown): Result<never> {
    const error = toAppError(thrown);
    if (error.code === 'INTERNAL') options.onUnexpectedError?.(name, thrown);
    return failure(error);
  }

  async function run(
    name: string,
    schema: z.ZodType,
    input: unknown,
    invoke: (handler: AnyHandler, parsed: unknown) => Promise<unknown>,
  ): Promise<Result<unknown>> {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      return failure(
        appError(
          'INVALID_INPUT',
          `Invalid input for ${name}: ${describeIssues(parsed.error.issues)}`,
        ),
      );
    }
    const handler = handlerFor(name);
    if (typeof handler !== 'function') return failure(handler);
    try {
      return { ok: true, value: await invoke(handler, parsed.data) };
    } catch (thrown) {
      return settle(name, thrown);
    }
  }

  return {
    call(name, input, context) {
      if (!Object.hasOwn(contract.calls, name)) return Promise.resolve(unknownName(name));
      const spec = contract.calls[name];
      if (spec === undefined) return Promise.resolve(unknownName(name));
      return run(name, spec.input, input, (handler, parsed) => handler(parsed, context));
    },
    stream(name, input, sink, context) {
      if (!Object.hasOwn(contract.streams, name)) return Promise.resolve(unknownName(name));
      const spec = contract.streams[name];
      if (spec === undefined) return Promise.resolve(unknownName(name));
      return run(name, spec.input, input, (handler, parsed) => handler(parsed, sink, context));
    },
    streamWindow(name) {
      if (!Object.hasOwn(contract.streams, name)) return undefined;
      return contract.streams[name]?.window;
    },
  };
}
