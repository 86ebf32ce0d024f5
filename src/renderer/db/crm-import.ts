/**
 * Contacts in and out of files. An imported contact whose address is already known is merged
 * into that contact (blank fields filled, tags and notes added), never duplicated; a company
 * named in the file is found by name or created.
 */
import type { ContactRecord } from '../../shared/crm/types';
import { newId } from './crm-context';
import { cleanAddresses, mergedContact, toStoredContact } from './crm-contacts';
import {
  contactsToCsv,
  domainOf,
  isFreeMailDomain,
  isMailAddress,
  nameKey,
  type ContactDraft,
} from './crm-engine';
import type { StoredCompany } from './crm-records';
import { inCrmTransaction, type CrmTables } from './crm-tables';
import type { MailDb } from './mail-db';

/** What an import did. */
export interface ImportOutcome {
  readonly created: number;
  readonly merged: number;
  readonly errors: string[];
}

async function companyNamed(
  t: CrmTables,
  name: string,
  addresses: readonly string[],
  stamp: string,
): Promise<string | undefined> {
  const key = nameKey(name);
  if (key.length === 0) return undefined;
  const known = await t.companies.where('nameKey').equals(key).first();
  if (known !== undefined) return known.id;
  const domains = [...new Set(addresses.map(domainOf))].filter((d) => !isFreeMailDomain(d));
  const owned =
    domains.length === 0 ? [] : await t.companies.where('domains').anyOf(domains).toArray();
  const free = domains.filter((d) => !owned.some((c) => c.domains.includes(d)));
  const company: StoredCompany = {
    id: newId(),
    name: name.trim(),
    domains: free,
    nameKey: key,
    source: 'import',
    createdAt: stamp,
    updatedAt: stamp,
  };
  await t.companies.put(company);
  return company.id;
}

/** Imports drafts (from CSV or vCard); each is created or merged into the contact with its address. */
export async function importContacts(
  db: MailDb,
  drafts: readonly ContactDraft[],
  now: Date = new Date(),
): Promise<ImportOutcome> {
  const stamp = now.toISOString();
  return inCrmTransaction(db, 'rw', ['contacts', 'companies'], async (t) => {
    let created = 0;
    let merged = 0;
    const errors: string[] = [];
    for (const [at, draft] of drafts.entries()) {
      const label = `Entry ${at + 1}`;
      const addresses = cleanAddresses(draft.addresses);
      const bad = addresses.find((a) => !isMailAddress(a));
      if (bad !== undefined) {
        errors.push(`${label}: "${bad}" is not a mail address`);
        continue;
      }
      if (addresses.length === 0 && `${draft.firstName}${draft.lastName}`.trim().length === 0) {
        errors.push(`${label}: no name and no address`);
        continue;
      }
      const owners =
        addresses.length === 0
          ? []
          : await t.contacts.where('addresses').anyOf(addresses).toArray();
      const owner = owners[0];
      const companyId = await companyNamed(t, draft.company, addresses, stamp);
      const incoming: ContactRecord = {
        id: owner?.id ?? newId(),
        firstName: draft.firstName,
        lastName: draft.lastName,
        addresses,
        phone: draft.phone,
        title: draft.title,
        ...(companyId === undefined ? {} : { companyId }),
        owner: '',
        notes: draft.notes,
        tags: draft.tags,
        source: 'import',
        createdAt: stamp,
        updatedAt: stamp,
      };
      if (owner === undefined) {
        await t.contacts.put(toStoredContact(incoming));
        created += 1;
        continue;
      }
      if (owners.some((o) => o.id !== owner.id)) {
        errors.push(`${label}: its addresses belong to several contacts; merged into the first`);
      }
      // The other contacts' addresses stay theirs: an address belongs to one contact.
      const others = new Set(owners.filter((o) => o.id !== owner.id).flatMap((o) => o.addresses));
      const into = mergedContact(
        owner,
        { ...incoming, addresses: addresses.filter((a) => !others.has(a)) },
        now,
      );
      await t.contacts.put(toStoredContact(into));
      merged += 1;
    }
    return { created, merged, errors };
  });
}

/** Every contact as CSV (Google/Outlook-style columns), by name. */
export async function exportContactsCsv(db: MailDb): Promise<string> {
  const [contacts, companies] = await Promise.all([db.contacts.toArray(), db.companies.toArray()]);
  const names = new Map(companies.map((c) => [c.id, c.name]));
  contacts.sort((a, b) =>
    `${a.lastName} ${a.firstName}`.localeCompare(`${b.lastName} ${b.firstName}`),
  );
  return contactsToCsv(
    contacts.map((contact) => ({
      contact,
      companyName: names.get(contact.companyId ?? '') ?? '',
    })),
  );
}
