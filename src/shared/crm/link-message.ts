/**
 * Links one message to the CRM records it concerns, each link with the reason shown to the
 * user. Strongest reason first: address > name > domain > deal; one link per record; nothing the
 * user suppressed (a removed link, "never link this address / domain").
 */
import { contactDisplayName, domainOf, isFreeMailDomain, normalizeAddress } from './addresses';
import { companyForDomain, contactByUniqueName, type CrmIndex } from './crm-index';
import { normalizedAddresses } from './crm-message';
import { neverAddressKey, neverDomainKey, unlinkKey } from './suppression-keys';
import type { CompanyRecord, CrmMessage, LinkKind, LinkRow, RecordType } from './types';
import type { MailAddress } from '../sync';

export { neverAddressKey, neverDomainKey, unlinkKey } from './suppression-keys';

/** Lower is stronger. */
const STRENGTH: Readonly<Record<LinkKind, number>> = {
  address: 0,
  name: 1,
  domain: 2,
  deal: 3,
  routing: 4,
  manual: 5,
};

interface Candidate {
  readonly recordType: RecordType;
  readonly recordId: string;
  readonly kind: LinkKind;
  readonly reason: string;
}

/** Keeps the strongest candidate per record; the first one wins a tie (from, to, cc order). */
class Candidates {
  private readonly byRecord = new Map<string, Candidate>();

  offer(candidate: Candidate): void {
    const key = `${candidate.recordType}:${candidate.recordId}`;
    const held = this.byRecord.get(key);
    if (held === undefined || STRENGTH[candidate.kind] < STRENGTH[held.kind])
      this.byRecord.set(key, candidate);
  }

  list(): Candidate[] {
    return [...this.byRecord.values()];
  }
}

/** The participants of a message, the user's own addresses and never-linked ones left out. */
function otherParticipants(
  message: CrmMessage,
  suppressed: (key: string) => boolean,
  myAddresses: ReadonlySet<string>,
): { readonly address: string; readonly name: string }[] {
  const mine = normalizedAddresses(myAddresses);
  const all: readonly MailAddress[] = [...message.from, ...message.to, ...message.cc];
  return all.flatMap((participant) => {
    const address = normalizeAddress(participant.address);
    if (!address.includes('@') || mine.has(address)) return [];
    // "Never link" an address or a domain means nothing is derived from that participant.
    if (suppressed(neverAddressKey(address)) || suppressed(neverDomainKey(domainOf(address))))
      return [];
    return [{ address, name: participant.name.trim() }];
  });
}

/**
 * The links of one message. Participants are From, To and Cc except the user's own addresses.
 * A company reached through a contact's companyId gets the contact's kind (address or name)
 * with the reason "contact Anna Berg"; deals are reached only through contacts and companies
 * that are linked (a removed contact link does not come back as "deal via" that contact).
 */
export function linkMessage(
  message: CrmMessage,
  index: CrmIndex,
  suppressed: (key: string) => boolean,
  now: Date,
  myAddresses: ReadonlySet<string>,
): LinkRow[] {
  const allowed = (candidate: Candidate): boolean =>
    !suppressed(
      unlinkKey({
        accountId: message.accountId,
        messageKey: message.messageKey,
        recordType: candidate.recordType,
        recordId: candidate.recordId,
      }),
    );

  const contacts = new Candidates();
  const participants = otherParticipants(message, suppressed, myAddresses);
  for (const { address, name } of participants) {
    const byAddress = index.contactByAddress.get(address);
    if (byAddress !== undefined) {
      contacts.offer({
        recordType: 'contact',
        recordId: byAddress.id,
        kind: 'address',
        reason: `address ${address}`,
      });
      continue;
    }
    const byName = contactByUniqueName(index, name);
    if (byName !== undefined)
      contacts.offer({
        recordType: 'contact',
        recordId: byName.id,
        kind: 'name',
        reason: `name ${contactDisplayName(byName)}`,
      });
  }
  const linkedContacts = contacts.list().filter(allowed);

  const companies = new Candidates();
  for (const link of linkedContacts) {
    const contact = index.contactById.get(link.recordId);
    const company =
      contact?.companyId === undefined ? undefined : index.companyById.get(contact.companyId);
    if (contact === undefined || company === undefined) continue;
    companies.offer({
      recordType: 'company',
      recordId: company.id,
      kind: link.kind,
      reason: `contact ${contactDisplayName(contact)}`,
    });
  }
  for (const { address } of participants) {
    const domain = domainOf(address);
    if (isFreeMailDomain(domain)) continue;
    const found = companyForDomain(index, domain);
    if (found !== undefined)
      companies.offer({
        recordType: 'company',
        recordId: found.company.id,
        kind: 'domain',
        reason: `domain ${found.domain}`,
      });
  }
  const linkedCompanies = companies.list().filter(allowed);

  const deals = new Candidates();
  for (const link of linkedContacts) {
    const contact = index.contactById.get(link.recordId);
    if (contact === undefined) continue;
    for (const deal of index.openDealsByContact.get(contact.id) ?? [])
      deals.offer({
        recordType: 'deal',
        recordId: deal.id,
        kind: 'deal',
        reason: `deal via ${contactDisplayName(contact)}`,
      });
  }
  for (const link of linkedCompanies) {
    const company: CompanyRecord | undefined = index.companyById.get(link.recordId);
    if (company === undefined) continue;
    for (const deal of index.openDealsByCompany.get(company.id) ?? [])
      deals.offer({
        recordType: 'deal',
        recordId: deal.id,
        kind: 'deal',
        reason: `deal via ${company.name}`,
      });
  }
  const linkedDeals = deals.list().filter(allowed);

  const parsed = Date.parse(message.date);
  const time = Number.isFinite(parsed) ? parsed : 0;
  const createdAt = now.toISOString();
  return [...linkedContacts, ...linkedCompanies, ...linkedDeals].map((candidate) => ({
    accountId: message.accountId,
    messageKey: message.messageKey,
    recordType: candidate.recordType,
    recordId: candidate.recordId,
    kind: candidate.kind,
    reason: candidate.reason,
    time,
    createdAt,
  }));
}
