/**
 * Links as the user sees and changes them: a record's timeline, the records beside a message,
 * and the user's say (unlink, link by hand, never link an address or domain). What the user
 * removed is stored as a suppression, so no relink brings it back.
 */
import { fail } from '../../shared/errors';
import type { CaseRecord, DealRecord, LinkRow, RecordRef } from '../../shared/crm/types';
import {
  domainOf,
  neverAddressKey,
  neverDomainKey,
  normalizeAddress,
  unlinkKey,
} from './crm-engine';
import type { LinkKey, StoredCompany, StoredContact } from './crm-records';
import { loadLinkContext, relinkKeys } from './crm-relink';
import { LinkEdit } from './crm-link-edit';
import {
  linkOfKey,
  linkRowsOf,
  messageIdOf,
  messageLinksRow,
  recordLinkRange,
  rowsOfMessages,
  storedLink,
} from './crm-link-keys';
import { inCrmTransaction, type CrmTables } from './crm-tables';
import type { MailDb } from './mail-db';
import { timeOf } from './message-rows';
import type { CachedMessage, Membership } from './records';

/** One message on a record's timeline, with a folder to open it in. */
export interface TimelineEntry {
  readonly link: LinkRow;
  readonly message: CachedMessage;
  readonly folder?: string;
  readonly membership?: Membership;
}

/** A record linked to a message. */
export interface LinkedRecord {
  readonly link: LinkRow;
  readonly record: StoredContact | StoredCompany | DealRecord | CaseRecord;
}

async function recordLinks(db: MailDb, ref: RecordRef, limit = Infinity): Promise<LinkRow[]> {
  const keys = await recordLinkRange(db, ref.type, ref.id).reverse().limit(limit).keys();
  // The *links index holds LinkKeys only (crm-link-keys.ts); Dexie types keys loosely.
  return (keys as unknown as LinkKey[]).map(linkOfKey);
}

/** A record's mail, newest first; a deal's includes its contacts' and company's. */
export async function recordTimeline(
  db: MailDb,
  ref: RecordRef,
  limit = 200,
): Promise<TimelineEntry[]> {
  let links = await recordLinks(db, ref, limit);
  if (ref.type === 'deal') {
    const deal = await db.deals.get(ref.id);
    const refs: RecordRef[] = [
      ...(deal?.contactIds ?? []).map((id): RecordRef => ({ type: 'contact', id })),
      ...(deal?.companyId === undefined ? [] : [{ type: 'company', id: deal.companyId } as const]),
    ];
    const more = await Promise.all(refs.map((r) => recordLinks(db, r, limit)));
    // One entry per message: the deal's own link first, then the first other one found.
    const byMessage = new Map<string, LinkRow>();
    for (const link of [...links, ...more.flat()]) {
      if (!byMessage.has(messageIdOf(link))) byMessage.set(messageIdOf(link), link);
    }
    links = [...byMessage.values()].sort((a, b) => b.time - a.time).slice(0, limit);
  }
  const messages = await db.messages.bulkGet(
    links.map((l): [string, string] => [l.accountId, l.messageKey]),
  );
  const memberships = await Promise.all(
    links.map((l) =>
      db.memberships.where('[accountId+messageKey]').equals([l.accountId, l.messageKey]).first(),
    ),
  );
  return links.flatMap((link, i): TimelineEntry[] => {
    const message = messages[i];
    const membership = memberships[i];
    // A link whose message left the cache shows nothing until the linker drops it.
    if (message === undefined) return [];
    return [{ link, message, folder: membership?.folder, membership }];
  });
}

async function recordOf(db: MailDb, link: LinkRow): Promise<LinkedRecord['record'] | undefined> {
  switch (link.recordType) {
    case 'contact':
      return db.contacts.get(link.recordId);
    case 'company':
      return db.companies.get(link.recordId);
    case 'deal':
      return db.deals.get(link.recordId);
    case 'case':
      return db.cases.get(link.recordId);
    default: {
      const unknown: never = link.recordType;
      throw new Error(`Unknown record type: ${String(unknown)}`);
    }
  }
}

/** The records a message is linked to, with the reason of each link. */
export async function linksForMessage(
  db: MailDb,
  accountId: string,
  messageKey: string,
): Promise<LinkedRecord[]> {
  const [row] = await rowsOfMessages(db.linkGroups, [[accountId, messageKey]]);
  const links = row === undefined ? [] : linkRowsOf(row);
  const records = await Promise.all(links.map((link) => recordOf(db, link)));
  return links.flatMap((link, i) => {
    const record = records[i];
    return record === undefined ? [] : [{ link, record }];
  });
}

