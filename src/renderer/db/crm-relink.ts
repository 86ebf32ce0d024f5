/**
 * Recomputes the links of a set of cached messages: what the engine says now (linkMessage and
 * the routing rules), less what the user suppressed, with manual links kept as they are. Only
 * the difference is written, so relinking unchanged mail writes nothing. Follow-ups are kept
 * here too: a received message from a linked contact starts waiting, a reply in its thread
 * clears what waits.
 */
import type {
  CaseRecord,
  CrmMessage,
  FollowUpRow,
  LinkRow,
  RoutingRule,
} from '../../shared/crm/types';
import { currentMyAddresses, newId } from './crm-context';
import { timeOf } from './message-rows';
import { writeLinks, type ExistingRows, type KnownRow, type WantedLinks } from './crm-link-writes';
import {
  buildCrmIndex,
  caseFor,
  clearedBy,
  caseLink,
  crmMessageOf,
  isFromMe,
  followUpFor,
  linkMessage,
  matchingRules,
  threadKeyOf,
  unlinkKey,
  type CrmIndex,
} from './crm-engine';
import { followUpHours, openFollowUps } from './crm-follow-up-store';
import type { CrmSettings, StoredLink } from './crm-records';
import { getCrmSettings } from './crm-settings';
import { inCrmTransaction, type CrmTables } from './crm-tables';
import type { MailDb } from './mail-db';
import type { CachedMessage } from './records';

/** Received mail older than this never starts a follow-up (a first relink must not nag). */
const FOLLOW_UP_WINDOW_MS = 14 * 24 * 3600_000;

/** Everything one linking run reads once: records, suppressions, rules, cases, settings. */
export interface LinkContext {
  readonly index: CrmIndex;
  readonly suppressed: ReadonlySet<string>;
  readonly rules: readonly RoutingRule[];
  /** Cases by "accountId NUL threadKey"; grows as runs create cases. */
  readonly casesByThread: Map<string, CaseRecord[]>;
  /** The newest reply we sent per thread, seen by this context (a reply may sync first). */
  readonly repliesByThread: Map<string, CrmMessage>;
  readonly settings: CrmSettings;
  readonly myAddresses: ReadonlySet<string>;
}

function threadId(accountId: string, threadKey: string): string {
  return `${accountId}\u0000${threadKey}`;
}

/** Reads what linking needs; build a new one after records or suppressions change. */
export async function loadLinkContext(
  db: MailDb,
  myAddresses: ReadonlySet<string> = currentMyAddresses(),
): Promise<LinkContext> {
  const [contacts, companies, deals, suppressions, rules, cases, settings] = await Promise.all([
    db.contacts.toArray(),
    db.companies.toArray(),
    db.deals.toArray(),
    db.linkSuppressions.toCollection().primaryKeys(),
    db.routingRules.toArray(),
    db.cases.toArray(),
    getCrmSettings(db),
  ]);
  const casesByThread = new Map<string, CaseRecord[]>();
  for (const record of cases) {
    const key = threadId(record.accountId, record.threadKey);
    casesByThread.set(key, [...(casesByThread.get(key) ?? []), record]);
  }
  return {
    index: buildCrmIndex({ contacts, companies, deals }),
    suppressed: new Set(suppressions),
    rules,
    casesByThread,
    repliesByThread: new Map(),
    settings,
    myAddresses,
  };
}

/** The CRM's view of a cached message. */
export function toCrmMessage(message: CachedMessage, myAddresses: ReadonlySet<string>): CrmMessage {
  return crmMessageOf(message, isFromMe(message, myAddresses));
}

/** What relinking a set of messages changed. */
export interface RelinkEffect {
  /** Links the messages have now. */
  readonly links: number;
  readonly added: number;
  readonly removed: number;
  readonly followUps: number;
}

function routingLinks(
  message: CrmMessage,
  context: LinkContext,
  now: Date,
  newCases: CaseRecord[],
): LinkRow[] {
  const key = threadId(message.accountId, threadKeyOf(message));
  const cases = context.casesByThread.get(key) ?? [];
  for (const rule of matchingRules(message, context.rules)) {
    const existing = cases.find((c) => c.ruleId === rule.id);
    if (existing !== undefined) continue;
    const created = caseFor(message, rule, existing, now, newId);
    cases.push(created);
    newCases.push(created);
  }
  if (cases.length > 0) context.casesByThread.set(key, cases);
  return cases.flatMap((record) => {
    const rule = context.rules.find((r) => r.id === record.ruleId);
    // A deleted rule's case keeps the links it has; new thread mail no longer joins it.
    return rule === undefined ? [] : [caseLink(message, record, rule, now)];
  });
}

/** New waiting rows for received mail from linked contacts, unless a known reply clears them. */
function followUpCandidates(
  messages: readonly CrmMessage[],
  linksByMessage: ReadonlyMap<string, readonly StoredLink[]>,
  context: LinkContext,
  now: Date,
): FollowUpRow[] {
  const rows: FollowUpRow[] = [];
  for (const message of messages) {
    if (message.outgoing || now.getTime() - Date.parse(message.date) > FOLLOW_UP_WINDOW_MS) {
      continue;
    }
    const links = linksByMessage.get(`${message.accountId}\u0000${message.messageKey}`) ?? [];
    const contact = links.find((link) => link.recordType === 'contact');
    if (contact === undefined) continue;
    const row = followUpFor(
      message,
      contact.recordId,
      followUpHours(context.settings, message.accountId),
    );
    if (row === undefined) continue;
    const reply = context.repliesByThread.get(threadId(row.accountId, row.threadKey));
    if (reply !== undefined && clearedBy(reply, [row]).length > 0) continue;
    rows.push(row);
  }
  return rows;
}

