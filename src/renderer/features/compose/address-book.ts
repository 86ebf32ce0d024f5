/**
 * The addresses the user knows, for completion in To, Cc and Bcc: the CRM's contacts first (their
 * names as entered), then every address of the cached messages. The messages are read once per
 * compose pane by an unindexed scan capped at SCAN_LIMIT rows, a few milliseconds even on a
 * large cache. Also what the CRM knows of the recipients, for the template variables.
 */
import { useEffect, useState } from 'react';
import { countAddresses, type KnownAddress } from '../../../shared/compose/completion';
import type { RecipientRecord } from '../../../shared/compose/recipient-context';
import type { MailDb } from '../../db/mail-db';
import { formatValue } from '../crm/crm-format';

/** Messages read for the address book. */
export const SCAN_LIMIT = 5000;

/** Contacts rank above any address seen in mail: a count no mailbox reaches. */
const CONTACT_RANK = 1_000_000;

function fullName(contact: { readonly firstName: string; readonly lastName: string }): string {
  return [contact.firstName, contact.lastName]
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
}

/** Every contact address and every address of the last SCAN_LIMIT messages, with counts. */
export async function loadAddressBook(db: MailDb, limit = SCAN_LIMIT): Promise<KnownAddress[]> {
  const [messages, contacts] = await Promise.all([
    db.messages.reverse().limit(limit).toArray(),
    db.contacts.toArray(),
  ]);
  const seen = countAddresses(
    messages.flatMap((message) => [message.from, message.to, message.cc, message.replyTo]),
  );
  const byAddress = new Map(seen.map((entry) => [entry.address.toLowerCase(), entry]));
  for (const contact of contacts) {
    const name = fullName(contact);
    for (const address of contact.addresses) {
      const key = address.toLowerCase();
      const mail = byAddress.get(key);
      byAddress.set(key, {
        name: name || (mail?.name ?? ''),
        address: mail?.address ?? address,
        count: CONTACT_RANK + (mail?.count ?? 0),
      });
    }
  }
  return [...byAddress.values()];
}

/** What the CRM knows of each of `addresses` that belongs to a contact, by lower-case address. */
export async function loadRecipientRecords(
  db: MailDb,
  addresses: readonly string[],
): Promise<Map<string, RecipientRecord>> {
  const wanted = [...new Set(addresses.map((address) => address.trim().toLowerCase()))].filter(
    Boolean,
  );
  const found = new Map<string, RecipientRecord>();
  if (wanted.length === 0) return found;
  const contacts = await db.contacts.where('addresses').anyOf(wanted).toArray();
  for (const contact of contacts) {
    const company =
      contact.companyId === undefined ? undefined : await db.companies.get(contact.companyId);
    const deals = await db.deals.where('contactIds').equals(contact.id).toArray();
    // The deal being worked on: the open one changed last.
    const deal = deals
      .filter((candidate) => candidate.status === 'open')
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
    const record: RecipientRecord = {
      firstName: contact.firstName,
      lastName: contact.lastName,
      title: contact.title,
      phone: contact.phone,
      companyName: company?.name,
      companyDomain: company?.domains[0],
      dealName: deal?.name,
      dealStage: deal?.stage,
      dealValue: formatValue(deal?.value, deal?.currency) || undefined,
    };
    for (const address of contact.addresses) {
      if (wanted.includes(address.toLowerCase())) found.set(address.toLowerCase(), record);
    }
  }
  return found;
}

/**
 * The CRM's records of `addresses`, looked up again when the list changes; undefined until the
 * first lookup is done (templates then fall back to display names).
 */
export function useRecipientRecords(
  db: MailDb,
  addresses: readonly string[],
): ReadonlyMap<string, RecipientRecord> | undefined {
  const key = [...new Set(addresses.map((address) => address.trim().toLowerCase()))]
    .sort()
    .join('\n');
  const [records, setRecords] = useState<ReadonlyMap<string, RecipientRecord>>();
  useEffect(() => {
    let current = true;
    loadRecipientRecords(db, key === '' ? [] : key.split('\n')).then(
      (found) => {
        if (current) setRecords(found);
      },
      (thrown: unknown) => console.warn('Contact data for the recipients is unavailable', thrown),
    );
    return () => {
      current = false;
    };
  }, [db, key]);
  return records;
}
