import Dexie, { type IntervalTree, type IntervalTreeNode, type ObservabilitySet } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { applyBatch } from '../../src/renderer/db/apply-batch';
import { listFolderPage, membershipsOf } from '../../src/renderer/db/cache-queries';
import type { MailDb } from '../../src/renderer/db/mail-db';
import { AppFailure } from '../../src/shared/errors';
import type { SyncBatch } from '../../src/shared/sync';
import { ACCOUNT, checkpoint, dropDb, freshDb, record, snapshot } from './support/mail-data';

let db: MailDb;
afterEach(async () => {
  await dropDb(db);
});

function messages(folder: string, uids: number[], highest = Math.max(...uids)): SyncBatch {
  return {
    kind: 'messages',
    folder,
    records: uids.map((uid) => record(folder, uid)),
    checkpoint: checkpoint(highest),
  };
}

describe('applyBatch', () => {
  it('reports the keys it wrote, not the whole table, to change listeners', async () => {
    db = freshDb();
    await applyBatch(db, ACCOUNT, messages('INBOX', [1, 2, 3]));
    const changed: ObservabilitySet[] = [];
    const listener = (parts: ObservabilitySet): void => {
      changed.push(parts);
    };
    Dexie.on('storagemutated', listener);
    try {
      const uids = Array.from({ length: 120 }, (_, index) => index + 10);
      await applyBatch(db, ACCOUNT, messages('INBOX', uids));
    } finally {
      Dexie.on.storagemutated.unsubscribe(listener);
    }
    const nodes = (tree: IntervalTree | null | undefined): IntervalTreeNode[] =>
      tree === null || tree === undefined || !('from' in tree)
        ? []
        : [...nodes(tree.l), tree, ...nodes(tree.r)];
    const ranges = changed.flatMap((parts) => nodes(parts[`idb://${db.name}/messages/`]));
    // One node per written key: a range would make listeners reread the whole table.
    expect(ranges.length).toBe(120);
    expect(ranges.every((node) => indexedDB.cmp(node.from, node.to) === 0)).toBe(true);
  });

  it('stores messages, memberships and the checkpoint; a replay changes nothing', async () => {
    db = freshDb();
    const batch: SyncBatch = {
      kind: 'messages',
      folder: 'INBOX',
      records: [
        record('INBOX', 1, {
          flags: ['\\Seen'],
          body: { text: 'Hello there, first words', attachments: [] },
        }),
        record('INBOX', 2),
        record('INBOX', 3, { flags: ['\\Flagged'] }),
      ],
      checkpoint: checkpoint(3),
    };
    await applyBatch(db, ACCOUNT, batch);
    const first = await snapshot(db);
    expect(first.messages).toHaveLength(3);
    expect(first.memberships).toHaveLength(3);
    expect(first.bodies).toHaveLength(1);
    expect(await db.checkpoints.get([ACCOUNT, 'INBOX'])).toMatchObject({
      checkpoint: checkpoint(3),
    });

    await applyBatch(db, ACCOUNT, batch);
    await applyBatch(db, ACCOUNT, batch);
    expect(await snapshot(db)).toEqual(first);

    const page = await listFolderPage(db, ACCOUNT, 'INBOX', 0, 10);
    expect(page.map((row) => row.membership.uid)).toEqual([3, 2, 1]);
    expect(page.map((row) => [row.membership.unread, row.membership.flagged])).toEqual([
      [1, 1],
      [1, 0],
      [0, 0],
    ]);
    expect(page[2]?.message).toMatchObject({ hasBody: true, snippet: 'Hello there, first words' });
  });

  it('keeps one message with two memberships when it is in two folders, flags per folder', async () => {
    db = freshDb();
    const shared = { messageKey: 'gm-42', messageId: '<42@example.test>' };
    await applyBatch(db, ACCOUNT, {
      kind: 'messages',
      folder: 'INBOX',
      records: [
        record('INBOX', 7, { ...shared, flags: ['\\Seen'], body: { text: 'b', attachments: [] } }),
      ],
      checkpoint: checkpoint(7),
    });
    await applyBatch(db, ACCOUNT, {
      kind: 'messages',
      folder: 'Label',
      records: [record('Label', 90, { ...shared, flags: [] })],
      checkpoint: checkpoint(90),
    });
    expect(await db.messages.count()).toBe(1);
    const memberships = await membershipsOf(db, ACCOUNT, 'gm-42');
    expect(memberships.map((m) => [m.folder, m.uid, m.flags])).toEqual([
      ['INBOX', 7, ['\\Seen']],
      ['Label', 90, []],
    ]);
    // Synced header-only from the second folder, the body from the first is not forgotten.
    expect(await db.messages.get([ACCOUNT, 'gm-42'])).toMatchObject({ hasBody: true });

    // Gone from one folder: the message stays for the other.
    await applyBatch(db, ACCOUNT, {
      kind: 'vanished',
      folder: 'INBOX',
      uids: [7],
      checkpoint: checkpoint(7),
    });
    expect(await db.messages.count()).toBe(1);
    expect(await db.bodies.count()).toBe(1);
    // Gone from the last folder: message and body go too.
    await applyBatch(db, ACCOUNT, {
      kind: 'vanished',
      folder: 'Label',
      uids: [90],
      checkpoint: checkpoint(90),
    });
    expect(await db.messages.count()).toBe(0);
    expect(await db.bodies.count()).toBe(0);
    expect(await db.memberships.count()).toBe(0);
  });

  it('applies vanished UIDs and a replay of it is harmless', async () => {
    db = freshDb();
    await applyBatch(db, ACCOUNT, messages('INBOX', [1, 2, 3, 4]));
    const vanished: SyncBatch = {
      kind: 'vanished',
      folder: 'INBOX',
      uids: [2, 4, 99],
      checkpoint: checkpoint(4, { highestModseq: '17' }),
    };
    const effect = await applyBatch(db, ACCOUNT, vanished);
    expect(effect.removed).toBe(2);
    const after = await snapshot(db);
    await applyBatch(db, ACCOUNT, vanished);
    expect(await snapshot(db)).toEqual(after);
    expect((await db.memberships.toArray()).map((m) => m.uid)).toEqual([1, 3]);
    expect(await db.messages.count()).toBe(2);
    expect((await db.checkpoints.get([ACCOUNT, 'INBOX']))?.checkpoint.highestModseq).toBe('17');
  });

  it("drops what a 'present' UID list no longer has, only inside its range", async () => {
    db = freshDb();
    await applyBatch(db, ACCOUNT, messages('INBOX', [1, 2, 3, 10, 11, 20]));
    await applyBatch(db, ACCOUNT, {
      kind: 'present',
      folder: 'INBOX',
      fromUid: 1,
      toUid: 11,
      uids: [1, 3, 11],
      checkpoint: checkpoint(20),
    });
    expect((await db.memberships.toArray()).map((m) => m.uid)).toEqual([1, 3, 11, 20]);
  });

  it('updates flags per membership and the unread index follows', async () => {
    db = freshDb();
    await applyBatch(db, ACCOUNT, messages('INBOX', [1, 2]));
    await applyBatch(db, ACCOUNT, {
      kind: 'flags',
      folder: 'INBOX',
      changes: [
        { uid: 1, flags: ['\\Seen', '\\Flagged'] },
        { uid: 5, flags: ['\\Seen'] },
      ],
      checkpoint: checkpoint(2, { highestModseq: '30' }),
    });
    expect(await db.memberships.get([ACCOUNT, 'INBOX', 1, 1])).toMatchObject({
      flags: ['\\Seen', '\\Flagged'],
      unread: 0,
      flagged: 1,
    });
    expect(
      await db.memberships.where('[accountId+folder+unread]').equals([ACCOUNT, 'INBOX', 1]).count(),
    ).toBe(1);
  });

  it('reset drops the folder (and messages only it held), keeps other folders', async () => {
    db = freshDb();
    await applyBatch(db, ACCOUNT, messages('INBOX', [1, 2, 3]));
    await applyBatch(db, ACCOUNT, {
      kind: 'messages',
      folder: 'Sent',
      records: [record('Sent', 5, { messageKey: '<m1@example.test>' })],
      checkpoint: checkpoint(5),
    });
    await applyBatch(db, ACCOUNT, {
      kind: 'reset',
      folder: 'INBOX',
      checkpoint: checkpoint(0, { uidValidity: 2, lowestUidSynced: 0, initialComplete: false }),
    });
    expect(await db.memberships.count()).toBe(1);
    expect((await db.messages.toArray()).map((m) => m.messageKey)).toEqual(['<m1@example.test>']);
    expect((await db.checkpoints.get([ACCOUNT, 'INBOX']))?.checkpoint.uidValidity).toBe(2);
  });

  it('treats a new UIDVALIDITY without a reset as one: no ghosts of the old UIDs', async () => {
    db = freshDb();
    await applyBatch(db, ACCOUNT, messages('INBOX', [1, 2, 3]));
    await applyBatch(db, ACCOUNT, {
      kind: 'messages',
      folder: 'INBOX',
      records: [record('INBOX', 1, { uidValidity: 9, messageKey: 'new-1' })],
      checkpoint: checkpoint(1, { uidValidity: 9 }),
    });
    expect((await db.memberships.toArray()).map((m) => [m.uidValidity, m.uid])).toEqual([[9, 1]]);
    expect((await db.messages.toArray()).map((m) => m.messageKey)).toEqual(['new-1']);
  });

  it('is atomic: a batch that fails mid-way leaves no rows and no advanced checkpoint', async () => {
    db = freshDb();
    await applyBatch(db, ACCOUNT, messages('INBOX', [1, 2]));
    const before = await snapshot(db);
    const records = [3, 4, 5, 6].map((uid) => record('INBOX', uid));
    // NaN is not a valid IndexedDB key: the membership write of this record fails after the
    // message rows of the batch were already written inside the transaction.
    records.splice(2, 0, record('INBOX', Number.NaN));
    const failure = await applyBatch(db, ACCOUNT, {
      kind: 'messages',
      folder: 'INBOX',
      records,
      checkpoint: checkpoint(6),
    }).catch((thrown: unknown) => thrown);
    expect(failure).toBeInstanceOf(AppFailure);
    expect((failure as AppFailure).error.message).toContain('5 messages of INBOX');
    expect(await snapshot(db)).toEqual(before);
  });
});
