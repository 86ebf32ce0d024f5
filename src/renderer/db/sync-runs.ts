/** The history of sync runs per account, shown in the status view with the errors behind each. */
import Dexie from 'dexie';
import { AppFailure } from '../../shared/errors';
import { inTransaction, type CacheTables } from './cache-tables';
import type { MailDb } from './mail-db';
import type { RunCounts, SyncRunRow } from './records';
import { storageError } from './storage-errors';

/** Runs kept per account: enough for a useful history, bounded for a client that syncs often. */
export const RUNS_KEPT = 500;

function accountRange(t: CacheTables, accountId: string) {
  return t.syncRuns
    .where('[accountId+startedAt]')
    .between([accountId, Dexie.minKey], [accountId, Dexie.maxKey]);
}

/** Runs further apart than this are not folded into one row. */
export const FOLD_WINDOW_MS = 15 * 60 * 1000;

/** Nothing to tell apart: a successful download that changed nothing, or a successful upload. */
function quiet(run: SyncRunRow): boolean {
  if (run.status !== 'success' || run.errors.length > 0) return false;
  if (run.direction === 'upload') return true;
  const c = run.counts;
  return (c.stored ?? 0) + (c.vanished ?? 0) + (c.flagsChanged ?? 0) + (c.excluded ?? 0) === 0;
}

function sameWork(a: SyncRunRow, b: SyncRunRow): boolean {
  return (
    a.direction === b.direction &&
    a.mode === b.mode &&
    a.folders.length === b.folders.length &&
    a.folders.every((folder, index) => folder === b.folders[index])
  );
}

function addCounts(a: RunCounts, b: RunCounts): RunCounts {
  const sum: Record<string, number> = { ...a };
  for (const [key, value] of Object.entries(b) as [string, number | undefined][]) {
    sum[key] = (sum[key] ?? 0) + (value ?? 0);
  }
  return sum;
}

/**
 * Push and polling run a folder's sync every few minutes, and each change the user makes is
 * sent on its own: one row each would push every run worth reading out of the history within
 * an hour. So a quiet run folds into the latest row of the same work (same direction, folders
 * and mode) when that row is quiet too and ended within {@link FOLD_WINDOW_MS}: one row, "No
 * changes (12 runs since 9:00)". A run that changed mail, failed or reported errors always
 * gets a row of its own, and is never folded across.
 */
async function foldInto(t: CacheTables, run: SyncRunRow): Promise<SyncRunRow> {
  if (!quiet(run)) return run;
  const previous = await accountRange(t, run.accountId)
    .reverse()
    .filter((row) => sameWork(row, run))
    .first();
  if (
    previous?.id === undefined ||
    !quiet(previous) ||
    Date.parse(run.startedAt) - Date.parse(previous.finishedAt) > FOLD_WINDOW_MS
  ) {
    return run;
  }
  await t.syncRuns.delete(previous.id);
  return {
    ...run,
    counts: addCounts(previous.counts, run.counts),
    runs: (previous.runs ?? 1) + 1,
    since: previous.since ?? previous.startedAt,
  };
}

/**
 * Appends a run (folding a quiet one into the row of the runs like it before) and trims the
 * account's history to {@link RUNS_KEPT}.
 */
export async function recordRun(db: MailDb, run: SyncRunRow): Promise<number> {
  try {
    return await inTransaction(db, 'rw', ['syncRuns'], async (t) => {
      const id = await t.syncRuns.add(await foldInto(t, run));
      const count = await accountRange(t, run.accountId).count();
      if (count > RUNS_KEPT) {
        const oldest = await accountRange(t, run.accountId)
          .limit(count - RUNS_KEPT)
          .primaryKeys();
        await t.syncRuns.bulkDelete(oldest);
      }
      return id;
    });
  } catch (thrown) {
    throw new AppFailure(storageError(thrown, 'the sync history'));
  }
}

/** The account's latest runs, newest first. */
export function recentRuns(db: MailDb, accountId: string, limit = 20): Promise<SyncRunRow[]> {
  return accountRange(db, accountId).reverse().limit(limit).toArray();
}

/** When the account last synced a folder without failing (ISO 8601), if ever. */
export async function lastSyncAt(db: MailDb, accountId: string): Promise<string | undefined> {
  const run = await accountRange(db, accountId)
    .reverse()
    .filter((row) => row.direction === 'download' && row.status !== 'failed')
    .first();
  return run?.finishedAt;
}
