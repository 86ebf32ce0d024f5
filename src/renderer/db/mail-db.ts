/**
 * The offline cache: one Dexie database per app profile. Schema versions are appended, never
 * edited: a released version's string is what users' databases were built with, and Dexie
 * upgrades them step by step from there.
 *
 * Why the tables and indexes are what they are (sized for 100,000 messages per account):
 * - messages: one row per [accountId+messageKey], header data only. Lists read 50 rows per screen
 *   through bulkGet, so each row must stay small. [accountId+messageId] finds a message a reply
 *   refers to (threads, drift samples); [accountId+gmailThreadId] finds a Gmail thread.
 * - bodies: apart from messages because IndexedDB always reads whole records: an HTML body can
 *   be hundreds of kilobytes, and a list page must never deserialize one.
 * - memberships: [accountId+folder+uidValidity+uid] is the server's identity of a message in a
 *   folder (replays upsert the same row). [accountId+folder+time] serves "folder, newest first"
 *   as one index range with offset/limit for the virtualised list; [accountId+folder+unread]
 *   counts unread without a scan; [accountId+messageKey] finds a message's other folders (and
 *   orphans once the last membership goes).
 * - actionQueue: ++id gives the replay order; [accountId+state] finds what to send, in id order
 *   (IndexedDB orders equal index keys by primary key); [accountId+folder+state] finds the
 *   pending actions a sync batch must not undo.
 */
import Dexie, { type Table } from 'dexie';
import type {
  CachedBody,
  CachedMessage,
  CheckpointRow,
  Membership,
  MembershipKey,
  QueuedAction,
  SyncRunRow,
} from './records';

/** The name of the app's database; tests pass their own. */
export const MAIL_DB_NAME = 'mailcrm';

/** Version 1 of the schema (the first released). */
const SCHEMA_V1 = {
  messages: '[accountId+messageKey], [accountId+messageId], [accountId+gmailThreadId]',
  memberships:
    '[accountId+folder+uidValidity+uid], [accountId+folder+time], [accountId+folder+unread], [accountId+messageKey]',
  bodies: '[accountId+messageKey]',
  checkpoints: '[accountId+folder]',
  syncRuns: '++id, [accountId+startedAt]',
  actionQueue: '++id, [accountId+state], [accountId+folder+state]',
} as const;

/** The offline cache of mail, checkpoints, sync history and the action outbox. */
export class MailDb extends Dexie {
  declare messages: Table<CachedMessage, [string, string]>;
  declare memberships: Table<Membership, MembershipKey>;
  declare bodies: Table<CachedBody, [string, string]>;
  declare checkpoints: Table<CheckpointRow, [string, string]>;
  declare syncRuns: Table<SyncRunRow, number>;
  declare actionQueue: Table<QueuedAction, number>;

  constructor(name: string = MAIL_DB_NAME) {
    super(name);
    this.version(1).stores(SCHEMA_V1);
  }
}

let shared: MailDb | undefined;

/** The app's one database, opened on first use. */
export function getMailDb(): MailDb {
  shared ??= new MailDb();
  return shared;
}
