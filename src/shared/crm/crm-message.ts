/**
 * The adapter from a cached message to what the CRM looks at. Only the fields the CRM needs are
 * copied, so that the engine stays independent of how the cache stores bodies and flags.
 */
import { normalizeAddress } from './addresses';
import type { MessageRecord } from '../sync';
import type { CrmMessage } from './types';

/** The fields of a MessageRecord the CRM reads. */
export type CrmSource = Pick<
  MessageRecord,
  'accountId' | 'messageKey' | 'subject' | 'from' | 'to' | 'cc' | 'date' | 'references'
> &
  Partial<
    Pick<
      MessageRecord,
      | 'messageId'
      | 'gmailThreadId'
      | 'inReplyTo'
      | 'listId'
      | 'listUnsubscribe'
      | 'autoSubmitted'
      | 'precedence'
      | 'internalDate'
    >
  >;

/** A CrmMessage from a cached record; `outgoing` says whether the account sent it. */
export function crmMessageOf(record: CrmSource, outgoing: boolean): CrmMessage {
  return {
    accountId: record.accountId,
    messageKey: record.messageKey,
    ...(record.messageId !== undefined ? { messageId: record.messageId } : {}),
    ...(record.gmailThreadId !== undefined ? { gmailThreadId: record.gmailThreadId } : {}),
    ...(record.inReplyTo !== undefined ? { inReplyTo: record.inReplyTo } : {}),
    references: record.references,
    subject: record.subject,
    from: record.from,
    to: record.to,
    cc: record.cc,
    date: record.date,
    ...(record.internalDate !== undefined ? { internalDate: record.internalDate } : {}),
    ...(record.listId !== undefined ? { listId: record.listId } : {}),
    ...(record.listUnsubscribe !== undefined ? { listUnsubscribe: record.listUnsubscribe } : {}),
    ...(record.autoSubmitted !== undefined ? { autoSubmitted: record.autoSubmitted } : {}),
    ...(record.precedence !== undefined ? { precedence: record.precedence } : {}),
    outgoing,
  };
}

const normalized = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();

/**
 * The user's addresses normalized, once per set (linking asks for every message of a pass).
 * The set must not change after its first use, as the linker's sets do not.
 */
export function normalizedAddresses(myAddresses: ReadonlySet<string>): ReadonlySet<string> {
  let found = normalized.get(myAddresses);
  if (found === undefined) {
    found = new Set([...myAddresses].map(normalizeAddress));
    normalized.set(myAddresses, found);
  }
  return found;
}

/** True when one of the user's addresses sent the message (for mail outside the Sent folder). */
export function isFromMe(
  record: Pick<MessageRecord, 'from'>,
  myAddresses: ReadonlySet<string>,
): boolean {
  const mine = normalizedAddresses(myAddresses);
  return record.from.some((sender) => mine.has(normalizeAddress(sender.address)));
}
