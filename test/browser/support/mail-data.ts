/** Real-shaped sync data for tests, and a fresh database per test. */
import { MailDb } from '../../../src/renderer/db/mail-db';
import type { FolderCheckpoint, FolderSyncSummary, MessageRecord } from '../../../src/shared/sync';

export const ACCOUNT = 'acc-1';
const BASE_TIME = Date.UTC(2024, 0, 1);

/** A new, empty database with a name no other test uses. */
export function freshDb(): MailDb {
  return new MailDb(`test-${crypto.randomUUID()}`);
}

/**
 * A header-only message record of `folder` with `uid`; its key follows the uid unless given, and
 * the server received it at its date unless told otherwise.
 */
export function record(
  folder: string,
  uid: number,
  overrides: Partial<MessageRecord> = {},
): MessageRecord {
  const date = new Date(BASE_TIME + (Number.isFinite(uid) ? uid : 0) * 60_000).toISOString();
  return {
    accountId: ACCOUNT,
    folder,
    uidValidity: 1,
    uid,
    messageKey: `<m${uid}@example.test>`,
    messageId: `<m${uid}@example.test>`,
    subject: `Subject ${uid}`,
    from: [{ name: 'Ann Example', address: 'ann@example.test' }],
    to: [{ name: '', address: 'me@example.test' }],
    cc: [],
    replyTo: [],
    date,
    internalDate: overrides.date ?? date,
    flags: [],
    size: 2048,
    references: [],
    hasAttachments: false,
    ...overrides,
  };
}

/** A checkpoint after storing UIDs up to `highest`. */
export function checkpoint(
  highest: number,
  overrides: Partial<FolderCheckpoint> = {},
): FolderCheckpoint {
  return {
    uidValidity: 1,
    uidNext: highest + 1,
    lowestUidSynced: 1,
    highestUidSynced: highest,
    initialComplete: true,
    ...overrides,
  };
}

/** A summary of a run that ends at `cp`. */
export function summary(
  folder: string,
  cp: FolderCheckpoint,
  overrides: Partial<FolderSyncSummary> = {},
): FolderSyncSummary {
  return {
    folder,
    fetched: 0,
    stored: 0,
    excluded: 0,
    excludedBy: {},
    vanished: 0,
    flagsChanged: 0,
    bodiesFetched: 0,
    errors: [],
    checkpoint: cp,
    mode: 'initial',
    ...overrides,
  };
}

/** Every row of every table, in key order: two equal snapshots mean nothing changed. */
export async function snapshot(db: MailDb): Promise<Record<string, unknown[]>> {
  return {
    messages: await db.messages.toArray(),
    memberships: await db.memberships.toArray(),
    bodies: await db.bodies.toArray(),
    checkpoints: await db.checkpoints.toArray(),
    actionQueue: await db.actionQueue.toArray(),
  };
}

/**
 * Closes and deletes a test database. Dexie resolves a read when its request succeeds, before
 * the transaction completes; waiting one task lets it complete, so the delete is not "blocked".
 */
export async function dropDb(db: MailDb): Promise<void> {
  db.close();
  await new Promise((resolve) => setTimeout(resolve, 0));
  await db.delete();
}
