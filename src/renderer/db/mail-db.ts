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
  CaseRecord,
  DealRecord,
  FollowUpRow,
  LinkSuppression,
  RoutingRule,
} from '../../shared/crm/types';
import type { DraftRow, OutboxRow } from './compose-records';
import { groupsOf } from './crm-link-keys';
import { RecentMessages, recentMessagesMiddleware } from './crm-recent-messages';
import type { LinkGroup, MessageLinks, StoredCompany, StoredContact } from './crm-records';
import type { RemoteContentRule } from './remote-content';
import type {
  PreferenceRow,
  SignatureRow,
  TemplateRow,
  TemplateUsageRow,
} from './template-records';
import type { SearchDoc, SearchPosting } from './search-doc';
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

/**
 * Version 2: local search and threads (search-indexer.ts), written after the batch that stored
 * the messages. searchDocs has one row per message under a small number n: *links ("account
 * NUL Message-ID" of References and In-Reply-To) finds the replies to a message for threads;
 * [accountId+subjectKey] serves the subject fallback; [body+accountId+messageKey] counts the
 * bodies not downloaded for the coverage line and finds bodies not indexed yet.
 * searchPostings is the inverted index: one row per token per indexing chunk ([token+segment] →
 * the chunk's doc numbers as a Uint32Array), append-only. A multiEntry index over each message's
 * words (one IndexedDB entry per word per message) was measured far too slow to build at
 * 100,000 messages; this writes a few thousand compact rows per thousand messages.
 */
const SCHEMA_V2 = {
  searchDocs:
    '++n, &[accountId+messageKey], *links, [accountId+subjectKey], [body+accountId+messageKey]',
  searchPostings: '[token+segment]',
} as const;

/**
 * Version 3: remoteContent, the senders and domains whose remote images, fonts and styles the
 * user chose to load always (remote-content.ts); keyed by "sender:ADDRESS" or "domain:NAME".
 */
const SCHEMA_V3 = {
  remoteContent: 'rule',
} as const;

/**
 * Version 4: compose and send. outbox is keyed by Message-ID (fixed when queued), so a replayed
 * write is harmless; [accountId+state] and state find what to send or recover at start. drafts
 * are keyed by their Message-ID too. templates and signatures hold the user's texts; templateUsage
 * records each sent use of a template; preferences holds the user's profile and per-account
 * compose settings (template-records.ts).
 */
const SCHEMA_V4 = {
  outbox: 'messageId, state, [accountId+state]',
  drafts: 'id, accountId, updatedAt',
  templates: 'id, scope, name',
  signatures: 'id, accountId',
  templateUsage: '++id, templateId, [templateId+usedAt]',
  preferences: 'key',
} as const;

/**
 * Version 5: the CRM (src/shared/crm/types.ts). contacts are found by any address (*addresses,
 * multiEntry) and by name key; companies by any domain; deals by contact and company; cases
 * (tickets, leads) once per [ruleId+threadKey]. links holds one row per linked message with all
 * its links (crm-link-keys.ts): linking a sync batch writes one row per message instead of one
 * per link, since each IndexedDB request costs far more than its size; *recordKeys
 * ([recordType, recordId, time] per link) serves a record's timeline, newest first.
 * linkSuppressions keeps what the user unlinked or ruled out. followUps: [state+dueAt] finds
 * what is due.
 */
const SCHEMA_V5 = {
  contacts: 'id, *addresses, *nameKeys, companyId, updatedAt',
  companies: 'id, *domains, nameKey',
  deals: 'id, *contactIds, companyId, stage',
  cases: 'id, &[ruleId+threadKey], [accountId+threadKey]',
  routingRules: 'id, address',
  links: '[accountId+messageKey], *recordKeys',
  linkSuppressions: 'key',
  followUps: '[accountId+messageKey], [state+dueAt], threadKey, contactId',
} as const;

/**
 * Version 6: links stored in groups (crm-link-keys.ts): the links of up to 500 messages written
 * together in one row, since a row per message made linking a sync batch 500 requests and a full
 * relink 50,000. &*messages ([accountId, messageKey] of each, unique) finds a message's group and
 * refuses a second group for it; *links (each link as [recordType, recordId, time, ...]) serves a
 * record's timeline, newest first, from the index alone. The rows of links move over once.
 */
const SCHEMA_V6 = {
  links: null,
  linkGroups: '++id, &*messages, *links',
} as const;

/** The offline cache of mail, checkpoints, sync history and the action outbox. */
export class MailDb extends Dexie {
  declare messages: Table<CachedMessage, [string, string]>;
  declare memberships: Table<Membership, MembershipKey>;
  declare bodies: Table<CachedBody, [string, string]>;
  declare checkpoints: Table<CheckpointRow, [string, string]>;
  declare syncRuns: Table<SyncRunRow, number>;
  declare actionQueue: Table<QueuedAction, number>;
  declare searchDocs: Table<SearchDoc, number>;
  declare searchPostings: Table<SearchPosting, [string, number]>;
  declare remoteContent: Table<RemoteContentRule, string>;
  declare outbox: Table<OutboxRow, string>;
  declare drafts: Table<DraftRow, string>;
  declare templates: Table<TemplateRow, string>;
  declare signatures: Table<SignatureRow, string>;
  declare templateUsage: Table<TemplateUsageRow, number>;
  declare preferences: Table<PreferenceRow, string>;
  declare contacts: Table<StoredContact, string>;
  declare companies: Table<StoredCompany, string>;
  declare deals: Table<DealRecord, string>;
  declare cases: Table<CaseRecord, string>;
  declare routingRules: Table<RoutingRule, string>;
  declare linkGroups: Table<LinkGroup, number>;
  declare linkSuppressions: Table<LinkSuppression, string>;
  declare followUps: Table<FollowUpRow, [string, string]>;
  /** Message rows just committed, for the CRM linker (crm-recent-messages.ts). */
  readonly recentMessages = new RecentMessages();

  constructor(name: string = MAIL_DB_NAME) {
    super(name);
    this.use(recentMessagesMiddleware(this.recentMessages));
    // Rows kept from before a close may belong to a database deleted since.
    this.on('ready', () => this.recentMessages.clear(), true);
    this.version(1).stores(SCHEMA_V1);
    this.version(2).stores(SCHEMA_V2);
    this.version(3).stores(SCHEMA_V3);
    this.version(4).stores(SCHEMA_V4);
    this.version(5).stores(SCHEMA_V5);
    this.version(6)
      .stores(SCHEMA_V6)
      .upgrade(async (tx) => {
        // Manual links exist nowhere else; automatic ones would also come back by a relink.
        const rows = await tx.table<MessageLinks, [string, string]>('links').toArray();
        await tx.table('linkGroups').bulkAdd(groupsOf(rows));
      });
  }
}

let shared: MailDb | undefined;

/** The app's one database, opened on first use. */
export function getMailDb(): MailDb {
  shared ??= new MailDb();
  return shared;
}
