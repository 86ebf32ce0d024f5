import { afterEach, describe, expect, it } from 'vitest';
import type { MailDb } from '../../src/renderer/db/mail-db';
import { queueAction } from '../../src/renderer/db/action-queue';
import { createSyncScheduler } from '../../src/renderer/features/sync/sync-scheduler';
import { createSyncStore } from '../../src/renderer/features/sync/syncSlice';
import { AppFailure, appError } from '../../src/shared/errors';
import type { FolderCheckpoint } from '../../src/shared/sync';
import { accountView, gate, syncSettings } from './support/accounts';
import { FakeApi, type FolderStream } from './support/fake-api';
import { checkpoint, dropDb, freshDb, record, summary } from './support/mail-data';

let db: MailDb;
afterEach(async () => {
  await dropDb(db);
});

const clock = () => new Date('2024-05-01T10:00:00Z');

/** A server that hands out the next UID of each folder on every sync, tracking overlap. */
function folderServer(hold?: Promise<void>) {
  const opened: { account: string; folder: string }[] = [];
  let running = 0;
  let maxRunning = 0;
  const stream: FolderStream = async (input, send) => {
    opened.push({ account: input.accountId, folder: input.folder });
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    try {
      if (hold !== undefined) await hold;
      const next = (input.checkpoint?.highestUidSynced ?? 0) + 1;
      const cp: FolderCheckpoint = checkpoint(next);
      await send({
        kind: 'messages',
        folder: input.folder,
        records: [
          record(input.folder, next, {
            accountId: input.accountId,
            messageKey: `${input.folder}-${next}`,
          }),
        ],
        checkpoint: cp,
      });
      return summary(input.folder, cp, { fetched: 1, stored: 1 });
    } finally {
      running -= 1;
    }
  };
  return { stream, opened, maxRunning: () => maxRunning };
}

function apiWith(stream: FolderStream, accounts = [accountView('a1')]): FakeApi {
  return new FakeApi(
    {
      'accounts.list': () => Promise.resolve(accounts),
      'sync.watch': () => Promise.resolve(),
      'sync.unwatch': () => Promise.resolve(),
      'sync.drift': (input) =>
        Promise.resolve({
          folder: input.folder,
          serverCount: 1,
          uidValidity: 1,
          missingOnServer: [],
        }),
      'messages.apply': () => Promise.resolve({ status: 'done' }),
    },
    stream,
  );
}

