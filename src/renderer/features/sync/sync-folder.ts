/**
 * One folder sync: from the cached checkpoint, main streams batches; each is written with its
 * checkpoint in one transaction before the stream acknowledges it (applyBatch resolves). A batch
 * that cannot be written rejects, so it is not acknowledged and main sends it again next time.
 * Every run, whatever its end, leaves a row in the sync history.
 */
import type { AppContract } from '../../../shared/contract';
import { AppFailure, toAppError, type AppError } from '../../../shared/errors';
import type { Client } from '../../../shared/ipc/define';
import type { FolderSyncSummary } from '../../../shared/sync';
import { applyBatch } from '../../db/apply-batch';
import { inTransaction } from '../../db/cache-tables';
import type { MailDb } from '../../db/mail-db';
import type { RunCounts, RunStatus } from '../../db/records';
import { recordRun } from '../../db/sync-runs';
import { storageError } from '../../db/storage-errors';

/** The app's client, or a double of it in tests. */
export type SyncApi = Client<AppContract>;

/** Options of {@link syncFolderNow}. */
export interface SyncFolderOptions {
  readonly now?: () => Date;
}

/** A run is partial when the server had messages the cache did not take or could not read. */
export function runStatusOf(summary: FolderSyncSummary): RunStatus {
  return summary.errors.length > 0 || summary.excluded > 0 ? 'partial' : 'success';
}

async function addExcluded(
  db: MailDb,
  accountId: string,
  folder: string,
  excluded: number,
): Promise<void> {
  if (excluded === 0) return;
  try {
    await inTransaction(db, 'rw', ['checkpoints'], async (t) => {
      const row = await t.checkpoints.get([accountId, folder]);
      if (row !== undefined) {
        await t.checkpoints.put({ ...row, excludedTally: row.excludedTally + excluded });
      }
    });
  } catch (thrown) {
    throw new AppFailure(storageError(thrown, `the excluded count of ${folder}`));
  }
}

/**
 * Syncs `folder` of `accountId` now and returns main's summary. Rejects with an AppFailure
 * (recorded as a failed run) when the server or the cache failed.
 */
export async function syncFolderNow(
  api: SyncApi,
  db: MailDb,
  accountId: string,
  folder: string,
  options: SyncFolderOptions = {},
): Promise<FolderSyncSummary> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const tally = { batches: 0, stored: 0, vanished: 0, flagsChanged: 0 };
  const record = (
    status: RunStatus,
    counts: RunCounts,
    errors: readonly AppError[],
    mode?: string,
  ) =>
    recordRun(db, {
      accountId,
      folders: [folder],
      direction: 'download',
      startedAt,
      finishedAt: now().toISOString(),
      status,
      mode,
      counts,
      errors,
    });

  let summary: FolderSyncSummary;
  try {
    const cached = await db.checkpoints.get([accountId, folder]);
    summary = await api.stream(
      'sync.folder',
      { accountId, folder, checkpoint: cached?.checkpoint ?? null },
      async (batch) => {
        const effect = await applyBatch(db, accountId, batch);
        tally.batches += 1;
        tally.stored += effect.stored;
        tally.vanished += effect.removed;
        tally.flagsChanged += effect.flagsChanged;
      },
    );
  } catch (thrown) {
    const error = toAppError(thrown);
    // The sync error is what the user must see first; a history that could not be written
    // either (often the same full disk) is said after it.
    const unrecorded = await record('failed', tally, [error]).then(
      () => undefined,
      (recordFailure: unknown) => toAppError(recordFailure),
    );
    throw new AppFailure(
      unrecorded === undefined
        ? error
        : { ...error, message: `${error.message} (${unrecorded.message})` },
    );
  }
  await addExcluded(db, accountId, folder, summary.excluded);
  await record(
    runStatusOf(summary),
    {
      batches: tally.batches,
      fetched: summary.fetched,
      stored: summary.stored,
      excluded: summary.excluded,
      vanished: summary.vanished,
      flagsChanged: summary.flagsChanged,
      bodiesFetched: summary.bodiesFetched,
    },
    summary.errors,
    summary.mode,
  );
  return summary;
}
