/**
 * Row N of a folder sorted newest first, without walking N rows each time. IndexedDB has no
 * cheap OFFSET: skipping 99,000 index entries takes about half a second in Chromium, and a
 * list that jumps there on every scroll would queue seconds of reads. So the list keeps
 * anchors: the exact cursor position (index key and primary key) of every STRIDE-th row, made
 * once by a cursor that advances STRIDE rows at a time. A window then opens a cursor at the
 * nearest anchor and skips fewer than STRIDE rows.
 *
 * The cursor is opened on a key range that ends at the anchor's key, which the database finds
 * by a seek. continuePrimaryKey alone is no shortcut: Chromium steps it through every row in
 * between (about 1.3 ms per 1,000 rows, half a second to row 97,000, measured), so it only
 * moves past the few rows that share the anchor's date.
 *
 * Several folders (the unified inbox) are merged by date; their anchors hold the position of
 * each folder's cursor at every STRIDE-th row of the merged order, made by one merge walk.
 *
 * Dexie does not expose continuePrimaryKey, so these read IndexedDB directly (read-only).
 */
import type { Membership } from '../../db/records';
import type { FolderSource } from './mailbox-view';

/** Rows between two anchors. */
export const STRIDE = 256;

/** The index the list reads: [accountId, folder, time]. */
const INDEX = '[accountId+folder+time]';
const STORE = 'memberships';

/** Where a cursor stands: its index key and its primary key. */
export interface CursorPosition {
  readonly key: IDBValidKey;
  readonly primaryKey: IDBValidKey;
}

/** Anchors of one folder: position i is row i * STRIDE. */
export type SourceAnchors = readonly CursorPosition[];

/** Anchors of merged folders: entry i holds, per folder, its cursor at merged row i * STRIDE. */
export type MergedAnchors = readonly (readonly (CursorPosition | null)[])[];

function folderRange(source: FolderSource): IDBKeyRange {
  return IDBKeyRange.bound(
    [source.accountId, source.folder, -Infinity],
    [source.accountId, source.folder, Infinity],
  );
}

function indexOf(idb: IDBDatabase): IDBIndex {
  return idb.transaction(STORE, 'readonly').objectStore(STORE).index(INDEX);
}

/** The time part of an index key. */
function timeOf(key: IDBValidKey): number {
  return Array.isArray(key) && typeof key[2] === 'number' ? key[2] : 0;
}

/** True when `target` comes after the cursor's place in a newest-first ('prev') walk. */
function isAhead(cursor: IDBCursor, target: CursorPosition): boolean {
  const byKey = indexedDB.cmp(target.key, cursor.key);
  return byKey < 0 || (byKey === 0 && indexedDB.cmp(target.primaryKey, cursor.primaryKey) < 0);
}

/** Builds one folder's anchors (about total / STRIDE cursor steps, each skipping in the database). */
export function sourceAnchors(idb: IDBDatabase, source: FolderSource): Promise<SourceAnchors> {
  return new Promise((resolve, reject) => {
    const request = indexOf(idb).openKeyCursor(folderRange(source), 'prev');
    const anchors: CursorPosition[] = [];
    request.onerror = () => reject(request.error ?? new Error('The list index could not be read'));
    request.onsuccess = () => {
      const cursor = request.result;
      if (cursor === null) {
        resolve(anchors);
        return;
      }
      anchors.push({ key: cursor.key, primaryKey: cursor.primaryKey });
      cursor.advance(STRIDE);
    };
  });
}

/** The rows of `source` at and below the index key `key` (older, in a newest-first walk). */
function rangeFrom(source: FolderSource, key: IDBValidKey): IDBKeyRange {
  return IDBKeyRange.bound([source.accountId, source.folder, -Infinity], key);
}

/**
 * Opens a newest-first value cursor on `source` at `start` (or at its newest row), and hands
 * each position to `step`, which moves the cursor on or returns false to stop.
 */
function walk(
  index: IDBIndex,
  source: FolderSource,
  start: CursorPosition | null | undefined,
  step: (cursor: IDBCursorWithValue | null) => void,
  fail: (error: unknown) => void,
): void {
  const range = start ? rangeFrom(source, start.key) : folderRange(source);
  const request = index.openCursor(range, 'prev');
  let positioned = start === undefined || start === null;
  request.onerror = () => fail(request.error ?? new Error('The list could not be read'));
  request.onsuccess = () => {
    const cursor = request.result;
    if (!positioned && cursor !== null && start) {
      positioned = true;
      // The range starts at the anchor's date; rows of the same date sort by primary key, and
      // those before the anchor's are passed here (a few at most). An anchor whose row is
      // gone is simply not moved to.
      if (isAhead(cursor, start)) {
        cursor.continuePrimaryKey(start.key, start.primaryKey);
        return;
      }
    }
    positioned = true;
    step(cursor);
  };
}