describe('sync scheduler', () => {
  it('syncs the selected folders of enabled accounts one at a time and starts push', async () => {
    db = freshDb();
    const server = folderServer();
    const api = apiWith(server.stream, [
      accountView('a1'),
      accountView('a2', { enabled: false }),
      accountView('a3', { sync: syncSettings(['Work']) }),
    ]);
    const store = createSyncStore();
    const scheduler = createSyncScheduler(api, db, { store, now: clock });
    await scheduler.start();
    await scheduler.idle();
    // Accounts sync side by side; inside one account, folders in order.
    expect(server.opened.filter((o) => o.account === 'a1').map((o) => o.folder)).toEqual([
      'INBOX',
      'Sent',
    ]);
    expect(server.opened.filter((o) => o.account !== 'a1')).toEqual([
      { account: 'a3', folder: 'Work' },
    ]);
    expect(api.calls.filter((c) => c.name === 'sync.watch').map((c) => c.input)).toEqual([
      { accountId: 'a1' },
      { accountId: 'a3' },
    ]);
    const a1 = store.getState().accounts.a1;
    expect(a1?.lastSyncAt).toBe(clock().toISOString());
    expect(a1?.cache?.messages).toBe(2);
    expect(a1?.recentRuns).toHaveLength(2);
    expect(a1?.drift.INBOX?.status).toBe('ok');
    expect(a1?.runningFolder).toBeUndefined();
    scheduler.stop();
  });

  it('coalesces requests that arrive during a running sync into one follow-up run', async () => {
    db = freshDb();
    const hold = gate();
    const server = folderServer(hold.promise);
    const api = apiWith(server.stream);
    const store = createSyncStore();
    const scheduler = createSyncScheduler(api, db, { store, now: clock });
    await scheduler.start();
    await Promise.resolve();
    expect(store.getState().accounts.a1?.runningFolder).toBe('INBOX');

    // While INBOX runs: IDLE twice, a poll and a Sync Now ask for INBOX again, Sent is waiting.
    api.emit('sync.folderChanged', { accountId: 'a1', folder: 'INBOX', reason: 'idle' });
    api.emit('sync.folderChanged', { accountId: 'a1', folder: 'INBOX', reason: 'idle' });
    api.emit('sync.folderChanged', { accountId: 'a1', folder: 'Sent', reason: 'poll' });
    const follow = scheduler.syncFolder('a1', 'INBOX');
    expect(store.getState().accounts.a1?.waitingFolders).toEqual(['Sent', 'INBOX']);
    api.emit('sync.progress', {
      accountId: 'a1',
      folder: 'INBOX',
      phase: 'headers',
      done: 5,
      total: 10,
      ratePerSecond: 50,
    });
    expect(store.getState().accounts.a1?.progress).toMatchObject({ done: 5, total: 10, rate: 50 });

    hold.open();
    const result = await follow;
    await scheduler.idle();
    expect(result.ok).toBe(true);
    expect(server.opened.map((o) => o.folder)).toEqual(['INBOX', 'Sent', 'INBOX']);
    expect(server.maxRunning()).toBe(1);
    expect((await db.memberships.toArray()).map((m) => m.messageKey)).toEqual([
      'INBOX-1',
      'INBOX-2',
      'Sent-1',
    ]);
    scheduler.stop();
  });

  it('replays the outbox when the connection comes back, then catches up on every folder', async () => {
    db = freshDb();
    const server = folderServer();
    const api = apiWith(server.stream);
    const store = createSyncStore();
    const scheduler = createSyncScheduler(api, db, { store, now: clock });
    await scheduler.start();
    await scheduler.idle();
    api.emit('sync.connection', { accountId: 'a1', state: 'offline' });
    const before = server.opened.length;

    const ref = { accountId: 'a1', folder: 'INBOX', uidValidity: 1, uid: 1 };
    await queueAction(db, ref, { kind: 'flags', add: ['\\Seen'], remove: [] });
    expect(api.calls.some((c) => c.name === 'messages.apply')).toBe(false);

    api.emit('sync.connection', { accountId: 'a1', state: 'connected' });
    await scheduler.idle();
    expect(api.calls.filter((c) => c.name === 'messages.apply')).toHaveLength(1);
    expect(store.getState().accounts.a1?.replay).toMatchObject({ done: 1, remaining: 0 });
    expect(
      server.opened
        .slice(before)
        .map((o) => o.folder)
        .sort(),
    ).toEqual(['INBOX', 'Sent']);
    expect(store.getState().accounts.a1?.connection).toBe('connected');
    scheduler.stop();
  });

  it('Sync Now sends the outbox first, then syncs every selected folder', async () => {
    db = freshDb();
    const server = folderServer();
    const api = apiWith(server.stream);
    const scheduler = createSyncScheduler(api, db, { store: createSyncStore(), now: clock });
    await scheduler.start();
    await scheduler.idle();
    api.emit('sync.connection', { accountId: 'a1', state: 'offline' });
    await queueAction(
      db,
      { accountId: 'a1', folder: 'INBOX', uidValidity: 1, uid: 1 },
      {
        kind: 'flags',
        add: ['\\Flagged'],
        remove: [],
      },
    );
    const order: string[] = [];
    api.handlers['messages.apply'] = () => {
      order.push('apply');
      return Promise.resolve({ status: 'done' });
    };
    const stream = api.folderStream;
    api.folderStream = (input, send) => {
      order.push(input.folder);
      return stream(input, send);
    };
    const results = await scheduler.syncNow('a1');
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(order).toEqual(['apply', 'INBOX', 'Sent']);
    scheduler.stop();
  });

  it('syncs a folder as soon as it is newly selected in the account settings', async () => {
    db = freshDb();
    const server = folderServer();
    const api = apiWith(server.stream);
    const scheduler = createSyncScheduler(api, db, { store: createSyncStore(), now: clock });
    await scheduler.start();
    await scheduler.idle();
    api.emit('accounts.changed', [
      accountView('a1', { sync: syncSettings(['INBOX', 'Sent', 'Projects']) }),
    ]);
    await scheduler.idle();
    expect(server.opened.map((o) => o.folder)).toEqual(['INBOX', 'Sent', 'Projects']);
    scheduler.stop();
  });

  it('reports a failed folder sync with its error and keeps going with the next folder', async () => {
    db = freshDb();
    const api = apiWith(async (input, send) => {
      if (input.folder === 'INBOX') {
        throw new AppFailure(appError('TIMEOUT', 'The server did not answer in time'));
      }
      const cp = checkpoint(1);
      await send({
        kind: 'messages',
        folder: input.folder,
        records: [record(input.folder, 1, { accountId: 'a1' })],
        checkpoint: cp,
      });
      return summary(input.folder, cp);
    });
    const store = createSyncStore();
    const scheduler = createSyncScheduler(api, db, { store, now: clock });
    await scheduler.start();
    await scheduler.idle();
    const a1 = store.getState().accounts.a1;
    expect(a1?.lastError).toMatchObject({
      folder: 'INBOX',
      what: 'Could not sync INBOX',
      error: { code: 'TIMEOUT' },
    });
    expect(a1?.recentRuns.map((r) => r.status).sort()).toEqual(['failed', 'success']);
    scheduler.stop();
  });
});
