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

/** A download that stored, removed, re-flagged or excluded mail. */
function changedMail(run: SyncRunRow): boolean {
  const c = run.counts;
  return (c.stored ?? 0) + (c.vanished ?? 0) + (c.flagsChanged ?? 0) + (c.excluded ?? 0) > 0;
}

/**
 * How a run ended, for folding; undefined when it keeps a row of its own. Foldable: a success
 * (a download that changed no mail, or an upload), and a failure that got nothing done, told
 * apart by its errors (a folder gone from the server fails every poll the same way).
 */
function foldableOutcome(run: SyncRunRow): string | undefined {
  if (run.status === 'success' && run.errors.length === 0) {
    return run.direction === 'upload' || !changedMail(run) ? 'success' : undefined;
  }
  const done = (run.counts.actionsDone ?? 0) + (run.counts.actionsGone ?? 0);
  if (run.status !== 'failed' || changedMail(run) || done > 0) return undefined;
  return ['failed', ...run.errors.map((error) => `${error.code} ${error.message}`)].join('\n');
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
 * Push and polling run a folder's sync every few minutes, each change the user makes is sent on
 * its own, and a folder that fails fails again at every poll: one row each would push every
 * run worth reading out of the history within an hour. So a run folds into the latest row of
 * the same work (same direction, folders and mode) when both ended the same foldable way
 * (foldableOutcome) within {@link FOLD_WINDOW_MS}: one row, "No changes (12 runs since 9:00)",
 * or one failure with its error and count. A run that changed mail, failed differently or
 * partly keeps a row of its own, and nothing is folded across it.
 */
async function foldInto(t: CacheTables, run: SyncRunRow): Promise<SyncRunRow> {
  const outcome = foldableOutcome(run);
  if (outcome === undefined) return run;
  const previous = await accountRange(t, run.accountId)
    .reverse()
    .filter((row) => sameWork(row, run))
    .first();
  if (
    previous?.id === undefined ||
    foldableOutcome(previous) !== outcome ||
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
 * Appends a run (folded into the row of the runs like it before, see foldInto) and trims the
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
