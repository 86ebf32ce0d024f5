/**
 * Writes one sync batch and its checkpoint in ONE Dexie transaction (DESIGN.md §2): either the
 * whole batch and the new checkpoint are stored, or nothing is and the caller's error keeps the
 * batch unacknowledged, so main re-sends it from the old checkpoint next time. Every write is an
 * upsert keyed by account, folder, UIDVALIDITY and UID, so a replayed batch changes nothing.
 */
import { AppFailure } from '../../shared/errors';
import type { FolderCheckpoint, MessageRecord, SyncBatch } from '../../shared/sync';
import { inTransaction, type CacheTables } from './cache-tables';
import { CHARS_PER_SLICE, ROWS_PER_SLICE, putInSlices } from './chunked-put';
import type { MailDb } from './mail-db';
import { toCachedBody, toCachedMessage, toMembership, flagBits } from './message-rows';
import { reapplyOptimistic } from './optimistic';
import { deleteOrphans, dropFolder } from './orphans';
import type { CachedBody, MembershipKey } from './records';
import { storageError } from './storage-errors';

/** What one batch changed, for the run's counters. */
export interface BatchEffect {
  readonly stored: number;
  readonly removed: number;
  readonly flagsChanged: number;
  /** True when the folder's earlier cache was dropped (reset or UIDVALIDITY change). */
  readonly reset: boolean;
}

const NOTHING: BatchEffect = { stored: 0, removed: 0, flagsChanged: 0, reset: false };

function describe(batch: SyncBatch): string {
  switch (batch.kind) {
    case 'reset':
      return `the rebuilt folder ${batch.folder}`;
    case 'messages':
      return `${batch.records.length} messages of ${batch.folder}`;
    case 'vanished':
      return `${batch.uids.length} removals in ${batch.folder}`;
    case 'present':
      return `the UID list of ${batch.folder}`;
    case 'flags':
      return `${batch.changes.length} flag changes in ${batch.folder}`;
    default: {
      const unknown: never = batch;
      throw new Error(`Unknown batch: ${JSON.stringify(unknown)}`);
    }
  }
}

function bodyWeight(body: CachedBody): number {
  return (body.text?.length ?? 0) + (body.html?.length ?? 0);
}

async function upsertRecords(
  t: CacheTables,
  accountId: string,
  folder: string,
  records: readonly MessageRecord[],
): Promise<number> {
  const existing = await t.messages.bulkGet(
    records.map((record): [string, string] => [accountId, record.messageKey]),
  );
  const messages = records.map((record, i) => toCachedMessage(accountId, record, existing[i]));
  const memberships = records.map((record) => toMembership(accountId, folder, record));
  const bodies = records.flatMap((record) =>
    record.body === undefined ? [] : [toCachedBody(accountId, record.messageKey, record.body)],
  );
  // One after another, in slices: see chunked-put.ts for why not all at once.
  await putInSlices(t.messages, messages);
  await putInSlices(t.memberships, memberships);
  await putInSlices(t.bodies, bodies, ROWS_PER_SLICE, bodyWeight, CHARS_PER_SLICE);
  return records.length;
}

async function removeUids(
  t: CacheTables,
  accountId: string,
  folder: string,
  uidValidity: number,
  uids: readonly number[],
): Promise<number> {
  const keys = uids.map((uid): MembershipKey => [accountId, folder, uidValidity, uid]);
  const rows = await t.memberships.bulkGet(keys);
  const present = rows.flatMap((row) => (row === undefined ? [] : [row]));
  await t.memberships.bulkDelete(keys);
  await deleteOrphans(
    t,
    accountId,
    present.map((row) => row.messageKey),
  );
  return present.length;
}

/** UID diff: drops the cached UIDs in [fromUid, toUid] that the server no longer lists. */
async function keepPresent(
  t: CacheTables,
  accountId: string,
  folder: string,
  uidValidity: number,
  batch: { readonly fromUid: number; readonly toUid: number; readonly uids: readonly number[] },
): Promise<number> {
  const cached = await t.memberships
    .where('[accountId+folder+uidValidity+uid]')
    .between(
      [accountId, folder, uidValidity, batch.fromUid],
      [accountId, folder, uidValidity, batch.toUid],
      true,
      true,
    )
    .primaryKeys();
  const present = new Set(batch.uids);
  const gone = cached.map(([, , , uid]) => uid).filter((uid) => !present.has(uid));
  return gone.length === 0 ? 0 : removeUids(t, accountId, folder, uidValidity, gone);
}

