/**
 * Contacts: saved with normalized, unique addresses and their name keys; deleted with their
 * links and follow-ups (the mail stays); merged with everything that points at them.
 */
import { appError, AppFailure, fail } from '../../shared/errors';
import type { ContactRecord, RecordSource } from '../../shared/crm/types';
import { newId } from './crm-context';
import { contactNameKeys, nameKey, normalizeAddress } from './crm-engine';
import type { StoredContact } from './crm-records';
import { dropRecordLinks, rewriteRecordLinks } from './crm-link-edit';
import { inCrmTransaction, type CrmTables } from './crm-tables';
import type { MailDb } from './mail-db';

/** What a contact is saved from; the store fills id, times and source. */
export type ContactInput = Omit<ContactRecord, 'id' | 'createdAt' | 'updatedAt' | 'source'> & {
  id?: string;
  source?: RecordSource;
};

function displayName(contact: ContactRecord): string {
  return `${contact.firstName} ${contact.lastName}`.trim() || (contact.addresses[0] ?? 'a contact');
}

/** Normalized, without blanks and repeats, first one first. */
export function cleanAddresses(addresses: readonly string[]): string[] {
  return [...new Set(addresses.map(normalizeAddress).filter((a) => a.length > 0))];
}

function uniqueStrings(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v.length > 0))];
}

/** The stored row for a contact: trimmed fields and its name keys. */
export function toStoredContact(contact: ContactRecord): StoredContact {
  return {
    ...contact,
    firstName: contact.firstName.trim(),
    lastName: contact.lastName.trim(),
    addresses: cleanAddresses(contact.addresses),
    tags: uniqueStrings(contact.tags),
    nameKeys: contactNameKeys({ firstName: contact.firstName, lastName: contact.lastName }),
  };
}

/** Refuses an address another contact already has, naming that contact. */
async function refuseTaken(
  t: Pick<CrmTables, 'contacts'>,
  addresses: readonly string[],
  id: string | undefined,
): Promise<void> {
  if (addresses.length === 0) return;
  const owners = await t.contacts
    .where('addresses')
    .anyOf([...addresses])
    .toArray();
  const other = owners.find((c) => c.id !== id);
  if (other === undefined) return;
  const shared = addresses.find((a) => other.addresses.includes(a)) ?? addresses[0];
  throw new AppFailure(
    appError('INVALID_INPUT', `${shared} is already an address of ${displayName(other)}.`, {
      hint: 'Merge the two contacts instead.',
    }),
  );
}

/** Saves a contact (new without id); refuses an address another contact has. */
export async function saveContact(
  db: MailDb,
  input: ContactInput,
  now: Date = new Date(),
): Promise<StoredContact> {
  return inCrmTransaction(db, 'rw', ['contacts'], async (t) => {
    const existing = input.id === undefined ? undefined : await t.contacts.get(input.id);
    const stamp = now.toISOString();
    const contact = toStoredContact({
      ...input,
      id: input.id ?? newId(),
      source: input.source ?? existing?.source ?? 'manual',
      createdAt: existing?.createdAt ?? stamp,
      updatedAt: stamp,
    });
    if (contact.addresses.length === 0 && contact.nameKeys.length === 0) {
      fail('INVALID_INPUT', 'A contact needs a name or an address.');
    }
    await refuseTaken(t, contact.addresses, contact.id);
    await t.contacts.put(contact);
    return contact;
  });
}

/** One contact, or undefined. */
export function getContact(db: MailDb, id: string): Promise<StoredContact | undefined> {
  return db.contacts.get(id);
}

/** Deletes a contact, its links and follow-ups; its deals drop it; the mail stays. */
export async function deleteContact(db: MailDb, id: string): Promise<void> {
  await inCrmTransaction(db, 'rw', ['contacts', 'linkGroups', 'followUps', 'deals'], async (t) => {
    await dropRecordLinks(t, 'contact', id);
    await t.followUps.where('contactId').equals(id).delete();
    const deals = await t.deals.where('contactIds').equals(id).toArray();
    await t.deals.bulkPut(
      deals.map((deal) => ({ ...deal, contactIds: deal.contactIds.filter((c) => c !== id) })),
    );
    await t.contacts.delete(id);
  });
}

function joinNotes(a: string, b: string): string {
  const parts = uniqueStrings([a, b]);
  return parts.join('\n\n');
}

