import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueAction } from '../../src/renderer/db/action-queue';
import { applyBatch } from '../../src/renderer/db/apply-batch';
import type { MailDb } from '../../src/renderer/db/mail-db';
import { replayQueue } from '../../src/renderer/features/sync/replay-queue';
import { AppFailure, appError } from '../../src/shared/errors';
import type { ActionOutcome, MessageAction, MessageRef } from '../../src/shared/sync';
import { FakeApi } from './support/fake-api';
import { ACCOUNT, checkpoint, dropDb, freshDb, record } from './support/mail-data';

let db: MailDb;
beforeEach(async () => {
  db = freshDb();
  await applyBatch(db, ACCOUNT, {
    kind: 'messages',
    folder: 'INBOX',
    records: [1, 2, 3, 4, 5].map((uid) => record('INBOX', uid)),
    checkpoint: checkpoint(5),
  });
  // Archive and Trash are cached folders (they have checkpoints), so moves leave placeholders.
  for (const folder of ['Archive', 'Trash']) {
    await applyBatch(db, ACCOUNT, {
      kind: 'messages',
      folder,
      records: [],
      checkpoint: checkpoint(100),
    });
  }
});
afterEach(async () => {
  await dropDb(db);
});

const ref = (uid: number, folder = 'INBOX'): MessageRef => ({
  accountId: ACCOUNT,
  folder,
  uidValidity: 1,
  uid,
});
const seen: MessageAction = { kind: 'flags', add: ['\\Seen'], remove: [] };
const toArchive: MessageAction = { kind: 'move', toFolder: 'Archive' };

function inFolder(folder: string): Promise<number[]> {
  return db.memberships
    .filter((m) => m.folder === folder)
    .toArray()
    .then((rows) => rows.map((m) => m.uid));
}

/** A server double answering messages.apply per UID, recording the order it was asked in. */
function server(answers: Record<number, () => Promise<ActionOutcome>>): FakeApi {
  const api = new FakeApi({
    'messages.apply': (input) => {
      const answer = answers[input.ref.uid];
      return answer === undefined ? Promise.resolve({ status: 'done' }) : answer();
    },
  });
  return api;
}

function askedUids(api: FakeApi): number[] {
  return api.calls.map((call) => (call.input as { ref: MessageRef }).ref.uid);
}

