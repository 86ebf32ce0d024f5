/**
 * The push watcher's timing under fake time, with a scripted client: explicit IDLE, coalescing,
 * keepalive and RFC 2177 re-IDLE, dead-connection detection, backoff and its reset, auth
 * failures without a retry loop, throttling, polling, and stop() leaving nothing behind.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PushClient } from '../../../src/main/core/imap/push-client';
import {
  startPushWatcher,
  type PushTuning,
  type PushWatcher,
} from '../../../src/main/core/imap/push-watcher';
import type { SyncConnectionState } from '../../../src/shared/contract';
import { AppFailure, appError } from '../../../src/shared/errors';
import { FakeClient } from './fake-client';
import { quietLogger, seededRandom } from './helpers';

interface Harness {
  readonly watcher: PushWatcher;
  readonly clients: FakeClient[];
  readonly states: SyncConnectionState[];
  readonly changes: { folder: string; reason: 'idle' | 'poll'; at: number }[];
  readonly attempts: () => number;
  folders: string[];
  open: () => Promise<PushClient>;
  /** The client of the live connection. */
  current(): FakeClient;
}

/** A client that connects at once. */
function connecting(harness: Pick<Harness, 'clients'>): () => Promise<PushClient> {
  return () => {
    const client = new FakeClient();
    harness.clients.push(client);
    return Promise.resolve(client);
  };
}

function start(
  options: {
    tuning?: Partial<PushTuning>;
    random?: () => number;
    pollIntervalMs?: number;
    /** How the first attempts connect (the watcher starts connecting at once). */
    open?: () => Promise<PushClient>;
  } = {},
): Harness {
  let attempts = 0;
  const clients: FakeClient[] = [];
  const states: SyncConnectionState[] = [];
  const changes: Harness['changes'] = [];
  const harness: Omit<Harness, 'watcher'> & { watcher?: PushWatcher } = {
    clients,
    states,
    changes,
    attempts: () => attempts,
    folders: ['INBOX', 'Sent', 'Archive'],
    open: options.open ?? connecting({ clients }),
    current() {
      const client = clients.at(-1);
      if (client === undefined) throw new Error('no client yet');
      return client;
    },
  };
  harness.watcher = startPushWatcher({
    accountId: 'acc-1',
    openClient: () => {
      attempts += 1;
      return harness.open();
    },
    inbox: 'INBOX',
    pollFolders: () => harness.folders,
    pollIntervalMs: options.pollIntervalMs ?? 5 * 60_000,
    onChange: (folder, reason) => changes.push({ folder, reason, at: Date.now() }),
    onState: (state) => states.push(state),
    logger: quietLogger(),
    random: options.random ?? seededRandom(11),
    ...(options.tuning !== undefined ? { tuning: options.tuning } : {}),
  });
  return harness as Harness;
}

