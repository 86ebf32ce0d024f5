/** The history of sync runs per account, shown in the status view with the errors behind each. */
import Dexie from 'dexie';
import { AppFailure } from '../../shared/errors';
import { inTransaction, type CacheTables } from './cache-tables';
import type { MailDb } from './mail-db';
import type { SyncRunRow } from './records';
import { storageError } from './storage-errors';

/** Runs kept per account: enough for a useful history, bounded for a client that syncs often. */
export const RUNS_KEPT = 500;

function accountRange(t: CacheTables, accountId: string) {
  return t.syncRuns
    .where('[accountId+startedAt]')
    .between([accountId, Dexie.minKey], [accountId, Dexie.maxKey]);
}

/** Appends a run and trims the account's history to {@link RUNS_KEPT}. */
export async function recordRun(db: MailDb, run: SyncRunRow): Promise<number> {
  try {
    return await inTransaction(db, 'rw', ['syncRuns'], async (t) => {
      const id = await t.syncRuns.add(run);
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
