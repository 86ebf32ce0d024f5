/**
 * The contract over every transport outside Electron, with the REAL handlers (createHandlers on
 * a conf settings file): every declared call has a handler and is reachable through dispatch,
 * errors keep their code, message and hint, events arrive, streams respect their window.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createConfSettingsStore } from '../../../src/main/core/adapters/conf-settings-store';
import { createNodeDnsResolver } from '../../../src/main/core/adapters/node-dns-resolver';
import { createHandlers } from '../../../src/main/core/app/create-handlers';
import type { CoreDeps } from '../../../src/main/core/ports';
import type { AccountDraft, AccountView } from '../../../src/shared/account';
import { contract, type AppContract } from '../../../src/shared/contract';
import { AppFailure, appError, type AppError } from '../../../src/shared/errors';
import type { Client, EventEmitterPort } from '../../../src/shared/ipc/define';
import { firstUser, rigDraft } from '../accounts/core-deps';
import { MemorySecretStore } from './memory-secret-store';
import { testContract, testHandlers, type TestObservations } from './test-contract';
import { connect, maxUnacknowledged, TRANSPORTS } from './transports';

const rig = inject('rig');

/** The error a promise rejects with; fails the test when it resolves or rejects otherwise. */
async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (thrown) {
    expect(thrown).toBeInstanceOf(AppFailure);
    return (thrown as AppFailure).error;
  }
  throw new Error('expected the call to fail');
}

const BROWSER_FAILURE = appError('CONNECTION_REFUSED', 'The browser refused to start', {
  hint: 'Open the link yourself',
  serverResponse: 'xdg-open: no method available',
});

function realDeps(events: EventEmitterPort<AppContract>): CoreDeps {
  const settingsDir = mkdtempSync(join(rig.tempDir, 'contract-settings-'));
  return {
    secrets: new MemorySecretStore(),
    settings: createConfSettingsStore({ cwd: settingsDir }),
    dns: createNodeDnsResolver([rig.dnsServer]),
    clock: { now: () => Date.now() },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    events,
    browser: { open: () => Promise.reject(new AppFailure(BROWSER_FAILURE)) },
    appVersion: '0.0.0-contract',
    runtime: 'web',
  };
}

function draft(): AccountDraft {
  return rigDraft(rig, firstUser(rig), { name: 'Contract test', senderName: 'Anna' });
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const connection of open.splice(0)) await connection.close();
});

function track<T extends { close(): Promise<void> }>(connection: T): T {
  open.push(connection);
  return connection;
}

describe('the app contract', () => {
  it('has a handler for every declared call, and no other', () => {
    const deps = realDeps({ emit: () => undefined });
    const handlers = createHandlers(deps) as unknown as Record<string, unknown>;
    const declared = Object.keys(contract.calls).sort();
    for (const name of declared) expect(typeof handlers[name], name).toBe('function');
    expect(Object.keys(handlers).sort()).toEqual(
      [...declared, ...Object.keys(contract.streams)].sort(),
    );
  });
});

describe.each(TRANSPORTS)('the app contract over the %s transport', (kind) => {
  async function appClient(): Promise<Client<AppContract>> {
    // The real handlers, built around the transport's event port.
    const connection = await connect(kind, contract, (events) => createHandlers(realDeps(events)));
    return track(connection).client;
  }

  it('reaches every declared call through dispatch (each refuses an invalid input)', async () => {
    const client = await appClient();
    for (const name of Object.keys(contract.calls) as (keyof AppContract['calls'])[]) {
      const error = await rejection(client.call(name, 42 as never));
      expect(error.code, name).toBe('INVALID_INPUT');
      expect(error.message, name).toContain(name);
    }
  });

  it('says which field is invalid and why', async () => {
    const client = await appClient();
    const error = await rejection(client.call('accounts.detect', { address: 'not-an-address' }));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', retryable: false });
    expect(error.message).toContain('address: Enter a valid email address');
  });

  it('refuses names outside the contract, including Object.prototype keys', async () => {
    const client = await appClient();
    for (const name of ['accounts.hack', '__proto__', 'constructor', 'toString']) {
      const error = await rejection(client.call(name as 'app.info', {}));
      expect(error.code, name).toBe('UNKNOWN_CALL');
    }
  });

  it('returns values', async () => {
    const client = await appClient();
    const info = await client.call('app.info', {});
    expect(info).toMatchObject({ version: '0.0.0-contract', runtime: 'web' });
    expect(info.secretStore.available).toBe(true);
  });

  it('delivers an AppFailure from a handler with its code, message, hint and server response', async () => {
    const client = await appClient();
    const error = await rejection(
      client.call('app.openExternal', { url: 'https://example.test/' }),
    );
    expect(error).toEqual(BROWSER_FAILURE);
  });

  it('delivers events to the client', async () => {
    const client = await appClient();
    const received: (readonly AccountView[])[] = [];
    const unsubscribe = client.on('accounts.changed', (accounts) => received.push(accounts));
    const created = await client.call('accounts.create', { draft: draft(), credentials: {} });
    await expect.poll(() => received.length).toBeGreaterThan(0);
    expect(received.at(-1)?.map((account) => account.id)).toContain(created.id);
    unsubscribe();
    await client.call('accounts.remove', { id: created.id });
    const count = received.length;
    await client.call('accounts.list', {});
    expect(received.length).toBe(count);
  });
});

