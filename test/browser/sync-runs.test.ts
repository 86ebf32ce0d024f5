/**
 * The sync history stays readable while push and polling sync every few minutes and a lost
 * connection is retried: quiet runs of the same work, and the same failure again, fold into one
 * row with how many and since when; a run that changed mail, failed differently or came after
 * a long pause keeps a row of its own.
 */
import { afterEach, expect, it } from 'vitest';
import type { MailDb } from '../../src/renderer/db/mail-db';
import type { RunCounts, RunStatus, SyncRunRow } from '../../src/renderer/db/records';
import { recentRuns, recordRun } from '../../src/renderer/db/sync-runs';
import { describeCounts } from '../../src/renderer/features/sync-status/RunHistory';
import { appError } from '../../src/shared/errors';
import { ACCOUNT, dropDb, freshDb } from './support/mail-data';

let db: MailDb;
afterEach(async () => {
  await dropDb(db);
});

const at = (minute: number) => new Date(Date.UTC(2026, 11, 5, 9, minute)).toISOString();

function run(
  minute: number,
  folder: string,
  counts: RunCounts = {},
  status: RunStatus = 'success',
  direction: SyncRunRow['direction'] = 'download',
): SyncRunRow {
  return {
    accountId: ACCOUNT,
    folders: [folder],
    direction,
    mode: direction === 'download' ? 'qresync' : undefined,
    startedAt: at(minute),
    finishedAt: at(minute),
    status,
    counts,
    errors: status === 'failed' ? [appError('TIMEOUT', 'The server did not answer')] : [],
  };
}

async function record(...runs: SyncRunRow[]): Promise<SyncRunRow[]> {
  for (const row of runs) await recordRun(db, row);
  return recentRuns(db, ACCOUNT);
}

it('folds quiet runs of a folder into one row, across other folders’ runs', async () => {
  db = freshDb();
  const rows = await record(
    run(0, 'INBOX'),
    run(1, 'Sent'),
    run(5, 'INBOX', { batches: 1 }),
    run(6, 'Sent'),
    run(10, 'INBOX'),
  );
  expect(rows.map((row) => [row.folders[0], row.runs, row.since])).toEqual([
    ['INBOX', 3, at(0)],
    ['Sent', 2, at(1)],
  ]);
  expect(rows[0]?.finishedAt).toBe(at(10));
  expect(describeCounts(rows[0] as SyncRunRow)).toMatch(/^No changes \(3 runs since .+\)$/);
});

it('keeps a row for a run that changed mail or ended otherwise, and never folds across it', async () => {
  db = freshDb();
  const rows = await record(
    run(0, 'INBOX'),
    run(2, 'INBOX', { stored: 1 }),
    run(4, 'INBOX'),
    run(6, 'INBOX', {}, 'failed'),
    run(8, 'INBOX'),
    run(10, 'INBOX'),
  );
  expect(rows.map((row) => [row.status, row.counts.stored ?? 0, row.runs ?? 1])).toEqual([
    ['success', 0, 2],
    ['failed', 0, 1],
    ['success', 0, 1],
    ['success', 1, 1],
    ['success', 0, 1],
  ]);
});

it('starts a new row after a long pause, and sums the changes of folded uploads', async () => {
  db = freshDb();
  const rows = await record(
    run(0, 'INBOX'),
    run(30, 'INBOX'),
    run(31, 'INBOX', { actionsDone: 1 }, 'success', 'upload'),
    run(32, 'INBOX', { actionsDone: 2, actionsGone: 1 }, 'success', 'upload'),
  );
  expect(rows).toHaveLength(3);
  expect(rows[0]).toMatchObject({ direction: 'upload', runs: 2, since: at(31) });
  expect(describeCounts(rows[0] as SyncRunRow)).toMatch(
    /^3 changes sent, 1 already gone on the server \(2 runs since .+\)$/,
  );
  expect(rows[1]?.runs).toBeUndefined();
});

it('folds the same failure retried, and keeps a different failure apart', async () => {
  db = freshDb();
  const refused = (minute: number): SyncRunRow => ({
    ...run(minute, 'INBOX', {}, 'failed'),
    errors: [appError('CONNECTION_REFUSED', '127.0.0.1:993 refused the connection.')],
  });
  const rows = await record(
    refused(0),
    refused(1),
    refused(3),
    run(7, 'INBOX', {}, 'failed'),
    run(9, 'INBOX', { stored: 2 }, 'failed'),
    run(11, 'INBOX', { stored: 0 }, 'failed'),
  );
  expect(rows.map((row) => [row.errors[0]?.code, row.counts.stored ?? 0, row.runs ?? 1])).toEqual([
    ['TIMEOUT', 0, 1],
    ['TIMEOUT', 2, 1],
    ['TIMEOUT', 0, 1],
    ['CONNECTION_REFUSED', 0, 3],
  ]);
  expect(rows[3]?.errors).toHaveLength(1);
  expect(describeCounts(rows[3] as SyncRunRow)).toMatch(/^Nothing synced \(3 runs since .+\)$/);
});
