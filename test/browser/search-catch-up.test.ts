import { afterEach, describe, expect, it } from 'vitest';
import { applyBatch } from '../../src/renderer/db/apply-batch';
import { storeBody } from '../../src/renderer/db/cache-queries';
import type { MailDb } from '../../src/renderer/db/mail-db';
import { catchUpSearchIndex, findIndexWork } from '../../src/renderer/db/search-indexer';
import { ACCOUNT, checkpoint, dropDb, freshDb, record } from './support/mail-data';

let db: MailDb;
afterEach(async () => {
  await dropDb(db);
});

/** More messages than two pages of the catch-up's key reads. */
const TOTAL = 8_300;
const BATCH = 1000;

function keyOf(uid: number): [string, string] {
  return [ACCOUNT, `<m${uid}@example.test>`];
}

describe('search catch-up', () => {
  it('finds what to index and drop across its pages of keys', async () => {
    db = freshDb();
    for (let from = 1; from <= TOTAL; from += BATCH) {
      const to = Math.min(TOTAL, from + BATCH - 1);
      await applyBatch(db, ACCOUNT, {
        kind: 'messages',
        folder: 'INBOX',
        records: Array.from({ length: to - from + 1 }, (_, i) => record('INBOX', from + i)),
        checkpoint: checkpoint(to),
      });
    }
    expect((await catchUpSearchIndex(db)).index).toHaveLength(TOTAL);
    expect(await findIndexWork(db)).toEqual({ index: [], remove: [] });

    // Keys sort as strings: <m1>, <m10>, <m100>, ...; these fall on and around page ends.
    const keys = await db.messages.toCollection().primaryKeys();
    const around = [0, 3999, 4000, 4001, 7999, 8000, TOTAL - 1].map((i) => keys[i]);
    const gone = around.slice(0, 4).flatMap((key) => (key === undefined ? [] : [key]));
    const unindexed = around.slice(4).flatMap((key) => (key === undefined ? [] : [key]));
    await db.messages.bulkDelete(gone);
    await db.searchDocs.where('[accountId+messageKey]').anyOf(unindexed).delete();
    await storeBody(db, ACCOUNT, keyOf(4242)[1], { text: 'A body.', attachments: [] });

    const work = await findIndexWork(db);
    expect(work.remove).toEqual(gone);
    expect(work.index).toEqual([...unindexed, keyOf(4242)]);
  });
});
