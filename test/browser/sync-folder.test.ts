import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { storageError } from '../../src/renderer/db/storage-errors';
import type { MailDb } from '../../src/renderer/db/mail-db';
import { recentRuns } from '../../src/renderer/db/sync-runs';
import { syncFolderNow } from '../../src/renderer/features/sync/sync-folder';
import { AppFailure, appError } from '../../src/shared/errors';
import type { SyncBatch } from '../../src/shared/sync';
import { FakeApi } from './support/fake-api';
import { ACCOUNT, checkpoint, dropDb, freshDb, record, summary } from './support/mail-data';

let db: MailDb;
afterEach(async () => {
  await dropDb(db);
});

const clock = () => new Date('2024-05-01T10:00:00Z');

function batchOf(uids: number[]): Extract<SyncBatch, { kind: 'messages' }> {
  return {
    kind: 'messages',
    folder: 'INBOX',
    records: uids.map((uid) => record('INBOX', uid)),
    checkpoint: checkpoint(Math.max(...uids)),
  };
}

describe('syncFolderNow', () => {
  it('streams from the stored checkpoint, stores each batch and records a successful run', async () => {
    db = freshDb();
    const api = new FakeApi({}, async (input, send) => {
      const from = input.checkpoint?.highestUidSynced ?? 0;
      await send(batchOf([from + 1, from + 2]));
      await send(batchOf([from + 3]));
      return summary('INBOX', checkpoint(from + 3), { fetched: 3, stored: 3 });
    });
    await syncFolderNow(api, db, ACCOUNT, 'INBOX', { now: clock });
    expect(api.streamsOpened[0]).toEqual({ accountId: ACCOUNT, folder: 'INBOX', checkpoint: null });
    await syncFolderNow(api, db, ACCOUNT, 'INBOX', { now: clock });
    expect(api.streamsOpened[1]?.checkpoint).toEqual(checkpoint(3));
    expect(await db.memberships.count()).toBe(6);

    const runs = await recentRuns(db, ACCOUNT);
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({
      direction: 'download',
      status: 'success',
      folders: ['INBOX'],
      counts: { batches: 2, fetched: 3, stored: 3 },
      errors: [],
    });
  });

  it('records a partial run when messages were excluded or unreadable, and counts exclusions', async () => {
    db = freshDb();
    const unreadable = { ...appError('PROTOCOL', 'Message 9 could not be parsed'), uid: 9 };
    const api = new FakeApi({}, async (_input, send) => {
      await send(batchOf([1]));
      return summary('INBOX', checkpoint(9), { excluded: 2, errors: [unreadable] });
    });
    await syncFolderNow(api, db, ACCOUNT, 'INBOX', { now: clock });
    const [run] = await recentRuns(db, ACCOUNT);
    expect(run).toMatchObject({ status: 'partial', counts: { excluded: 2 }, errors: [unreadable] });
    expect((await db.checkpoints.get([ACCOUNT, 'INBOX']))?.excludedTally).toBe(2);
  });

  it('does not acknowledge a batch it could not store; the next sync resumes from the old checkpoint', async () => {
    db = freshDb();
    let attempt = 0;
    const api = new FakeApi({}, async (input, send) => {
      attempt += 1;
      const from = input.checkpoint?.highestUidSynced ?? 0;
      await send(batchOf([from + 1, from + 2]));
      // The second attempt's batch is well-formed; the first one carries an invalid key.
      const bad = attempt === 1 ? [record('INBOX', Number.NaN)] : [];
      await send({ ...batchOf([from + 3]), records: [record('INBOX', from + 3), ...bad] });
      return summary('INBOX', checkpoint(from + 3));
    });

    const failure = await syncFolderNow(api, db, ACCOUNT, 'INBOX', { now: clock }).catch(
      (thrown: unknown) => thrown,
    );
    expect(failure).toBeInstanceOf(AppFailure);
    expect(api.acked).toHaveLength(1);
    expect((await db.checkpoints.get([ACCOUNT, 'INBOX']))?.checkpoint).toEqual(checkpoint(2));
    const [failed] = await recentRuns(db, ACCOUNT);
    expect(failed).toMatchObject({ status: 'failed', counts: { batches: 1, stored: 2 } });
    expect(failed?.errors[0]?.message).toContain('could not save');

    await syncFolderNow(api, db, ACCOUNT, 'INBOX', { now: clock });
    expect(api.streamsOpened[1]?.checkpoint).toEqual(checkpoint(2));
    expect((await db.memberships.toArray()).map((m) => m.uid)).toEqual([1, 2, 3, 4, 5]);
  });

  it('records a failed run with the server error', async () => {
    db = freshDb();
    const offline = appError('CONNECTION_REFUSED', 'imap.example.test refused the connection');
    const api = new FakeApi({}, () => Promise.reject(new AppFailure(offline)));
    await expect(syncFolderNow(api, db, ACCOUNT, 'INBOX', { now: clock })).rejects.toThrow(
      'refused',
    );
    const [run] = await recentRuns(db, ACCOUNT);
    expect(run).toMatchObject({ status: 'failed', errors: [offline] });
  });
});

describe('storageError', () => {
  it('tells the user the disk is full, through Dexie wrappers, and what to do', () => {
    const quota = new DOMException('Quota exceeded', 'QuotaExceededError');
    const wrapped = new Dexie.AbortError('Transaction aborted', quota);
    for (const thrown of [quota, wrapped]) {
      const error = storageError(thrown, '500 messages of INBOX');
      expect(error.code).toBe('DISK_FULL');
      expect(error.message).toContain('500 messages of INBOX');
      expect(error.hint).toMatch(/Free some disk space/);
    }
  });
});