describe.each(TRANSPORTS)('streams and failures over the %s transport', (kind) => {
  async function testClient() {
    const observed: TestObservations = { hung: [], calls: 0 };
    const connection = track(await connect(kind, testContract, testHandlers(observed)));
    return { ...connection, observed };
  }

  it('never has more than `window` (2) items unacknowledged', async () => {
    const { client, wire } = await testClient();
    const items: number[] = [];
    const done = await client.stream('test.count', { n: 10 }, async (item) => {
      // A slow receiver: without the window the sender would put all 10 on the wire at once.
      await new Promise((resolve) => setTimeout(resolve, 15));
      items.push(item);
    });
    expect(done).toEqual({ total: 10 });
    expect(items).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(maxUnacknowledged(wire)).toBe(2);
  });

  it('ends a stream with the handler’s AppFailure after the items sent', async () => {
    const { client } = await testClient();
    const items: number[] = [];
    const error = await rejection(
      client.stream('test.broken', {}, (item) => void items.push(item)),
    );
    expect(error).toMatchObject({ code: 'THROTTLED', message: 'Slow down', hint: 'Wait a minute' });
    expect(items).toEqual([1]);
  });

  it('cancels a stream when the receiver fails, with the receiver’s error', async () => {
    const { client, wire } = await testClient();
    const error = await rejection(
      client.stream('test.count', { n: 50 }, () => {
        throw new AppFailure(appError('NOT_FOUND', 'Database gone'));
      }),
    );
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'Database gone' });
    await expect
      .poll(() =>
        wire.some(({ message }) => (message as { kind?: string }).kind === 'stream-cancel'),
      )
      .toBe(true);
  });

  it('turns an unexpected error into INTERNAL and reports it on the server side', async () => {
    const { client, logs } = await testClient();
    const error = await rejection(client.call('test.crash', {}));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain('boom');
    expect(logs.some((line) => line.includes('test.crash'))).toBe(true);
  });

  it('sends errors as data on the wire, never as Error objects', async () => {
    const { client, wire } = await testClient();
    await rejection(client.call('test.echo', { text: 'far too long for ten' }));
    const result = wire.find(({ message }) => (message as { kind?: string }).kind === 'result');
    expect(result?.message).toMatchObject({
      kind: 'result',
      result: { ok: false, error: { code: 'INVALID_INPUT', retryable: false } },
    });
    expect((result?.message as { result: { error: AppError } }).result.error.message).toContain(
      'text:',
    );
  });

  it('delivers events emitted on the event port', async () => {
    const { client, events } = await testClient();
    const ticks: number[] = [];
    client.on('test.tick', ({ n }) => ticks.push(n));
    events.emit('test.tick', { n: 1 });
    events.emit('test.tick', { n: 2 });
    await expect.poll(() => ticks).toEqual([1, 2]);
  });

  it('rejects pending calls with CONNECTION_RESET and aborts their handlers when the connection drops', async () => {
    const { client, observed, dropServer } = await testClient();
    const pending = client.call('test.hang', {});
    await expect.poll(() => observed.hung.length).toBe(1);
    const failed = rejection(pending);
    await dropServer();
    const error = await failed;
    expect(error.code).toBe('CONNECTION_RESET');
    await expect.poll(() => observed.hung[0]?.aborted).toBe(true);
    const after = await rejection(client.call('test.ping', {}));
    expect(after.code).toBe('CONNECTION_RESET');
    if (kind === 'websocket') expect(after.message).toContain('npm run web');
  });
});
