/**
 * The sync calls and the 'sync.folder' stream through the real handlers and the in-memory
 * transport (serialised like the WebSocket bridge): batches arrive with acknowledgements and
 * never more than the window unacknowledged; folders, drift, bodies on demand, actions and push
 * reach the server; a disabled account is refused with a reason.
 */
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createAccountService } from '../../../src/main/core/accounts/account-service';
import { createConfSettingsStore } from '../../../src/main/core/adapters/conf-settings-store';
import { createNodeDnsResolver } from '../../../src/main/core/adapters/node-dns-resolver';
import { createHandlers } from '../../../src/main/core/app/create-handlers';
import type { CoreDeps } from '../../../src/main/core/ports';
import { createSyncService, type SyncService } from '../../../src/main/core/sync/sync-service';
import { contract, type AppContract } from '../../../src/shared/contract';
import { AppFailure } from '../../../src/shared/errors';
import {
  createMemoryTransport,
  type MemoryTransport,
} from '../../../src/shared/ipc/memory-transport';
import type { SyncBatch, SyncProgress } from '../../../src/shared/sync';
import { addRigUser } from '../../servers/rig-users';
import { rigDraft } from '../accounts/core-deps';
import { MemorySecretStore } from '../contract/memory-secret-store';
import { appendAll, createTestCache, quietLogger, rawMail, rigClient } from './helpers';

const rig = inject('rig');
const ackWindow = contract.streams['sync.folder'].window;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Handlers over real services on the memory transport; counts unacknowledged stream items. */
async function app(): Promise<{
  transport: MemoryTransport<AppContract>;
  sync: () => SyncService;
  maxInFlight: () => number;
  inFlight: () => number;
}> {
  const settingsDir = await mkdtemp(join(rig.tempDir, 'sync-settings-'));
  let service: SyncService | undefined;
  let inFlight = 0;
  let maxInFlight = 0;
  const transport = createMemoryTransport(
    contract,
    (events) => {
      const deps: CoreDeps = {
        secrets: new MemorySecretStore(),
        settings: createConfSettingsStore({ cwd: settingsDir }),
        dns: createNodeDnsResolver([rig.dnsServer]),
        clock: { now: () => Date.now() },
        logger: quietLogger,
        events,
        browser: { open: () => Promise.resolve() },
        extraCaPem: [rig.certificate.pem],
        connectTimeoutMs: 10_000,
        downloadsDir: join(settingsDir, 'downloads'),
        appVersion: '0.0.0-test',
        runtime: 'web',
      };
      const accounts = createAccountService(deps);
      service = createSyncService(deps, accounts, { batchSize: 20 });
      return createHandlers(deps, { accounts, sync: service });
    },
    {
      tap(direction, message) {
        const kind = (message as { kind?: string }).kind;
        if (direction === 'to-client' && kind === 'stream-item') inFlight += 1;
        if (direction === 'to-server' && kind === 'stream-ack') inFlight -= 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
      },
    },
  );
  cleanups.push(async () => {
    transport.close();
    await service?.close();
  });
  return {
    transport,
    sync: () => {
      if (service === undefined) throw new Error('no service');
      return service;
    },
    maxInFlight: () => maxInFlight,
    inFlight: () => inFlight,
  };
}

async function rejection(promise: Promise<unknown>): Promise<AppFailure> {
  try {
    await promise;
  } catch (thrown) {
    if (thrown instanceof AppFailure) return thrown;
    throw thrown;
  }
  throw new Error('expected a rejection');
}

