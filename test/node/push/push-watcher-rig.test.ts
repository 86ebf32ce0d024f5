/**
 * The push watcher against the rig's Dovecot, in real time (seconds), through a loopback TCP
 * proxy that can cut the connection or go silent: IDLE latency, a burst of deliveries, a cut
 * mid-IDLE, a silent connection, a wrong password, and stop() leaving nothing open.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { ErrorContext } from '../../../src/main/core/connection/classify-error';
import {
  startPushWatcher,
  type PushTuning,
  type PushWatcher,
} from '../../../src/main/core/imap/push-watcher';
import type { Security } from '../../../src/shared/account';
import type { SyncConnectionState } from '../../../src/shared/contract';
import { deliver } from '../../servers/deliver';
import { addRigUser } from '../../servers/rig-users';
import type { RigUser } from '../../servers/rig-info';
import { startTcpProxy, type TcpProxy } from '../../servers/tcp-proxy';
import {
  connectClient,
  quietLogger,
  rawMessage,
  rigImapOptions,
  sendThroughSmtp,
  waitFor,
} from './helpers';

const rig = inject('rig');

/** Fast retries: the tests wait seconds, not minutes. */
const FAST: Partial<PushTuning> = {
  reconnectPolicy: { baseMs: 200, factor: 2, capMs: 1_000, floorMs: 0 },
  coalesceMs: 300,
};