/** Removes a link for good: a relink never recreates it. */
export async function unlink(db: MailDb, link: LinkRow, now: Date = new Date()): Promise<void> {
  await inCrmTransaction(db, 'rw', ['linkGroups', 'linkSuppressions'], async (t) => {
    await replaceLink(t, link, undefined);
    await t.linkSuppressions.put({ key: unlinkKey(link), createdAt: now.toISOString() });
  });
}

/** Puts `link` in place of the message's link to the same record (none: drops that link). */
async function replaceLink(
  t: Pick<CrmTables, 'linkGroups'>,
  key: Pick<LinkRow, 'accountId' | 'messageKey' | 'recordType' | 'recordId' | 'time'>,
  link: LinkRow | undefined,
): Promise<void> {
  const { accountId, messageKey } = key;
  const edit = new LinkEdit(t.linkGroups);
  await edit.read([[accountId, messageKey]]);
  const row = edit.row(key);
  const others = (row?.links ?? []).filter(
    (l) => l.recordType !== key.recordType || l.recordId !== key.recordId,
  );
  const links = link === undefined ? others : [...others, storedLink(link)];
  edit.set(messageLinksRow(accountId, messageKey, row?.time ?? key.time, links));
  await edit.save();
}

/** Links a message to a record by hand (and forgets an earlier unlink of that pair). */
export async function linkManually(
  db: MailDb,
  accountId: string,
  messageKey: string,
  ref: RecordRef,
  now: Date = new Date(),
): Promise<LinkRow> {
  const message = await db.messages.get([accountId, messageKey]);
  if (message === undefined) fail('NOT_FOUND', 'The message is no longer in the cache.');
  const link: LinkRow = {
    accountId,
    messageKey,
    recordType: ref.type,
    recordId: ref.id,
    kind: 'manual',
    reason: 'linked by you',
    time: timeOf(message.date, message.internalDate),
    createdAt: now.toISOString(),
  };
  await inCrmTransaction(db, 'rw', ['linkGroups', 'linkSuppressions'], async (t) => {
    await t.linkSuppressions.delete(unlinkKey(link));
    await replaceLink(t, link, link);
  });
  return link;
}

/** The messages linked to any of these records (the ones a suppression may unlink). */
async function messagesOf(db: MailDb, refs: readonly RecordRef[]): Promise<[string, string][]> {
  const keys = (await Promise.all(refs.map((ref) => recordLinks(db, ref)))).flat();
  return [
    ...new Map(
      keys.map((link): [string, [string, string]] => [
        messageIdOf(link),
        [link.accountId, link.messageKey],
      ]),
    ).values(),
  ];
}

async function countLinks(db: MailDb, keys: readonly [string, string][]): Promise<number> {
  const rows = await rowsOfMessages(db.linkGroups, keys);
  return rows.reduce((sum, row) => sum + (row?.links.length ?? 0), 0);
}

/** Stores `key` and relinks the affected messages; returns how many links went. */
async function suppressAndRelink(
  db: MailDb,
  key: string,
  affected: readonly RecordRef[],
  now: Date,
): Promise<number> {
  await db.linkSuppressions.put({ key, createdAt: now.toISOString() });
  const keys = await messagesOf(db, affected);
  const before = await countLinks(db, keys);
  await relinkKeys(db, keys, await loadLinkContext(db), now);
  return before - (await countLinks(db, keys));
}

/** Never links mail by this address again; returns how many links went. */
export async function neverLinkAddress(
  db: MailDb,
  address: string,
  now: Date = new Date(),
): Promise<number> {
  const plain = normalizeAddress(address);
  const contacts = await db.contacts.where('addresses').equals(plain).toArray();
  const companies = await db.companies.where('domains').equals(domainOf(plain)).toArray();
  const contactRefs = contacts.map((c): RecordRef => ({ type: 'contact', id: c.id }));
  const companyRefs = companies.map((c): RecordRef => ({ type: 'company', id: c.id }));
  return suppressAndRelink(db, neverAddressKey(plain), [...contactRefs, ...companyRefs], now);
}

/** Never links mail by this domain again; returns how many links went. */
export async function neverLinkDomain(
  db: MailDb,
  domain: string,
  now: Date = new Date(),
): Promise<number> {
  const plain = domainOf(domain);
  const companies = await db.companies.where('domains').equals(plain).toArray();
  const contacts = await db.contacts
    .filter((c) => c.addresses.some((a) => domainOf(a) === plain))
    .toArray();
  const refs = [
    ...companies.map((c): RecordRef => ({ type: 'company', id: c.id })),
    ...contacts.map((c): RecordRef => ({ type: 'contact', id: c.id })),
  ];
  return suppressAndRelink(db, neverDomainKey(plain), refs, now);
}