async function writeFollowUps(
  t: CrmTables,
  messages: readonly CrmMessage[],
  candidates: readonly FollowUpRow[],
): Promise<number> {
  let fresh: FollowUpRow[] = [];
  if (candidates.length > 0) {
    const existing = await t.followUps.bulkGet(
      candidates.map((row): [string, string] => [row.accountId, row.messageKey]),
    );
    // An existing row keeps its state: a relink must not bring back a cleared reminder.
    fresh = candidates.filter((_, i) => existing[i] === undefined);
    await t.followUps.bulkPut(fresh);
  }
  const replies = messages.filter((m) => m.outgoing);
  if (replies.length === 0) return fresh.length;
  // Open reminders are far fewer than the threads of a batch's replies: one range read of them
  // costs less than a cursor over anyOf(threads), one step per thread.
  const threads = new Set(replies.map((m) => threadKeyOf(m)));
  const waiting = (await openFollowUps(t)).filter((row) => threads.has(row.threadKey));
  const cleared = new Map<string, FollowUpRow>();
  for (const reply of replies) {
    const open = waiting.filter((row) => row.accountId === reply.accountId);
    for (const row of clearedBy(reply, open))
      cleared.set(`${row.accountId}\u0000${row.messageKey}`, row);
  }
  if (cleared.size > 0) await t.followUps.bulkPut([...cleared.values()]);
  return fresh.length;
}

function rememberReplies(messages: readonly CrmMessage[], context: LinkContext): void {
  for (const message of messages) {
    if (!message.outgoing) continue;
    const key = threadId(message.accountId, threadKeyOf(message));
    const known = context.repliesByThread.get(key);
    if (known === undefined || Date.parse(known.date) < Date.parse(message.date)) {
      context.repliesByThread.set(key, message);
    }
  }
}

/** Where the message sits on a timeline: as in the message list (timeOf). */
function messageTime(message: CrmMessage): number {
  return timeOf(message.date, message.internalDate ?? '');
}

/** What the engine and the routing rules link `crm` to now, less what the user suppressed. */
function wantedLinks(
  crm: readonly CrmMessage[],
  context: LinkContext,
  now: Date,
  newCases: CaseRecord[],
): WantedLinks[] {
  const suppressed = (key: string): boolean => context.suppressed.has(key);
  return crm.map((message) => {
    // linkMessage gives one link per record, suppressions left out; cases are records apart.
    const links = linkMessage(message, context.index, suppressed, now, context.myAddresses);
    for (const row of routingLinks(message, context, now, newCases)) {
      if (!suppressed(unlinkKey(row))) links.push(row);
    }
    return {
      accountId: message.accountId,
      messageKey: message.messageKey,
      time: messageTime(message),
      links,
    };
  });
}

/** What one pass computed for its messages before writing. */
export interface Pass {
  readonly crm: readonly CrmMessage[];
  readonly wanted: readonly WantedLinks[];
  readonly newCases: readonly CaseRecord[];
}

/** The links a pass wants for `messages` (and the cases it opens). */
export function computePass(
  messages: readonly CachedMessage[],
  context: LinkContext,
  now: Date,
): Pass {
  const crm = messages.map((m) => toCrmMessage(m, context.myAddresses));
  rememberReplies(crm, context);
  const newCases: CaseRecord[] = [];
  const wanted = wantedLinks(crm, context, now, newCases);
  return { crm, wanted, newCases };
}

/**
 * Writes a pass in one transaction: `write` are the messages whose links may change (`known`
 * their rows read before), `kept` the links of the others, which stay as they are.
 */
export function writePass(
  db: MailDb,
  pass: Pass,
  context: LinkContext,
  now: Date,
  write: {
    wanted: readonly WantedLinks[];
    existing: ExistingRows;
    known?: ReadonlyMap<string, KnownRow>;
  },
  kept: ReadonlyMap<string, readonly StoredLink[]> = new Map(),
): Promise<RelinkEffect> {
  return inCrmTransaction(db, 'rw', ['linkGroups', 'cases', 'followUps'], async (t) => {
    if (pass.newCases.length > 0) await t.cases.bulkPut([...pass.newCases]);
    const effect = await writeLinks(t.linkGroups, write.wanted, write.existing, write.known);
    const byMessage = new Map([...kept, ...effect.byMessage]);
    const followUps = await writeFollowUps(
      t,
      pass.crm,
      followUpCandidates(pass.crm, byMessage, context, now),
    );
    let links = effect.links;
    for (const list of kept.values()) links += list.length;
    return { links, added: effect.added, removed: effect.removed, followUps };
  });
}

/**
 * Relinks `messages` in one transaction and returns what changed. `existing` says how to find
 * their stored links (ExistingRows): 'new' for a sync batch.
 */
export async function relinkMessages(
  db: MailDb,
  messages: readonly CachedMessage[],
  context: LinkContext,
  now: Date,
  existing: ExistingRows = 'read',
): Promise<RelinkEffect> {
  if (messages.length === 0) return { links: 0, added: 0, removed: 0, followUps: 0 };
  const pass = computePass(messages, context, now);
  return writePass(db, pass, context, now, { wanted: pass.wanted, existing });
}

/** Relinks the cached messages with these keys (those no longer cached are skipped). */
export async function relinkKeys(
  db: MailDb,
  keys: readonly [string, string][],
  context: LinkContext,
  now: Date,
): Promise<RelinkEffect> {
  const found = await db.messages.bulkGet([...keys]);
  const messages = found.flatMap((m) => (m === undefined ? [] : [m]));
  return relinkMessages(db, messages, context, now);
}