async function updateFlags(
  t: CacheTables,
  accountId: string,
  folder: string,
  uidValidity: number,
  changes: readonly { readonly uid: number; readonly flags: readonly string[] }[],
): Promise<number> {
  const rows = await t.memberships.bulkGet(
    changes.map((change): MembershipKey => [accountId, folder, uidValidity, change.uid]),
  );
  // A change for a UID we do not hold (excluded, or not fetched yet) has nothing to update.
  const updated = changes.flatMap((change, i) => {
    const row = rows[i];
    return row === undefined ? [] : [{ ...row, flags: change.flags, ...flagBits(change.flags) }];
  });
  await t.memberships.bulkPut(updated);
  return updated.length;
}

/**
 * The server state a batch wrote may undo a local action not yet sent (a message the user
 * moved away comes back, a flag resets): apply those pending actions again on top.
 */
async function rebasePending(
  t: CacheTables,
  accountId: string,
  folder: string,
  touched: ReadonlySet<number>,
): Promise<void> {
  const pending = await t.actionQueue
    .where('[accountId+folder+state]')
    .anyOf([
      [accountId, folder, 'queued'],
      [accountId, folder, 'sending'],
    ])
    .toArray();
  pending.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  for (const queued of pending) {
    if (touched.has(queued.ref.uid)) await reapplyOptimistic(t, queued);
  }
}

async function applyInTransaction(
  t: CacheTables,
  accountId: string,
  batch: SyncBatch,
): Promise<BatchEffect> {
  const { folder, checkpoint } = batch;
  const stored = await t.checkpoints.get([accountId, folder]);
  // A UIDVALIDITY other than the cached one means every cached UID of this folder is void
  // (RFC 3501 2.3.1.1), whether or not main sent a 'reset' first.
  const invalidated =
    batch.kind === 'reset' ||
    (stored !== undefined && stored.checkpoint.uidValidity !== checkpoint.uidValidity);
  let effect: BatchEffect = NOTHING;
  if (invalidated) {
    const removed = await dropFolder(
      t,
      accountId,
      folder,
      batch.kind === 'reset' ? undefined : checkpoint.uidValidity,
    );
    effect = { ...effect, removed, reset: true };
  }
  switch (batch.kind) {
    case 'reset':
      break;
    case 'messages': {
      const count = await upsertRecords(t, accountId, folder, batch.records);
      await rebasePending(t, accountId, folder, new Set(batch.records.map((r) => r.uid)));
      effect = { ...effect, stored: count };
      break;
    }
    case 'vanished': {
      const removed = await removeUids(t, accountId, folder, checkpoint.uidValidity, batch.uids);
      effect = { ...effect, removed: effect.removed + removed };
      break;
    }
    case 'present': {
      const removed = await keepPresent(t, accountId, folder, checkpoint.uidValidity, batch);
      effect = { ...effect, removed: effect.removed + removed };
      break;
    }
    case 'flags': {
      const flagsChanged = await updateFlags(
        t,
        accountId,
        folder,
        checkpoint.uidValidity,
        batch.changes,
      );
      await rebasePending(t, accountId, folder, new Set(batch.changes.map((c) => c.uid)));
      effect = { ...effect, flagsChanged };
      break;
    }
    default: {
      const unknown: never = batch;
      throw new Error(`Unknown batch: ${JSON.stringify(unknown)}`);
    }
  }
  await putCheckpoint(t, accountId, folder, checkpoint, invalidated ? 0 : stored?.excludedTally);
  return effect;
}

async function putCheckpoint(
  t: CacheTables,
  accountId: string,
  folder: string,
  checkpoint: FolderCheckpoint,
  excludedTally: number | undefined,
): Promise<void> {
  await t.checkpoints.put({ accountId, folder, checkpoint, excludedTally: excludedTally ?? 0 });
}

/**
 * Applies `batch` for `accountId`; resolves once its transaction has committed (then the stream may
 * acknowledge it). Rejects with an AppFailure that says what to do (disk full: free space) and
 * leaves the cache and checkpoint exactly as they were.
 */
export async function applyBatch(
  db: MailDb,
  accountId: string,
  batch: SyncBatch,
): Promise<BatchEffect> {
  try {
    return await inTransaction(
      db,
      'rw',
      ['messages', 'memberships', 'bodies', 'checkpoints', 'actionQueue'],
      (t) => applyInTransaction(t, accountId, batch),
    );
  } catch (thrown) {
    throw new AppFailure(storageError(thrown, describe(batch)));
  }
}