describe('the sync contract', () => {
  it('streams a folder with acknowledgements and serves folders, bodies, drift and actions', async () => {
    const user = await addRigUser(rig);
    const admin = await rigClient(rig, user);
    cleanups.push(() => admin.logout());
    await admin.mailboxCreate('Calendar');
    const old = new Date(Date.now() - 400 * 24 * 60 * 60 * 1000);
    const uids = await appendAll(
      admin,
      'INBOX',
      Array.from({ length: 90 }, (_, index) =>
        rawMail(
          { subject: `Streamed ${index}`, date: old, messageId: `<s${index}@example.test>` },
          index,
        ),
      ),
    );
    const { transport, maxInFlight, inFlight } = await app();
    const { client } = transport;
    const account = await client.call('accounts.create', {
      draft: rigDraft(rig, user),
      credentials: { password: user.password },
    });

    const folders = await client.call('sync.folders', { accountId: account.id });
    expect(folders.filter((folder) => folder.selected).map((folder) => folder.path)).toEqual([
      'INBOX',
      'Sent',
    ]);
    const refused = await rejection(
      client.call('sync.selectFolders', { accountId: account.id, folders: ['INBOX', 'Calendar'] }),
    );
    expect(refused.error.code).toBe('INVALID_INPUT');
    expect(refused.error.message).toContain('"Calendar"');
    const chosen = await client.call('sync.selectFolders', {
      accountId: account.id,
      folders: ['INBOX', 'Archive'],
    });
    expect(chosen.filter((folder) => folder.selected).map((folder) => folder.path)).toEqual([
      'INBOX',
      'Archive',
    ]);
    const [stored] = await client.call('accounts.list', {});
    expect(stored?.sync?.folders).toEqual(['INBOX', 'Archive']);

    const progress: SyncProgress[] = [];
    const stop = client.on('sync.progress', (event) => progress.push(event));
    const cache = createTestCache();
    const summary = await client.stream(
      'sync.folder',
      { accountId: account.id, folder: 'INBOX', checkpoint: null },
      async (batch: SyncBatch) => {
        if (cache.batches.length === 0) {
          // A receiver stuck on its first write: the sender goes on up to the window, then waits
          // instead of piling batches up (checked for a while after the window is full).
          const deadline = Date.now() + 10_000;
          while (inFlight() < ackWindow && Date.now() < deadline) await sleep(10);
          await sleep(300);
        }
        await cache.apply(batch);
      },
    );
    stop();
    expect(summary).toMatchObject({ mode: 'initial', stored: 90, bodiesFetched: 0 });
    expect(cache.batches.length).toBe(5);
    expect(maxInFlight()).toBe(ackWindow);
    expect(cache.folder('INBOX').size).toBe(90);
    expect(progress.at(-1)).toMatchObject({ folder: 'INBOX', done: 90, total: 90 });

    const uid = uids[5] ?? 0;
    const ref = {
      accountId: account.id,
      folder: 'INBOX',
      uidValidity: summary.checkpoint.uidValidity,
      uid,
    };
    const body = await client.call('messages.body', ref);
    expect(body.text).toContain('Body of message 5.');

    const drift = await client.call('sync.drift', {
      accountId: account.id,
      folder: 'INBOX',
      sampleMessageIds: ['<s1@example.test>', '<s7@example.test>', '<gone@example.test>'],
    });
    expect(drift).toMatchObject({
      serverCount: 90,
      uidValidity: summary.checkpoint.uidValidity,
      missingOnServer: ['<gone@example.test>'],
    });

    const outcome = await client.call('messages.apply', {
      ref,
      action: { kind: 'flags', add: ['\\Flagged'], remove: [] },
    });
    expect(outcome.status).toBe('done');
    const again = createTestCache();
    for (const batch of cache.batches) await again.apply(batch);
    await client.stream(
      'sync.folder',
      { accountId: account.id, folder: 'INBOX', checkpoint: summary.checkpoint },
      (batch) => again.apply(batch),
    );
    expect(again.folder('INBOX').get(uid)?.flags).toContain('\\Flagged');
  });

  it('announces new mail through push, and refuses a disabled account with a reason', async () => {
    const user = await addRigUser(rig);
    const admin = await rigClient(rig, user);
    cleanups.push(() => admin.logout());
    const { transport } = await app();
    const { client } = transport;
    const account = await client.call('accounts.create', {
      draft: rigDraft(rig, user),
      credentials: { password: user.password },
    });
    const changed = new Promise<{ folder: string; reason: string }>((resolve) => {
      client.on('sync.folderChanged', (event) => {
        if (event.reason === 'idle' && event.folder === 'INBOX') resolve(event);
      });
    });
    const connected = new Promise<void>((resolve) => {
      client.on('sync.connection', (state) => {
        if (state.state === 'connected') resolve();
      });
    });
    await client.call('sync.watch', { accountId: account.id });
    await connected;
    // The watcher announces the inbox once on connecting; wait for that before new mail.
    await changed;
    const arrived = new Promise<void>((resolve) => {
      client.on('sync.folderChanged', (event) => {
        if (event.folder === 'INBOX') resolve();
      });
    });
    await appendAll(admin, 'INBOX', [rawMail({ subject: 'Pushed' }, 1)]);
    await arrived;
    await client.call('sync.unwatch', { accountId: account.id });

    await client.call('accounts.setEnabled', { id: account.id, enabled: false });
    const refused = await rejection(
      client.stream(
        'sync.folder',
        { accountId: account.id, folder: 'INBOX', checkpoint: null },
        () => Promise.resolve(),
      ),
    );
    expect(refused.error.code).toBe('INVALID_INPUT');
    expect(refused.error.message).toMatch(/disabled/);
  });
  it('starts push for an account whose server is down, and reports it as reconnecting', async () => {
    const user = await addRigUser(rig);
    const { transport } = await app();
    const { client } = transport;
    // Nothing listens on closedPort: the folder list cannot be read, yet push must start.
    const draft = rigDraft(rig, user);
    const account = await client.call('accounts.create', {
      draft: { ...draft, imap: { ...draft.imap, port: rig.closedPort } },
      credentials: { password: user.password },
    });
    const reconnecting = new Promise<string | undefined>((resolve) => {
      client.on('sync.connection', (state) => {
        if (state.accountId === account.id && state.state === 'reconnecting') {
          resolve(state.error?.code);
        }
      });
    });
    await client.call('sync.watch', { accountId: account.id });
    expect(await reconnecting).toBe('CONNECTION_REFUSED');
    await client.call('sync.unwatch', { accountId: account.id });
  });
});