/** Rows [offset, offset + limit) of one folder. */
export function readSourceRows(
  idb: IDBDatabase,
  source: FolderSource,
  anchors: SourceAnchors,
  offset: number,
  limit: number,
): Promise<Membership[]> {
  return new Promise((resolve, reject) => {
    const at = Math.min(Math.floor(offset / STRIDE), anchors.length - 1);
    const anchor = at > 0 ? anchors[at] : undefined;
    let skip = anchor === undefined ? offset : offset - at * STRIDE;
    const rows: Membership[] = [];
    walk(
      indexOf(idb),
      source,
      anchor,
      (cursor) => {
        if (cursor === null) return resolve(rows);
        if (skip > 0) {
          cursor.advance(skip);
          skip = 0;
          return;
        }
        rows.push(cursor.value as Membership);
        if (rows.length >= limit) resolve(rows);
        else cursor.continue();
      },
      reject,
    );
  });
}

/** One folder's cursor in a merge. */
interface Head {
  readonly cursor: IDBCursor;
  readonly time: number;
}

/**
 * The merge of several folders' newest-first cursors: the next row is the newest head; equal
 * times go in folder order. Calls `visit` with the chosen folder and its cursor at every row;
 * `visit` returns false to stop. `open(i, onStep)` opens folder i's cursor.
 */
function merge<C extends IDBCursor>(
  count: number,
  open: (i: number, onStep: (cursor: C | null) => void) => void,
  visit: (i: number, cursor: C, heads: readonly (C | null)[]) => boolean,
  done: () => void,
): void {
  const heads: (C | null | undefined)[] = Array.from({ length: count }, () => undefined);
  let waiting = count;
  const next = () => {
    let best = -1;
    let bestHead: Head | undefined;
    for (let i = 0; i < count; i += 1) {
      const head = heads[i];
      if (head === undefined) return; // still moving: its answer calls next() again
      if (head === null) continue;
      const time = timeOf(head.key);
      if (bestHead === undefined || time > bestHead.time) {
        best = i;
        bestHead = { cursor: head, time };
      }
    }
    const chosen = heads[best];
    if (best === -1 || chosen === undefined || chosen === null) {
      done();
      return;
    }
    if (
      !visit(
        best,
        chosen,
        heads.map((head) => head ?? null),
      )
    )
      return;
    heads[best] = undefined;
    chosen.continue();
  };
  for (let i = 0; i < count; i += 1) {
    open(i, (cursor) => {
      heads[i] = cursor;
      if (waiting > 0) {
        waiting -= 1;
        if (waiting > 0) return;
      }
      next();
    });
  }
}

/**
 * Builds merged anchors for `sources` by walking all their rows once: one short database
 * callback per row, so nothing long runs on the main thread, but it takes a while at 100,000
 * rows; the list asks for it only when a row below the first STRIDE is wanted.
 */
export function mergedAnchors(
  idb: IDBDatabase,
  sources: readonly FolderSource[],
): Promise<MergedAnchors> {
  return new Promise((resolve, reject) => {
    const index = indexOf(idb);
    const anchors: (CursorPosition | null)[][] = [];
    let row = 0;
    merge<IDBCursor>(
      sources.length,
      (i, onStep) => {
        const source = sources[i];
        if (source === undefined) return;
        const request = index.openKeyCursor(folderRange(source), 'prev');
        request.onerror = () => reject(request.error ?? new Error('The list could not be read'));
        request.onsuccess = () => onStep(request.result);
      },
      (_i, _cursor, heads) => {
        if (row % STRIDE === 0) {
          anchors.push(
            heads.map((h) => (h === null ? null : { key: h.key, primaryKey: h.primaryKey })),
          );
        }
        row += 1;
        return true;
      },
      () => resolve(anchors),
    );
  });
}

/** Rows [offset, offset + limit) of merged folders. */
export function readMergedRows(
  idb: IDBDatabase,
  sources: readonly FolderSource[],
  anchors: MergedAnchors,
  offset: number,
  limit: number,
): Promise<Membership[]> {
  return new Promise((resolve, reject) => {
    const at = Math.min(Math.floor(offset / STRIDE), anchors.length - 1);
    const anchor = at >= 0 ? anchors[at] : undefined;
    let skip = anchor === undefined ? offset : offset - at * STRIDE;
    const rows: Membership[] = [];
    const index = indexOf(idb);
    merge<IDBCursorWithValue>(
      sources.length,
      (i, onStep) => {
        const source = sources[i];
        const start = anchor?.[i];
        // A folder exhausted at this anchor has nothing further down.
        if (source === undefined || (anchor !== undefined && start === null)) {
          onStep(null);
          return;
        }
        walk(index, source, start, onStep, reject);
      },
      (_i, cursor) => {
        if (skip > 0) skip -= 1;
        else rows.push(cursor.value as Membership);
        if (rows.length < limit) return true;
        resolve(rows);
        return false;
      },
      () => resolve(rows),
    );
  });
}
