import { afterEach, describe, expect, it } from 'vitest';
import { applyBatch } from '../../src/renderer/db/apply-batch';
import type { MailDb } from '../../src/renderer/db/mail-db';
import type { Membership } from '../../src/renderer/db/records';
import {
  mergedAnchors,
  readMergedRows,
  readSourceRows,
  sourceAnchors,
  STRIDE,
} from '../../src/renderer/features/mailbox/list-cursor';
import type { MessageRecord } from '../../src/shared/sync';
import { ACCOUNT, checkpoint, dropDb, freshDb, record } from './support/mail-data';

let db: MailDb;
afterEach(async () => {
  await dropDb(db);
});

const T0 = Date.UTC(2024, 0, 1);
/** Rows of the folder: enough for several anchors, ending inside a stride. */
const ROWS = STRIDE * 4 + 37;

/** Five messages a minute: rows of the same date sort by UID, and anchors fall inside such runs. */
function atMinute(folder: string, uid: number): MessageRecord {
  const iso = new Date(T0 + Math.floor(uid / 5) * 60_000).toISOString();
  return record(folder, uid, { date: iso, internalDate: iso, messageKey: `<${folder}-${uid}@x>` });
}

async function store(folder: string, uids: readonly number[]): Promise<void> {
  const records = uids.map((uid) => atMinute(folder, uid));
  await applyBatch(db, ACCOUNT, {
    kind: 'messages',
    folder,
    records,
    checkpoint: checkpoint(Math.max(...uids)),
  });
}

function uids(rows: readonly Membership[]): string[] {
  return rows.map((row) => `${row.folder}:${row.uid}`);
}

/** Records where continuePrimaryKey moves from and to, while `run` runs. */
async function watchContinuePrimaryKey<T>(
  run: () => Promise<T>,
): Promise<{ result: T; moves: { from: IDBValidKey; to: IDBValidKey }[] }> {
  const original = Object.getOwnPropertyDescriptor(IDBCursor.prototype, 'continuePrimaryKey');
  const moves: { from: IDBValidKey; to: IDBValidKey }[] = [];
  const call: unknown = Reflect.get(IDBCursor.prototype, 'continuePrimaryKey');
  if (typeof call !== 'function') throw new Error('IDBCursor has no continuePrimaryKey');
  IDBCursor.prototype.continuePrimaryKey = function (
    this: IDBCursor,
    key: IDBValidKey,
    primaryKey: IDBValidKey,
  ) {
    moves.push({ from: this.key, to: key });
    Reflect.apply(call, this, [key, primaryKey]);
  };
  try {
    return { result: await run(), moves };
  } finally {
    if (original !== undefined)
      Object.defineProperty(IDBCursor.prototype, 'continuePrimaryKey', original);
  }
}

describe('list cursor', () => {
  it('reads a window at an anchor as a walk from the top does, opening the cursor at the anchor', async () => {
    db = freshDb();
    await store(
      'INBOX',
      Array.from({ length: ROWS }, (_, i) => i + 1),
    );
    await db.open();
    const idb = db.backendDB();
    const source = { accountId: ACCOUNT, folder: 'INBOX' };
    const anchors = await sourceAnchors(idb, source);
    expect(anchors).toHaveLength(Math.ceil(ROWS / STRIDE));
    for (const offset of [0, 1, STRIDE - 1, STRIDE, STRIDE + 3, 2 * STRIDE + 200, ROWS - 10]) {
      const walked = await readSourceRows(idb, source, [], offset, 20);
      const { result, moves } = await watchContinuePrimaryKey(() =>
        readSourceRows(idb, source, anchors, offset, 20),
      );
      expect(uids(result)).toEqual(uids(walked));
      expect(result[0]?.uid).toBe(ROWS - offset);
      // Chromium steps continuePrimaryKey row by row: it may only pass rows of the anchor's date.
      for (const move of moves) expect(indexedDB.cmp(move.from, move.to)).toBe(0);
    }
  });

  it('reads merged folders at an anchor as a walk from the top does', async () => {
    db = freshDb();
    await store(
      'INBOX',
      Array.from({ length: ROWS }, (_, i) => i + 1),
    );
    await store(
      'Archive',
      Array.from({ length: STRIDE * 2 }, (_, i) => 2 * i + 1),
    );
    await db.open();
    const idb = db.backendDB();
    const sources = [
      { accountId: ACCOUNT, folder: 'INBOX' },
      { accountId: ACCOUNT, folder: 'Archive' },
    ];
    const anchors = await mergedAnchors(idb, sources);
    for (const offset of [0, STRIDE - 2, STRIDE, 3 * STRIDE + 7, 5 * STRIDE + 30]) {
      const walked = await readMergedRows(idb, sources, [], offset, 25);
      const { result, moves } = await watchContinuePrimaryKey(() =>
        readMergedRows(idb, sources, anchors, offset, 25),
      );
      expect(uids(result)).toEqual(uids(walked));
      expect(result).toHaveLength(25);
      for (const move of moves) expect(indexedDB.cmp(move.from, move.to)).toBe(0);
    }
  });
});
