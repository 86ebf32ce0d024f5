/**
 * The preload's shape (`window.mailcrm`): names outside the contract are refused before any
 * message is sent, and failures cross as data and become AppFailure again in the renderer.
 */
import { describe, expect, it } from 'vitest';
import { AppFailure, appError, type AppError } from '../../../src/shared/errors';
import type { ContractNames } from '../../../src/shared/ipc/contract-names';
import { createMemoryTransport } from '../../../src/shared/ipc/memory-transport';
import { bridgeFromClient, clientFromBridge } from '../../../src/shared/ipc/result-bridge';
import { testContract, testHandlers } from './test-contract';

const NAMES: ContractNames = {
  calls: new Set(Object.keys(testContract.calls)),
  events: new Set(Object.keys(testContract.events)),
  streams: new Set(Object.keys(testContract.streams)),
};

function setup() {
  const sent: unknown[] = [];
  const transport = createMemoryTransport(testContract, testHandlers({ hung: [], calls: 0 }), {
    tap: (direction, message) => {
      if (direction === 'to-server') sent.push(message);
    },
  });
  const bridge = bridgeFromClient(transport.client, NAMES);
  return { bridge, sent, transport };
}

describe('the preload bridge', () => {
  it('refuses names outside the contract without sending anything', async () => {
    const { bridge, sent } = setup();
    const refused = await bridge.call('test.nope' as 'test.echo', { text: 'x' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(() => bridge.on('test.nope' as 'test.tick', () => undefined)).toThrow();
    const stream = await bridge.stream('test.nope' as 'test.count', { n: 1 }, () =>
      Promise.resolve(undefined),
    );
    expect(stream).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(sent).toEqual([]);
  });

  it('returns failures as data, which the renderer client rethrows as AppFailure', async () => {
    const { bridge } = setup();
    const result = await bridge.call('test.echo', { text: 'much too long' });
    expect(result.ok).toBe(false);
    expect(Object.getPrototypeOf((result as { error: AppError }).error)).toBe(Object.prototype);
    const client = clientFromBridge(bridge);
    await expect(client.call('test.echo', { text: 'much too long' })).rejects.toBeInstanceOf(
      AppFailure,
    );
    await expect(client.call('test.echo', { text: 'ok' })).resolves.toEqual({ text: 'ok' });
  });

  it('keeps the code of an error thrown by the renderer’s stream receiver', async () => {
    const client = clientFromBridge(setup().bridge);
    const failure = await client
      .stream('test.count', { n: 5 }, () => {
        throw new AppFailure(appError('NOT_FOUND', 'No database'));
      })
      .catch((thrown: unknown) => thrown);
    expect(failure).toBeInstanceOf(AppFailure);
    expect((failure as AppFailure).error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'No database',
    });
  });
});