const lastState = (harness: Harness): SyncConnectionState | undefined => harness.states.at(-1);
const idleChanges = (harness: Harness): number =>
  harness.changes.filter((change) => change.folder === 'INBOX' && change.reason === 'idle').length;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('push watcher timing (fake time)', () => {
  it('selects the inbox, reports connected, announces it once and issues IDLE at once', async () => {
    const harness = start();
    await vi.advanceTimersByTimeAsync(0);
    expect(lastState(harness)).toEqual({ accountId: 'acc-1', state: 'connected' });
    expect(harness.current().mailbox).toEqual({ path: 'INBOX' });
    // No 15 s auto-IDLE wait: IDLE is running before any time has passed.
    expect(harness.current().idles).toBe(1);
    expect(idleChanges(harness)).toBe(1);
    await harness.watcher.stop();
  });

  it('coalesces a burst of 50 mailbox events into a few announcements', async () => {
    const harness = start();
    await vi.advanceTimersByTimeAsync(0);
    harness.changes.length = 0;
    const client = harness.current();
    const started = Date.now();
    client.change('exists');
    // The first change is announced without waiting for the window.
    expect(idleChanges(harness)).toBe(1);
    expect(harness.changes[0]?.at).toBe(started);
    for (let index = 1; index < 50; index += 1) {
      await vi.advanceTimersByTimeAsync(40);
      client.change(index % 3 === 0 ? 'flags' : index % 7 === 0 ? 'expunge' : 'exists');
    }
    await vi.advanceTimersByTimeAsync(2_000);
    // 50 events over 2 s, a 1 s window: the first, one per window, and the trailing one.
    expect(idleChanges(harness)).toBeGreaterThanOrEqual(2);
    expect(idleChanges(harness)).toBeLessThanOrEqual(4);
    await harness.watcher.stop();
  });

  it('breaks IDLE with a NOOP every keepalive interval and re-issues it (RFC 2177: < 29 min)', async () => {
    const harness = start();
    await vi.advanceTimersByTimeAsync(0);
    const client = harness.current();
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(client.noops).toBe(1);
    expect(client.idles).toBe(2);
    await vi.advanceTimersByTimeAsync(25 * 60_000);
    // 29 minutes: IDLE re-issued 7 times, never older than 4 minutes.
    expect(client.idles).toBe(8);
    expect(lastState(harness)?.state).toBe('connected');
    await harness.watcher.stop();
  });

  it('caps a configured keepalive interval at 29 minutes', async () => {
    const harness = start({ tuning: { keepaliveIntervalMs: 60 * 60_000 } });
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(29 * 60_000);
    expect(harness.current().idles).toBe(2);
    await harness.watcher.stop();
  });

  it('treats an unanswered keepalive as a dead connection: closes it and reconnects', async () => {
    const harness = start({ random: () => 0.5 });
    await vi.advanceTimersByTimeAsync(0);
    const dead = harness.current();
    dead.silent = true;
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(dead.noops).toBe(1);
    expect(lastState(harness)?.state).toBe('connected');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(dead.usable).toBe(false);
    const reconnecting = lastState(harness);
    expect(reconnecting).toMatchObject({ state: 'reconnecting', error: { code: 'TIMEOUT' } });
    // Backoff after a stable connection: 0.5 × 1 s.
    expect(Date.parse(reconnecting?.retryAt ?? '')).toBe(Date.now() + 500);
    await vi.advanceTimersByTimeAsync(500);
    expect(harness.clients).toHaveLength(2);
    expect(lastState(harness)?.state).toBe('connected');
    // The new connection announces the inbox: mail may have arrived while it was dead.
    expect(harness.changes.at(-1)).toMatchObject({ folder: 'INBOX', reason: 'idle' });
    await harness.watcher.stop();
  });

  it('gives up on a silent EXAMINE after the keepalive deadline', async () => {
    const clients: FakeClient[] = [];
    const harness = start({
      random: () => 0,
      open: () => {
        const client = new FakeClient();
        client.silent = clients.length === 0;
        clients.push(client);
        return Promise.resolve(client);
      },
    });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(harness.states[0]).toMatchObject({ state: 'reconnecting', error: { code: 'TIMEOUT' } });
    await vi.advanceTimersByTimeAsync(10);
    expect(clients).toHaveLength(2);
    expect(lastState(harness)?.state).toBe('connected');
    await harness.watcher.stop();
  });

  it('reconnects after a dropped connection with a growing backoff that resets once stable', async () => {
    const harness = start({ random: () => 0.999_999 });
    await vi.advanceTimersByTimeAsync(0);
    harness.open = () =>
      Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
    harness.current().drop();
    await vi.advanceTimersByTimeAsync(0);
    const delays: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const state = lastState(harness);
      expect(state?.state).toBe('reconnecting');
      const delay = Date.parse(state?.retryAt ?? '') - Date.now();
      delays.push(delay);
      await vi.advanceTimersByTimeAsync(delay);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    expect(harness.states[1]).toMatchObject({ error: { code: 'CONNECTION_RESET' } });
    expect(lastState(harness)).toMatchObject({ error: { code: 'CONNECTION_REFUSED' } });

    // The server is back; a short-lived connection does not reset the backoff...
    harness.open = connecting(harness);
    await vi.advanceTimersByTimeAsync(32_000);
    expect(lastState(harness)?.state).toBe('connected');
    await vi.advanceTimersByTimeAsync(5_000);
    harness.current().drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(Date.parse(lastState(harness)?.retryAt ?? '') - Date.now()).toBe(64_000);
    // ...a connection that lasted past stableAfterMs (60 s) does.
    await vi.advanceTimersByTimeAsync(64_000);
    expect(lastState(harness)?.state).toBe('connected');
    await vi.advanceTimersByTimeAsync(61_000);
    harness.current().drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(Date.parse(lastState(harness)?.retryAt ?? '') - Date.now()).toBe(1_000);
    await harness.watcher.stop();
  });

  it('reports a refused password once and does not retry until reconnectNow()', async () => {
    const harness = start({
      open: () =>
        Promise.reject(
          new AppFailure(appError('AUTH_FAILED', 'The IMAP server refused the password.')),
        ),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(harness.states).toEqual([
      {
        accountId: 'acc-1',
        state: 'auth-failed',
        error: expect.objectContaining({ code: 'AUTH_FAILED' }) as unknown,
      },
    ]);
    await vi.advanceTimersByTimeAsync(24 * 60 * 60_000);
    expect(harness.attempts()).toBe(1);
    expect(harness.states).toHaveLength(1);
    harness.open = connecting(harness);
    harness.watcher.reconnectNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(harness.attempts()).toBe(2);
    expect(lastState(harness)?.state).toBe('connected');
    await harness.watcher.stop();
  });

  it('backs off for at least 30 s when the server answers [LIMIT] or [OVERQUOTA]', async () => {
    const refusal = (code: string): Error =>
      Object.assign(new Error(`Command failed`), {
        responseText: `[${code}] Too many connections`,
        serverResponseCode: code,
      });
    const harness = start({ random: () => 0, open: () => Promise.reject(refusal('LIMIT')) });
    await vi.advanceTimersByTimeAsync(0);
    const throttled = lastState(harness);
    expect(throttled).toMatchObject({ state: 'throttled', error: { code: 'THROTTLED' } });
    expect(Date.parse(throttled?.retryAt ?? '') - Date.now()).toBe(30_000);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(harness.attempts()).toBe(1);
    harness.open = () => Promise.reject(refusal('OVERQUOTA'));
    await vi.advanceTimersByTimeAsync(1);
    expect(harness.attempts()).toBe(2);
    expect(lastState(harness)).toMatchObject({ state: 'throttled', error: { code: 'THROTTLED' } });
    await harness.watcher.stop();
  });

  it('gives up on a connect that hangs after connectTimeoutMs and closes the late client', async () => {
    let resolveLate: (client: PushClient) => void = () => undefined;
    const harness = start({
      random: () => 0,
      open: () =>
        new Promise<PushClient>((resolve) => {
          resolveLate = resolve;
        }),
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(lastState(harness)).toMatchObject({ state: 'reconnecting', error: { code: 'TIMEOUT' } });
    const late = new FakeClient();
    resolveLate(late);
    await vi.advanceTimersByTimeAsync(0);
    expect(late.usable).toBe(false);
    await harness.watcher.stop();
  });

  it('announces the other selected folders every poll interval, never the inbox', async () => {
    const harness = start({ pollIntervalMs: 5 * 60_000 });
    await vi.advanceTimersByTimeAsync(0);
    harness.changes.length = 0;
    await vi.advanceTimersByTimeAsync(5 * 60_000 - 1);
    expect(harness.changes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(harness.changes.map((change) => [change.folder, change.reason])).toEqual([
      ['Sent', 'poll'],
      ['Archive', 'poll'],
    ]);
    harness.folders = ['inbox', 'Sent', 'Junk'];
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(harness.changes.slice(2).map((change) => change.folder)).toEqual(['Sent', 'Junk']);
    await harness.watcher.stop();
  });

  it('makes up a poll that fell due while disconnected as soon as it reconnects', async () => {
    const harness = start({ pollIntervalMs: 60_000, random: () => 0.999_999 });
    await vi.advanceTimersByTimeAsync(0);
    harness.open = () =>
      Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }));
    harness.current().drop();
    harness.changes.length = 0;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(harness.changes).toEqual([]);
    harness.open = connecting(harness);
    harness.watcher.reconnectNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(harness.changes.map((change) => change.folder)).toEqual(['INBOX', 'Sent', 'Archive']);
    await harness.watcher.stop();
  });

  it('stop() closes the connection, cancels every timer, reports offline and stays quiet', async () => {
    const harness = start();
    await vi.advanceTimersByTimeAsync(0);
    const client = harness.current();
    client.change();
    client.change();
    await harness.watcher.stop();
    expect(client.usable).toBe(false);
    expect(lastState(harness)).toEqual({ accountId: 'acc-1', state: 'offline' });
    expect(vi.getTimerCount()).toBe(0);
    const seen = harness.changes.length;
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(harness.changes).toHaveLength(seen);
    expect(harness.clients).toHaveLength(1);
    // Idempotent.
    await harness.watcher.stop();
  });

  it('stop() settles while a connect hangs and while waiting to retry', async () => {
    const hanging = start({ open: () => new Promise<PushClient>(() => undefined) });
    await vi.advanceTimersByTimeAsync(10);
    await hanging.watcher.stop();
    expect(vi.getTimerCount()).toBe(0);

    const waiting = start({
      open: () => Promise.reject(Object.assign(new Error('reset'), { code: 'ECONNRESET' })),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(lastState(waiting)?.state).toBe('reconnecting');
    await waiting.watcher.stop();
    expect(lastState(waiting)?.state).toBe('offline');
    expect(vi.getTimerCount()).toBe(0);
  });
});
