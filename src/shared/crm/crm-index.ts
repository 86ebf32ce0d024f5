/**
 * Lookup tables over the CRM records, built once per linking run so that linking a message is a
 * handful of map reads. Ties are broken by record id, so the same records give the same index
 * whatever order the store returned them in.
 */
import {
  contactNameKeys,
  domainOf,
  isFreeMailDomain,
  nameKey,
  normalizeAddress,
} from './addresses';
import type { CompanyRecord, ContactRecord, DealRecord } from './types';

/** The CRM records arranged for linking. */
export interface CrmIndex {
  /** By normalized address. */
  readonly contactByAddress: ReadonlyMap<string, ContactRecord>;
  /** By nameKey of "first last" and "last first"; only names of two words or more. */
  readonly contactsByName: ReadonlyMap<string, readonly ContactRecord[]>;
  readonly contactById: ReadonlyMap<string, ContactRecord>;
  /** By domain (lower case, no "www."); free-mail domains are never indexed. */
  readonly companyByDomain: ReadonlyMap<string, CompanyRecord>;
  readonly companyById: ReadonlyMap<string, CompanyRecord>;
  /** Open deals by the ids of their contacts. */
  readonly openDealsByContact: ReadonlyMap<string, readonly DealRecord[]>;
  /** Open deals by their company id. */
  readonly openDealsByCompany: ReadonlyMap<string, readonly DealRecord[]>;
}

function byId<T extends { readonly id: string }>(records: readonly T[]): T[] {
  return [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** Builds the index; the first record by id wins an address or domain two records share. */
export function buildCrmIndex(records: {
  contacts: readonly ContactRecord[];
  companies: readonly CompanyRecord[];
  deals: readonly DealRecord[];
}): CrmIndex {
  const contactByAddress = new Map<string, ContactRecord>();
  const contactsByName = new Map<string, ContactRecord[]>();
  const contactById = new Map<string, ContactRecord>();
  for (const contact of byId(records.contacts)) {
    contactById.set(contact.id, contact);
    for (const address of contact.addresses) {
      const key = normalizeAddress(address);
      if (key.length > 0 && !contactByAddress.has(key)) contactByAddress.set(key, contact);
    }
    for (const key of contactNameKeys(contact)) {
      // One word ("Anna") names too many people to link mail by it.
      if (key.includes(' ')) push(contactsByName, key, contact);
    }
  }
  const companyByDomain = new Map<string, CompanyRecord>();
  const companyById = new Map<string, CompanyRecord>();
  for (const company of byId(records.companies)) {
    companyById.set(company.id, company);
    for (const raw of company.domains) {
      const domain = domainOf(raw);
      if (domain.length === 0 || isFreeMailDomain(domain) || companyByDomain.has(domain)) continue;
      companyByDomain.set(domain, company);
    }
  }
  const openDealsByContact = new Map<string, DealRecord[]>();
  const openDealsByCompany = new Map<string, DealRecord[]>();
  for (const deal of byId(records.deals)) {
    if (deal.status !== 'open') continue;
    for (const contactId of deal.contactIds) push(openDealsByContact, contactId, deal);
    if (deal.companyId !== undefined) push(openDealsByCompany, deal.companyId, deal);
  }
  return {
    contactByAddress,
    contactsByName,
    contactById,
    companyByDomain,
    companyById,
    openDealsByContact,
    openDealsByCompany,
  };
}

/**
 * The company of a domain or of its parent domains ("eu.mail.acme.io" finds "acme.io"), with
 * the domain that matched; never for a free-mail domain.
 */
export function companyForDomain(
  index: CrmIndex,
  domain: string,
): { company: CompanyRecord; domain: string } | undefined {
  let current = domainOf(domain);
  if (isFreeMailDomain(current)) return undefined;
  while (current.includes('.')) {
    const company = index.companyByDomain.get(current);
    if (company !== undefined) return { company, domain: current };
    current = current.slice(current.indexOf('.') + 1);
  }
  return undefined;
}

/** The contact a display name names, when exactly one contact has that (two-word) name. */
export function contactByUniqueName(index: CrmIndex, name: string): ContactRecord | undefined {
  const key = nameKey(name);
  if (!key.includes(' ')) return undefined;
  const found = index.contactsByName.get(key);
  return found?.length === 1 ? found[0] : undefined;
}
