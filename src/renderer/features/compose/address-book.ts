/**
 * The addresses the user has mail from or to, for completion in To, Cc and Bcc. Read once per
 * compose pane from the cached messages: an unindexed scan capped at SCAN_LIMIT rows keeps it
 * to a few milliseconds even on a large cache (the CRM's contacts will come first later).
 */
import { countAddresses, type KnownAddress } from '../../../shared/compose/completion';
import type { MailDb } from '../../db/mail-db';

/** Messages read for the address book. */
export const SCAN_LIMIT = 5000;

/** Every address of the last SCAN_LIMIT messages in primary-key order, with counts. */
export async function loadAddressBook(db: MailDb, limit = SCAN_LIMIT): Promise<KnownAddress[]> {
  const messages = await db.messages.reverse().limit(limit).toArray();
  return countAddresses(
    messages.flatMap((message) => [message.from, message.to, message.cc, message.replyTo]),
  );
}