describe('action queue', () => {
  it('applies an action to the cache in the same transaction that queues it', async () => {
    const id = await queueAction(db, ref(1), seen);
    expect(await db.memberships.get([ACCOUNT, 'INBOX', 1, 1])).toMatchObject({
      flags: ['\\Seen'],
      unread: 0,
    });
    expect(await db.actionQueue.get(id)).toMatchObject({
      state: 'queued',
      undo: { kind: 'flags', added: ['\\Seen'], removed: [] },
    });

    await queueAction(db, ref(2), toArchive);
    expect(await inFolder('INBOX')).toEqual([1, 3, 4, 5]);
    expect(await inFolder('Archive')).toEqual([-2]);

    await queueAction(db, ref(3), { kind: 'delete' }, { trashFolder: 'Trash' });
    expect(await inFolder('Trash')).toEqual([-3]);
  });

  it("replays in order and survives a 'gone' in the middle without losing the other actions", async () => {
    await queueAction(db, ref(1), seen);
    await queueAction(db, ref(2), toArchive);
    await queueAction(db, ref(3), toArchive);
    await queueAction(db, ref(4), { kind: 'flags', add: ['\\Flagged'], remove: [] });
    const api = server({
      2: () => Promise.resolve({ status: 'gone' }),
      3: () => Promise.resolve({ status: 'done', newUid: 101 }),
    });

    const [report] = await replayQueue(api, db);
    expect(askedUids(api)).toEqual([1, 2, 3, 4]);
    expect(report).toMatchObject({ done: 3, gone: 1, failed: 0, remaining: 0 });
    expect((await db.actionQueue.toArray()).map((a) => a.state)).toEqual([
      'done',
      'gone',
      'done',
      'done',
    ]);
    // The gone move left no placeholder and did not bring the message back to INBOX.
    expect(await inFolder('INBOX')).toEqual([1, 4, 5]);
    // The done move became a real membership with the server's new UID.
    expect(await inFolder('Archive')).toEqual([101]);
    expect(await db.memberships.get([ACCOUNT, 'INBOX', 1, 4])).toMatchObject({ flagged: 1 });
    expect(report?.touchedFolders).toEqual(expect.arrayContaining(['INBOX', 'Archive']));
  });

  it('stops on a connection failure, keeps the rest, and resumes in order later', async () => {
    await queueAction(db, ref(1), seen);
    await queueAction(db, ref(2), seen);
    await queueAction(db, ref(3), toArchive);
    let online = false;
    const api = server({
      2: () =>
        online
          ? Promise.resolve({ status: 'done' })
          : Promise.reject(new AppFailure(appError('TIMEOUT', 'The server did not answer'))),
    });

    const [first] = await replayQueue(api, db, { accountId: ACCOUNT });
    expect(askedUids(api)).toEqual([1, 2]);
    expect(first).toMatchObject({ done: 1, remaining: 2, stoppedBy: { code: 'TIMEOUT' } });
    const waiting = await db.actionQueue.toArray();
    expect(waiting.map((a) => [a.state, a.attempts])).toEqual([
      ['done', 1],
      ['queued', 1],
      ['queued', 0],
    ]);
    // Still shown as the user left it while it waits.
    expect(await db.memberships.get([ACCOUNT, 'INBOX', 1, 2])).toMatchObject({ unread: 0 });
    expect(await inFolder('Archive')).toEqual([-3]);

    online = true;
    await replayQueue(api, db, { accountId: ACCOUNT });
    expect(askedUids(api)).toEqual([1, 2, 2, 3]);
    expect((await db.actionQueue.toArray()).map((a) => a.state)).toEqual(['done', 'done', 'done']);
  });

  it('marks a refused action failed with the error, undoes it locally, and goes on', async () => {
    await queueAction(db, ref(1), seen);
    await queueAction(db, ref(2), toArchive);
    await queueAction(db, ref(3), seen);
    const refusal = appError('PROTOCOL', 'Mailbox is read-only', {
      serverResponse: 'NO [READ-ONLY]',
    });
    const api = server({
      1: () => Promise.reject(new AppFailure(refusal)),
      2: () => Promise.reject(new AppFailure(refusal)),
    });
    const [report] = await replayQueue(api, db);
    expect(report).toMatchObject({ done: 1, failed: 2 });
    const rows = await db.actionQueue.toArray();
    expect(rows.map((a) => a.state)).toEqual(['failed', 'failed', 'done']);
    expect(rows[0]?.lastError).toEqual(refusal);
    expect(await db.memberships.get([ACCOUNT, 'INBOX', 1, 1])).toMatchObject({
      flags: [],
      unread: 1,
    });
    expect(await inFolder('INBOX')).toEqual([1, 2, 3, 4, 5]);
    expect(await inFolder('Archive')).toEqual([]);
  });

  it('keeps unsent actions visible when a sync rewrites the same messages from the server', async () => {
    await queueAction(db, ref(1), seen);
    await queueAction(db, ref(2), toArchive);
    await applyBatch(db, ACCOUNT, {
      kind: 'flags',
      folder: 'INBOX',
      changes: [{ uid: 1, flags: ['$Label1'] }],
      checkpoint: checkpoint(5, { highestModseq: '9' }),
    });
    await applyBatch(db, ACCOUNT, {
      kind: 'messages',
      folder: 'INBOX',
      records: [record('INBOX', 2)],
      checkpoint: checkpoint(5),
    });
    expect(await db.memberships.get([ACCOUNT, 'INBOX', 1, 1])).toMatchObject({
      flags: ['$Label1', '\\Seen'],
    });
    expect(await inFolder('INBOX')).toEqual([1, 3, 4, 5]);
  });

  it('refuses an action on a placeholder that has no server UID yet', async () => {
    await expect(queueAction(db, ref(-2, 'Archive'), seen)).rejects.toThrow('still being moved');
  });
});
