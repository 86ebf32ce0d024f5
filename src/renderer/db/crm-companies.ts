/**
 * Companies and deals: saved with normalized keys, deleted with their links; what pointed at a
 * deleted company (contacts, deals) keeps going without it.
 */
import { fail } from '../../shared/errors';
import type { CompanyRecord, DealRecord, RecordSource } from '../../shared/crm/types';
import { newId } from './crm-context';
import { domainOf, isFreeMailDomain, nameKey } from './crm-engine';
import type { StoredCompany } from './crm-records';
import { dropRecordLinks } from './crm-link-edit';
import { inCrmTransaction } from './crm-tables';
import type { MailDb } from './mail-db';

/** What a company is saved from. */
export type CompanyInput = Omit<CompanyRecord, 'id' | 'createdAt' | 'updatedAt' | 'source'> & {
  id?: string;
  source?: RecordSource;
};

/** What a deal is saved from. */
export type DealInput = Omit<DealRecord, 'id' | 'createdAt' | 'updatedAt'> & { id?: string };

/** Saves a company; refuses a free-mail domain and a domain another company has. */
export async function saveCompany(
  db: MailDb,
  input: CompanyInput,
  now: Date = new Date(),
): Promise<StoredCompany> {
  const name = input.name.trim();
  if (name.length === 0) fail('INVALID_INPUT', 'A company needs a name.');
  const domains = [...new Set(input.domains.map(domainOf).filter((d) => d.length > 0))];
  const free = domains.find(isFreeMailDomain);
  if (free !== undefined) {
    fail('INVALID_INPUT', `${free} is a free-mail provider, not a company's domain.`);
  }
  return inCrmTransaction(db, 'rw', ['companies'], async (t) => {
    const existing = input.id === undefined ? undefined : await t.companies.get(input.id);
    if (domains.length > 0) {
      const owners = await t.companies.where('domains').anyOf(domains).toArray();
      const other = owners.find((c) => c.id !== input.id);
      if (other !== undefined) {
        const shared = domains.find((d) => other.domains.includes(d)) ?? domains[0];
        fail('INVALID_INPUT', `${shared} already belongs to ${other.name}.`);
      }
    }
    const stamp = now.toISOString();
    const company: StoredCompany = {
      ...input,
      id: input.id ?? newId(),
      name,
      domains,
      nameKey: nameKey(name),
      source: input.source ?? existing?.source ?? 'manual',
      createdAt: existing?.createdAt ?? stamp,
      updatedAt: stamp,
    };
    await t.companies.put(company);
    return company;
  });
}

/** One company, or undefined. */
export function getCompany(db: MailDb, id: string): Promise<StoredCompany | undefined> {
  return db.companies.get(id);
}

/** Deletes a company and its links; its contacts and deals stay, without it. */
export async function deleteCompany(db: MailDb, id: string): Promise<void> {
  await inCrmTransaction(db, 'rw', ['companies', 'contacts', 'deals', 'linkGroups'], async (t) => {
    await dropRecordLinks(t, 'company', id);
    await t.contacts
      .where('companyId')
      .equals(id)
      .modify((contact) => {
        delete (contact as { companyId?: string }).companyId;
      });
    await t.deals
      .where('companyId')
      .equals(id)
      .modify((deal) => {
        delete (deal as { companyId?: string }).companyId;
      });
    await t.companies.delete(id);
  });
}

/** Companies whose name or a domain starts with `query`; all by name without one. */
export async function listCompanies(db: MailDb, query = ''): Promise<StoredCompany[]> {
  const text = query.trim();
  const found =
    text.length === 0
      ? await db.companies.orderBy('nameKey').toArray()
      : await db.companies
          .where('nameKey')
          .startsWith(nameKey(text))
          .or('domains')
          .startsWith(text.toLowerCase())
          .toArray();
  const unique = new Map(found.map((c) => [c.id, c]));
  return [...unique.values()].sort((a, b) => a.nameKey.localeCompare(b.nameKey));
}

/** Saves a deal; its stage must be named. */
export async function saveDeal(
  db: MailDb,
  input: DealInput,
  now: Date = new Date(),
): Promise<DealRecord> {
  const name = input.name.trim();
  if (name.length === 0) fail('INVALID_INPUT', 'A deal needs a name.');
  if (input.stage.trim().length === 0) fail('INVALID_INPUT', 'A deal needs a stage.');
  const existing = input.id === undefined ? undefined : await db.deals.get(input.id);
  const stamp = now.toISOString();
  const deal: DealRecord = {
    ...input,
    id: input.id ?? newId(),
    name,
    contactIds: [...new Set(input.contactIds)],
    createdAt: existing?.createdAt ?? stamp,
    updatedAt: stamp,
  };
  await db.deals.put(deal);
  return deal;
}

/** One deal, or undefined. */
export function getDeal(db: MailDb, id: string): Promise<DealRecord | undefined> {
  return db.deals.get(id);
}

/** Deletes a deal and its links. */
export async function deleteDeal(db: MailDb, id: string): Promise<void> {
  await inCrmTransaction(db, 'rw', ['deals', 'linkGroups'], async (t) => {
    await dropRecordLinks(t, 'deal', id);
    await t.deals.delete(id);
  });
}

/** Which deals to list. */
export interface DealFilter {
  readonly stage?: string;
  readonly contactId?: string;
  readonly companyId?: string;
}

/** Deals matching every given condition, most recently changed first. */
export async function listDeals(db: MailDb, filter: DealFilter = {}): Promise<DealRecord[]> {
  const base =
    filter.contactId !== undefined
      ? db.deals.where('contactIds').equals(filter.contactId)
      : filter.companyId !== undefined
        ? db.deals.where('companyId').equals(filter.companyId)
        : filter.stage !== undefined
          ? db.deals.where('stage').equals(filter.stage)
          : db.deals.toCollection();
  const deals = await base
    .filter(
      (d) =>
        (filter.stage === undefined || d.stage === filter.stage) &&
        (filter.companyId === undefined || d.companyId === filter.companyId),
    )
    .toArray();
  return deals.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}
