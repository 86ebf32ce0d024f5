/**
 * "Create contacts from my mail": the people the user writes to or hears from who are not
 * contacts yet, one contact per normalized address, and optionally a company per domain. The
 * plan is computed before anything is written, so the dry run shows exactly what applying does;
 * every address left out is counted under its reason.
 */
import { countOf as plural, formatCount as number } from '../text/counts';
import { domainOf, isFreeMailDomain, isMailAddress, normalizeAddress } from './addresses';
import { bulkReason, bulkReasonLabel, excludedAddressPattern } from './bulk-mail';
import { companyForDomain, contactByUniqueName, type CrmIndex } from './crm-index';
import { companyNameOf, splitDisplayName } from './display-name';
import { neverAddressKey, neverDomainKey } from './suppression-keys';
import type { CompanyRecord, ContactRecord, CrmMessage } from './types';

export interface AutoCreateOptions {
  readonly excludePatterns: readonly string[];
  readonly myAddresses: ReadonlySet<string>;
  readonly createCompanies: boolean;
  readonly now: Date;
  readonly newId: () => string;
  /** The user's "never link" choices (LinkSuppression keys); those addresses are skipped. */
  readonly suppressed?: (key: string) => boolean;
}

export interface AutoCreatePlan {
  readonly contacts: readonly ContactRecord[];
  readonly companies: readonly CompanyRecord[];
  readonly skipped: Readonly<Record<string, number>>;
  /** "412 contacts would be created; 1,380 skipped: List-Id 903, Auto-Submitted 211, ..." */
  readonly summary: string;
}

/** The skip reasons besides BulkReason labels. */
export const SKIP_OWN_ADDRESS = 'own address';
export const SKIP_EXISTING_CONTACT = 'already a contact';
/** linkMessage links such mail to that contact by name: a second contact would be a duplicate. */
export const SKIP_SAME_NAME = 'same name as a contact';
export const SKIP_NEVER_LINK = 'never link';
export const SKIP_NOT_AN_ADDRESS = 'not an address';
export const SKIP_FREE_MAIL_COMPANY = 'free-mail domain for company';

/** What the messages say about one address. */
interface Seen {
  /** Display names from mail by a person, with how often each was used. */
  readonly names: Map<string, number>;
  personal: boolean;
  /** The reason of the first bulk message it appeared in. */
  bulk?: string;
}

/** Incoming mail: the sender; outgoing mail: the recipients. */
function peopleOf(message: CrmMessage): CrmMessage['from'] {
  return message.outgoing ? [...message.to, ...message.cc] : message.from;
}

function collect(
  messages: Iterable<CrmMessage>,
  excludePatterns: readonly string[],
): Map<string, Seen> {
  const seen = new Map<string, Seen>();
  for (const message of messages) {
    const reason = bulkReason(message, excludePatterns);
    for (const person of peopleOf(message)) {
      const address = normalizeAddress(person.address);
      if (address.length === 0) continue;
      let entry = seen.get(address);
      if (entry === undefined) {
        entry = { names: new Map(), personal: false };
        seen.set(address, entry);
      }
      if (reason !== undefined) {
        entry.bulk ??= bulkReasonLabel(reason);
        continue;
      }
      entry.personal = true;
      const name = person.name.trim();
      if (name.length > 0) entry.names.set(name, (entry.names.get(name) ?? 0) + 1);
    }
  }
  return seen;
}

/** The most used display name; ties go to the first in code-point order (deterministic). */
function bestName(names: ReadonlyMap<string, number>): string {
  let best = '';
  let bestCount = 0;
  for (const [name, count] of names) {
    if (count > bestCount || (count === bestCount && name < best)) {
      best = name;
      bestCount = count;
    }
  }
  return best;
}

function sorted(values: Iterable<string>): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The sentence the dry run shows. */
export function autoCreateSummary(
  contacts: number,
  companies: number,
  skipped: Readonly<Record<string, number>>,
): string {
  const created =
    companies > 0
      ? `${plural(contacts, 'contact', 'contacts')} and ${plural(companies, 'company', 'companies')}`
      : plural(contacts, 'contact', 'contacts');
  const entries = Object.entries(skipped).sort(
    ([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0),
  );
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  const reasons = entries.map(([reason, count]) => `${reason} ${number(count)}`).join(', ');
  return total === 0
    ? `${created} would be created; nothing skipped`
    : `${created} would be created; ${number(total)} skipped: ${reasons}`;
}

/**
 * Plans the contacts (and companies) to create. Contacts take the companyId of their domain's
 * company, existing or planned; free-mail domains never make a company. Addresses are handled in
 * sorted order and ids drawn in that order, so the same input gives the same plan.
 */
export function planAutoCreate(
  messages: Iterable<CrmMessage>,
  index: CrmIndex,
  options: AutoCreateOptions,
): AutoCreatePlan {
  const suppressed = options.suppressed ?? (() => false);
  const mine = new Set([...options.myAddresses].map(normalizeAddress));
  const skipped: Record<string, number> = {};
  const skip = (reason: string): void => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  };

  const chosen: { address: string; seen: Seen }[] = [];
  const seen = collect(messages, options.excludePatterns);
  for (const address of sorted(seen.keys())) {
    const entry = seen.get(address);
    if (entry === undefined) continue;
    const pattern = excludedAddressPattern(address, options.excludePatterns);
    if (!isMailAddress(address)) skip(SKIP_NOT_AN_ADDRESS);
    else if (mine.has(address)) skip(SKIP_OWN_ADDRESS);
    else if (index.contactByAddress.has(address)) skip(SKIP_EXISTING_CONTACT);
    else if (suppressed(neverAddressKey(address)) || suppressed(neverDomainKey(domainOf(address))))
      skip(SKIP_NEVER_LINK);
    else if (!entry.personal) skip(entry.bulk ?? SKIP_NOT_AN_ADDRESS);
    // Written to by the user, but still a robot (a reply to noreply@).
    else if (pattern !== undefined) skip(pattern);
    else if (contactByUniqueName(index, bestName(entry.names)) !== undefined) skip(SKIP_SAME_NAME);
    else chosen.push({ address, seen: entry });
  }

  const createdAt = options.now.toISOString();
  const companyIdByDomain = new Map<string, string>();
  const companies: CompanyRecord[] = [];
  if (options.createCompanies) {
    const newDomains = new Set<string>();
    for (const { address } of chosen) {
      const domain = domainOf(address);
      if (isFreeMailDomain(domain)) skip(SKIP_FREE_MAIL_COMPANY);
      else if (companyForDomain(index, domain) === undefined) newDomains.add(domain);
    }
    for (const domain of sorted(newDomains)) {
      const company: CompanyRecord = {
        id: options.newId(),
        name: companyNameOf(domain),
        domains: [domain],
        source: 'auto',
        createdAt,
        updatedAt: createdAt,
      };
      companies.push(company);
      companyIdByDomain.set(domain, company.id);
    }
  }

  const contacts = chosen.map(({ address, seen: entry }): ContactRecord => {
    const domain = domainOf(address);
    const companyId = companyForDomain(index, domain)?.company.id ?? companyIdByDomain.get(domain);
    return {
      id: options.newId(),
      ...splitDisplayName(bestName(entry.names), address),
      addresses: [address],
      phone: '',
      title: '',
      ...(companyId !== undefined ? { companyId } : {}),
      owner: '',
      notes: '',
      tags: [],
      source: 'auto',
      createdAt,
      updatedAt: createdAt,
    };
  });

  return {
    contacts,
    companies,
    skipped,
    summary: autoCreateSummary(contacts.length, companies.length, skipped),
  };
}