/** The contact `keep` with what `merge` adds: addresses, tags, notes, blank fields. */
export function mergedContact(keep: ContactRecord, merge: ContactRecord, now: Date): ContactRecord {
  return {
    ...keep,
    firstName: keep.firstName || merge.firstName,
    lastName: keep.lastName || merge.lastName,
    addresses: cleanAddresses([...keep.addresses, ...merge.addresses]),
    phone: keep.phone || merge.phone,
    title: keep.title || merge.title,
    companyId: keep.companyId ?? merge.companyId,
    owner: keep.owner || merge.owner,
    notes: joinNotes(keep.notes, merge.notes),
    tags: uniqueStrings([...keep.tags, ...merge.tags]),
    updatedAt: now.toISOString(),
  };
}

/** Merges `mergeId` into `keepId`: its links, deals and follow-ups move, then it goes. */
export async function mergeContacts(
  db: MailDb,
  keepId: string,
  mergeId: string,
  now: Date = new Date(),
): Promise<StoredContact> {
  if (keepId === mergeId) fail('INVALID_INPUT', 'A contact cannot be merged into itself.');
  return inCrmTransaction(db, 'rw', ['contacts', 'linkGroups', 'followUps', 'deals'], async (t) => {
    const [keep, merge] = await t.contacts.bulkGet([keepId, mergeId]);
    if (keep === undefined || merge === undefined) {
      return fail('NOT_FOUND', 'One of the contacts to merge no longer exists.');
    }
    const merged = toStoredContact(mergedContact(keep, merge, now));
    // A message linked to both keeps the link the kept contact already had.
    await rewriteRecordLinks(t, 'contact', mergeId, (links) => {
      const hasKept = links.some((l) => l.recordType === 'contact' && l.recordId === keepId);
      return links.flatMap((link) => {
        if (link.recordType !== 'contact' || link.recordId !== mergeId) return [link];
        return hasKept ? [] : [{ ...link, recordId: keepId }];
      });
    });
    const followUps = await t.followUps.where('contactId').equals(mergeId).toArray();
    await t.followUps.bulkPut(followUps.map((row) => ({ ...row, contactId: keepId })));
    const deals = await t.deals.where('contactIds').equals(mergeId).toArray();
    await t.deals.bulkPut(
      deals.map((deal) => ({
        ...deal,
        contactIds: [...new Set(deal.contactIds.map((c) => (c === mergeId ? keepId : c)))],
      })),
    );
    await t.contacts.delete(mergeId);
    await t.contacts.put(merged);
    return merged;
  });
}

/** Contacts whose name or an address starts with `query` (any case); recent first without one. */
export async function listContacts(db: MailDb, query = '', limit = 200): Promise<StoredContact[]> {
  const text = query.trim();
  if (text.length === 0) return db.contacts.orderBy('updatedAt').reverse().limit(limit).toArray();
  const [byName, byAddress] = await Promise.all([
    db.contacts.where('nameKeys').startsWith(nameKey(text)).limit(limit).toArray(),
    db.contacts.where('addresses').startsWith(text.toLowerCase()).limit(limit).toArray(),
  ]);
  const found = new Map<string, StoredContact>();
  for (const contact of [...byName, ...byAddress]) found.set(contact.id, contact);
  return [...found.values()]
    .sort((a, b) => displayName(a).localeCompare(displayName(b)))
    .slice(0, limit);
}

/** Groups of contacts that share a name key or an address (two or more each). */
export async function findDuplicateContacts(db: MailDb): Promise<StoredContact[][]> {
  const contacts = await db.contacts.toArray();
  const parent = contacts.map((_, i) => i);
  const root = (i: number): number => {
    let at = i;
    while (parent[at] !== at) at = parent[at] ?? at;
    return at;
  };
  const firstByKey = new Map<string, number>();
  contacts.forEach((contact, i) => {
    const keys = [
      ...contact.nameKeys.map((k) => `name:${k}`),
      ...contact.addresses.map((a) => `address:${a}`),
    ];
    for (const key of keys) {
      const first = firstByKey.get(key);
      if (first === undefined) firstByKey.set(key, i);
      else parent[root(i)] = root(first);
    }
  });
  const groups = new Map<number, StoredContact[]>();
  contacts.forEach((contact, i) => {
    const r = root(i);
    groups.set(r, [...(groups.get(r) ?? []), contact]);
  });
  return [...groups.values()].filter((group) => group.length > 1);
}
