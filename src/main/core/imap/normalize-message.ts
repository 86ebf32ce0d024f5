/**
 * Turns one FETCH response (envelope, flags, size, internal date, body structure and a few
 * header fields) into the MessageRecord the renderer stores. Broken input gives the best record
 * it can (empty subject, internal date for a missing Date) instead of failing the message.
 */
import type { FetchMessageObject } from 'imapflow';
import type { MessageRecord } from '../../../shared/sync';
import { envelopeOf } from './header-envelope';
import { firstField, messageIdList, parseHeaderFields, referencesOf } from './header-fields';
import { messageKey } from './message-key';

/** Header fields besides the envelope's that every message is fetched with. */
export const EXTRA_HEADER_FIELDS = [
  'references',
  'list-id',
  'list-unsubscribe',
  'auto-submitted',
  'precedence',
  'content-type',
] as const;

/** What normalizeMessage reads of a message's FETCH response (imapflow's or the raw reader's). */
export type HeaderMessage = Pick<
  FetchMessageObject,
  'uid' | 'flags' | 'size' | 'internalDate' | 'headers' | 'emailId' | 'threadId' | 'labels'
>;

/** Where a message lives. */
export interface NormalizeContext {
  readonly accountId: string;
  readonly folder: string;
  readonly uidValidity: number;
  /** The server has X-GM-EXT-1 (Gmail): emailId is X-GM-MSGID and threadId X-GM-THRID. */
  readonly gmail: boolean;
}

/** A date as ISO 8601, or undefined when missing or not a real date. */
function isoDate(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  const time = date.getTime();
  return Number.isFinite(time) ? date.toISOString() : undefined;
}

/**
 * Whether a message has attachments, judged from its top-level Content-Type before its body is
 * downloaded (as Thunderbird does for headers-only mail): multipart/mixed, or a single part that
 * is neither text nor a container. Not asking for BODYSTRUCTURE keeps the header pass about a
 * quarter faster (bench:sync); bodyHasAttachments() corrects the mark once a body is parsed.
 */
export function attachmentHint(contentType: string | undefined): boolean {
  const type = (contentType ?? 'text/plain').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'multipart/mixed') return true;
  return !/^(text|multipart|message)\//.test(type) && type.includes('/');
}

/**
 * Flags as stored: sorted, without \Recent, which belongs to one session only (RFC 3501
 * section 2.3.2; IMAP4rev2, RFC 9051, dropped it) and would differ between every two syncs.
 */
export function storedFlags(flags: Iterable<string> | undefined): string[] {
  return [...(flags ?? [])].filter((flag) => flag.toLowerCase() !== '\\recent').sort();
}

/** The facts the body rule needs, besides the record. */
export interface NormalizedMessage {
  readonly record: MessageRecord;
  /**
   * The message's age for the history window (ms since epoch): the earlier of the Date header
   * and the internal date. Mail imported with APPEND has a recent internal date but an old Date
   * header; a sender can fake the header but not make the server's own date older.
   */
  readonly receivedAt: number;
  readonly seen: boolean;
}

/** Normalizes one FETCH response. */
export function normalizeMessage(
  message: HeaderMessage,
  context: NormalizeContext,
): NormalizedMessage {
  const fields = parseHeaderFields(message.headers);
  const envelope = envelopeOf(fields);
  const internalDate = isoDate(message.internalDate) ?? new Date(0).toISOString();
  const date = isoDate(envelope.date) ?? internalDate;
  const { from, subject } = envelope;
  const messageId = messageIdList(envelope.messageId)[0] ?? envelope.messageId;
  const gmailMessageId = context.gmail ? message.emailId : undefined;
  const gmailThreadId = context.gmail ? message.threadId : undefined;
  const flags = storedFlags(message.flags);
  const listId = firstField(fields, 'list-id');
  const listUnsubscribe = firstField(fields, 'list-unsubscribe');
  const autoSubmitted = firstField(fields, 'auto-submitted');
  const precedence = firstField(fields, 'precedence');
  const inReplyTo = messageIdList(envelope.inReplyTo)[0];
  const record: MessageRecord = {
    accountId: context.accountId,
    folder: context.folder,
    uidValidity: context.uidValidity,
    uid: message.uid,
    messageKey: messageKey({
      gmailMessageId,
      messageId,
      date: isoDate(envelope.date),
      fromAddress: from[0]?.address,
      subject,
    }),
    ...(messageId !== undefined && messageId.length > 0 ? { messageId } : {}),
    ...(gmailMessageId !== undefined ? { gmailMessageId } : {}),
    ...(gmailThreadId !== undefined ? { gmailThreadId } : {}),
    ...(context.gmail && message.labels !== undefined
      ? { gmailLabels: [...message.labels].sort() }
      : {}),
    subject,
    from,
    to: envelope.to,
    cc: envelope.cc,
    replyTo: envelope.replyTo,
    date,
    internalDate,
    flags,
    size: message.size ?? 0,
    ...(inReplyTo !== undefined ? { inReplyTo } : {}),
    references: referencesOf(fields),
    ...(listId !== undefined ? { listId } : {}),
    ...(listUnsubscribe !== undefined ? { listUnsubscribe } : {}),
    ...(autoSubmitted !== undefined ? { autoSubmitted } : {}),
    ...(precedence !== undefined ? { precedence } : {}),
    hasAttachments: attachmentHint(firstField(fields, 'content-type')),
  };
  return {
    record,
    receivedAt: Math.min(Date.parse(internalDate), Date.parse(date)),
    seen: flags.some((flag) => flag.toLowerCase() === '\\seen'),
  };
}