interface Watched {
  readonly watcher: PushWatcher;
  readonly states: SyncConnectionState[];
  readonly changes: { folder: string; reason: 'idle' | 'poll'; at: number }[];
  readonly connected: () => boolean;
  readonly inboxChanges: () => number;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function proxyTo(security: Security = 'tls'): Promise<TcpProxy> {
  const port = security === 'tls' ? rig.imap.tlsPort : rig.imap.starttlsPort;
  const proxy = await startTcpProxy({ host: '127.0.0.1', port });
  cleanups.push(() => proxy.close());
  return proxy;
}

async function watch(
  user: RigUser,
  proxy: TcpProxy,
  options: { tuning?: Partial<PushTuning>; security?: Security; password?: string } = {},
): Promise<Watched> {
  const security = options.security ?? 'tls';
  const imapOptions = await rigImapOptions(rig, user, {
    port: proxy.port,
    security,
    ...(options.password !== undefined ? { password: options.password } : {}),
  });
  const errorContext: ErrorContext = {
    protocol: 'imap',
    host: rig.hostname,
    port: proxy.port,
    security,
    provider: 'custom',
  };
  const states: SyncConnectionState[] = [];
  const changes: Watched['changes'] = [];
  const watcher = startPushWatcher({
    accountId: user.login,
    openClient: () => connectClient(imapOptions),
    inbox: 'INBOX',
    pollFolders: () => ['Sent'],
    // An hour: anything announced during a test came from IDLE, not from polling.
    pollIntervalMs: 60 * 60_000,
    onChange: (folder, reason) => changes.push({ folder, reason, at: performance.now() }),
    onState: (state) => states.push(state),
    logger: quietLogger(),
    errorContext,
    tuning: { ...FAST, ...options.tuning },
  });
  cleanups.push(() => watcher.stop());
  return {
    watcher,
    states,
    changes,
    connected: () => states.at(-1)?.state === 'connected',
    inboxChanges: () =>
      changes.filter((change) => change.folder === 'INBOX' && change.reason === 'idle').length,
  };
}

/** The number of messages in a user's folder, from a connection of its own. */
async function countMessages(user: RigUser, folder = 'INBOX'): Promise<number> {
  const client = await connectClient(await rigImapOptions(rig, user));
  try {
    const status = await client.status(folder, { messages: true });
    return status === false ? -1 : (status.messages ?? -1);
  } finally {
    await client.logout();
  }
}

describe('push watcher against Dovecot', () => {
  it('announces mail sent through SMTP within a few seconds by IDLE alone', async () => {
    const user = await addRigUser(rig);
    const watched = await watch(user, await proxyTo());
    await waitFor(watched.connected, 10_000, 'connected');
    watched.changes.length = 0;
    await sendThroughSmtp(rig, user, user.email, 'push latency');
    // The rig's SMTP answers 250 once Dovecot has the message (LMTP), so this is delivery time.
    const delivered = performance.now();
    await waitFor(() => watched.inboxChanges() > 0, 5_000, 'the IDLE announcement');
    const latency = (watched.changes[0]?.at ?? Infinity) - delivered;
    console.log(`push: delivery → onChange(INBOX, 'idle') in ${latency.toFixed(0)} ms`);
    expect(latency).toBeLessThan(3_000);
    expect(watched.changes.every((change) => change.reason === 'idle')).toBe(true);
  });

  it('turns a burst of 50 deliveries over two seconds into a few announcements', async () => {
    const user = await addRigUser(rig);
    // The default 1 s window, as the app runs it.
    const watched = await watch(user, await proxyTo(), { tuning: { coalesceMs: 1_000 } });
    await waitFor(watched.connected, 10_000, 'connected');
    watched.changes.length = 0;
    const started = performance.now();
    let lastDelivered = started;
    // Ten batches of five, 200 ms apart: Dovecot reports each batch with its own EXISTS.
    for (let batch = 0; batch < 10; batch += 1) {
      await deliver(
        rig,
        Array.from({ length: 5 }, (_, index) => ({
          from: 'sender@example.test',
          to: [user.email],
          raw: rawMessage(user.email, `burst ${batch}-${index}`),
        })),
      );
      lastDelivered = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const elapsed = lastDelivered - started;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const count = watched.inboxChanges();
    console.log(`push: 50 deliveries over ${elapsed.toFixed(0)} ms → ${count} announcements`);
    // At most one per 1 s window (plus the first and the last), never one per batch.
    expect(count).toBeGreaterThanOrEqual(2);
    expect(count).toBeLessThanOrEqual(Math.ceil(elapsed / 1_000) + 2);
    expect(count).toBeLessThan(10);
    // Nothing is left unannounced: the last announcement follows the last delivery.
    expect(watched.changes.at(-1)?.at ?? 0).toBeGreaterThan(lastDelivered);
    expect(await countMessages(user)).toBe(50);
  });

  it('reconnects after a cut mid-IDLE and announces mail delivered while it was down', async () => {
    const user = await addRigUser(rig);
    const proxy = await proxyTo();
    const watched = await watch(user, proxy);
    await waitFor(watched.connected, 10_000, 'connected');
    proxy.setAccepting(false);
    proxy.cut();
    await waitFor(() => watched.states.at(-1)?.state === 'reconnecting', 5_000, 'reconnecting');
    const reconnecting = watched.states.at(-1);
    expect(reconnecting?.error?.code).toBe('CONNECTION_RESET');
    expect(Date.parse(reconnecting?.retryAt ?? '')).not.toBeNaN();
    const connectionsBefore = proxy.connections();
    await deliver(rig, [
      { from: 'sender@example.test', to: [user.email], raw: rawMessage(user.email, 'while down') },
    ]);
    // At least one attempt is refused while the server is unreachable.
    await waitFor(() => proxy.connections() > connectionsBefore, 5_000, 'a refused attempt');
    watched.changes.length = 0;
    proxy.setAccepting(true);
    await waitFor(watched.connected, 10_000, 'connected again');
    await waitFor(() => watched.inboxChanges() > 0, 2_000, 'the catch-up announcement');
    expect(await countMessages(user)).toBe(1);
  });

  it('notices a silent connection within the keepalive deadline and reconnects', async () => {
    const user = await addRigUser(rig);
    const proxy = await proxyTo();
    const watched = await watch(user, proxy, {
      tuning: { keepaliveIntervalMs: 1_000, keepaliveTimeoutMs: 1_000 },
    });
    await waitFor(watched.connected, 10_000, 'connected');
    // A keepalive round trip works before the silence.
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(watched.connected()).toBe(true);
    proxy.silence();
    const silenced = performance.now();
    await waitFor(() => watched.states.at(-1)?.state === 'reconnecting', 4_000, 'detection');
    const detected = performance.now() - silenced;
    console.log(`push: silent connection detected after ${detected.toFixed(0)} ms (≤ 2000)`);
    expect(watched.states.at(-1)?.error?.code).toBe('TIMEOUT');
    expect(detected).toBeLessThan(2_500);
    await waitFor(watched.connected, 5_000, 'connected again');
    watched.changes.length = 0;
    await deliver(rig, [
      { from: 'sender@example.test', to: [user.email], raw: rawMessage(user.email, 'after') },
    ]);
    await waitFor(() => watched.inboxChanges() > 0, 5_000, 'an announcement on the new connection');
  });

  it('reports a wrong password once as auth-failed and logs in no more', async () => {
    const user = await addRigUser(rig);
    // Plaintext on loopback (Dovecot allows it there), so the proxy can read the commands.
    const proxy = await proxyTo('none');
    const watched = await watch(user, proxy, { security: 'none', password: 'wrong-password' });
    await waitFor(() => watched.states.length > 0, 10_000, 'a state');
    // Long enough for several retries on the fast schedule, had there been any.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(watched.states).toHaveLength(1);
    expect(watched.states[0]).toMatchObject({
      state: 'auth-failed',
      error: { code: 'AUTH_FAILED' },
    });
    expect(watched.states[0]?.retryAt).toBeUndefined();
    const logins = proxy
      .transcripts()
      .join('')
      .match(/^\S+ (LOGIN|AUTHENTICATE) /gm);
    expect(logins).toHaveLength(1);
    expect(proxy.connections()).toBe(1);
  });

  it('stop() settles at once, closes the connection and leaves no timer or socket behind', async () => {
    const resources = (): number =>
      process
        .getActiveResourcesInfo()
        .filter((name) => name === 'Timeout' || name.includes('TCP') || name.includes('TLS'))
        .length;
    const user = await addRigUser(rig);
    const proxy = await proxyTo();
    const before = resources();
    const watched = await watch(user, proxy, { tuning: { keepaliveIntervalMs: 500 } });
    await waitFor(watched.connected, 10_000, 'connected');
    await new Promise((resolve) => setTimeout(resolve, 700));
    const stopping = performance.now();
    await watched.watcher.stop();
    expect(performance.now() - stopping).toBeLessThan(500);
    expect(watched.states.at(-1)?.state).toBe('offline');
    await waitFor(() => proxy.openConnections() === 0, 2_000, 'the proxy to see the close');
    await waitFor(() => resources() <= before, 2_000, 'timers and sockets to go');

    // While waiting to retry, too.
    proxy.setAccepting(false);
    const retrying = await watch(user, proxy, {
      tuning: { reconnectPolicy: { baseMs: 60_000, factor: 2, capMs: 60_000, floorMs: 60_000 } },
    });
    await waitFor(() => retrying.states.at(-1)?.state === 'reconnecting', 5_000, 'retrying');
    const started = performance.now();
    await retrying.watcher.stop();
    expect(performance.now() - started).toBeLessThan(500);
    await waitFor(() => resources() <= before, 2_000, 'timers and sockets to go');
  });
});
