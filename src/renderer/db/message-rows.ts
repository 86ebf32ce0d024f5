/** Turns a synced MessageRecord into the cache's rows, and flags into the indexed bits. */
import type { MessageBody, MessageRecord } from '../../shared/sync';
import type { Bit, CachedBody, CachedMessage, Membership } from './records';

const SNIPPET_LENGTH = 200;
/** Enough HTML to find the first words without scanning a huge newsletter. */
const HTML_SCAN_LENGTH = 20_000;

/** The first words of a body, as plain text. */
export function snippetOf(body: MessageBody): string {
  const source =
    body.text ??
    (body.html ?? '')
      .slice(0, HTML_SCAN_LENGTH)
      .replace(/<(style|script|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;/gi, ' ');
  return source.replace(/\s+/g, ' ').trim().slice(0, SNIPPET_LENGTH);
}

/** How far ahead a Date header may run: senders' clocks drift, and time zones get mislabeled. */
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

/**
 * A message date in ms for the list index: the Date header, unless it is broken or more than a
 * day in the future (spam dated years ahead would otherwise sit at the top of the inbox for
 * ever); then the time the server received it, and 0 when neither can be read. The header is
 * judged against `now`, not against the server's date: some servers report one bogus internal
 * date (1970) for every message, and their mail must still sort by its headers.
 */
export function timeOf(date: string, internalDate: string, now = Date.now()): number {
  const time = Date.parse(date);
  if (Number.isFinite(time) && time <= now + FUTURE_SLACK_MS) return time;
  const internal = Date.parse(internalDate);
  if (Number.isFinite(internal)) return internal;
  return Number.isFinite(time) ? time : 0;
}

function hasFlag(flags: readonly string[], flag: string): boolean {
  const wanted = flag.toLowerCase();
  return flags.some((f) => f.toLowerCase() === wanted);
}

/** The indexed bits that follow from a flag list. */
export function flagBits(flags: readonly string[]): { unread: Bit; flagged: Bit } {
  return { unread: hasFlag(flags, '\\Seen') ? 0 : 1, flagged: hasFlag(flags, '\\Flagged') ? 1 : 0 };
}

/**
 * The message row for `record`. A record without a body keeps the body state (and the attachment
 * mark read from that body) of the row it replaces: the same message synced from a folder outside
 * the history window must not forget a body downloaded through another folder.
 */
export function toCachedMessage(
  accountId: string,
  record: MessageRecord,
  existing: CachedMessage | undefined,
): CachedMessage {
  const body = record.body;
  return {
    accountId,
    messageKey: record.messageKey,
    messageId: record.messageId,
    gmailMessageId: record.gmailMessageId,
    gmailThreadId: record.gmailThreadId,
    gmailLabels: record.gmailLabels,
    subject: record.subject,
    from: record.from,
    to: record.to,
    cc: record.cc,
    replyTo: record.replyTo,
    date: record.date,
    internalDate: record.internalDate,
    size: record.size,
    inReplyTo: record.inReplyTo,
    references: record.references,
    listId: record.listId,
    listUnsubscribe: record.listUnsubscribe,
    autoSubmitted: record.autoSubmitted,
    precedence: record.precedence,
    // Without a body the mark is a guess from the Content-Type; a parsed body knows better.
    hasAttachments:
      body === undefined && existing?.hasBody === true
        ? existing.hasAttachments
        : record.hasAttachments,
    hasBody: body !== undefined || (existing?.hasBody ?? false),
    snippet: body !== undefined ? snippetOf(body) : existing?.snippet,
  };
}

/** The membership row for `record` in `folder`. */
export function toMembership(accountId: string, folder: string, record: MessageRecord): Membership {
  return {
    accountId,
    folder,
    uidValidity: record.uidValidity,
    uid: record.uid,
    messageKey: record.messageKey,
    flags: record.flags,
    time: timeOf(record.date, record.internalDate),
    ...flagBits(record.flags),
  };
}

/** The body row for a downloaded body. */
export function toCachedBody(accountId: string, messageKey: string, body: MessageBody): CachedBody {
  return {
    accountId,
    messageKey,
    text: body.text,
    html: body.html,
    attachments: body.attachments,
    parseWarning: body.parseWarning,
  };
}
