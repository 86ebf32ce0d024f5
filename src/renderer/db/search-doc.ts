/**
 * What the search index holds of a message: its tokens (stored in searchPostings, token →
 * message keys) and a doc row with the links threads follow. Field filters are tokens with a
 * prefix ("f:ann", "t:bob", "has:attachment"), so those filters are one index lookup each.
 */
import type { MailAddress } from '../../shared/sync';
import type { Bit, CachedBody, CachedMessage } from './records';

/**
 * The docs (by number n) that had `token` in one indexing chunk (`segment`). A doc may be listed
 * again in a later segment (its body arrived) and may since have been removed: readers skip
 * numbers whose doc is gone (the DOC_TIMES rows say which).
 */
export interface SearchPosting {
  readonly token: string;
  readonly segment: number;
  readonly docs: Uint32Array;
  /** Of `docs`, those whose subject has the token: subject: needs no doc or message read. */
  readonly subject?: Uint32Array;
  /** Only in DOC_TIMES rows: the date (ms) of each of `docs`, NaN for a doc since removed. */
  readonly times?: Float64Array;
}

/**
 * The token of the rows (one per segment) that give each doc's date, and tombstones (NaN) of
 * removed docs: a search filters and sorts its candidates by date from these few rows, without
 * reading a doc or message per candidate. Real tokens never hold NUL.
 */
export const DOC_TIMES = '\u0000times';

/** The token of the one row ([FORMAT_TOKEN, 0]) whose docs[0] is the index's format version. */
export const FORMAT_TOKEN = '\u0000format';

/**
 * The layout of searchDocs and searchPostings; an index of another version is dropped and
 * rebuilt by the indexer. 2: DOC_TIMES rows and subject lists in postings.
 */
export const INDEX_FORMAT = 2;

/** The thread and coverage row of one message. */
export interface SearchDoc {
  /** The doc's number, given when it is first stored; postings list docs by it. */
  readonly n?: number;
  readonly accountId: string;
  readonly messageKey: string;
  /** `accountId NUL message-id` of each message this one refers to (References, In-Reply-To). */
  readonly links: readonly string[];
  /** The subject without Re:/Fwd: prefixes, lower case: the subject fallback of threads. */
  readonly subjectKey: string;
  /** The message date in ms. */
  readonly time: number;
  /** 1 once the body was indexed. */
  readonly body: Bit;
}

/** Body text beyond this is not indexed: the first pages carry what people search for. */
const BODY_CHARS = 20_000;
/** Distinct body words kept per message, so one huge newsletter cannot bloat the index. */
const BODY_TOKENS = 600;
const MIN_TOKEN = 2;
const MAX_TOKEN = 40;

/** Lower case, accents removed: "Café" and "cafe" are one token. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The words of `text` as index tokens (letters and digits, 2 to 40 characters). */
export function tokenize(text: string): string[] {
  const words = fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((word) => word.length >= MIN_TOKEN && word.length <= MAX_TOKEN);
}

/** The subject a thread is recognised by: without "Re:", "Fwd:", "AW:" and list tags. */
export function subjectKeyOf(subject: string): string {
  let rest = subject.trim();
  for (;;) {
    const next = rest.replace(/^(?:(?:re|fwd?|aw|sv|wg)(?:\[\d+\])?\s*:|\[[^\]]{1,40}\])\s*/i, '');
    if (next === rest) break;
    rest = next;
  }
  return fold(rest).replace(/\s+/g, ' ').trim();
}

/** A Message-ID as stored in links: lower case, with its angle brackets. */
export function messageIdKey(accountId: string, messageId: string): string {
  const id = messageId.trim().toLowerCase();
  return `${accountId}\u0000${id.startsWith('<') ? id : `<${id}>`}`;
}

function addressTokens(prefix: string, addresses: readonly MailAddress[], into: Set<string>) {
  for (const { name, address } of addresses) {
    const lower = address.toLowerCase();
    if (lower !== '') {
      into.add(`${prefix}${lower}`);
      into.add(lower);
    }
    for (const word of tokenize(`${name} ${address}`)) {
      into.add(`${prefix}${word}`);
      into.add(word);
    }
  }
}

function plainText(body: CachedBody): string {
  if (body.text !== undefined) return body.text.slice(0, BODY_CHARS);
  return (body.html ?? '')
    .slice(0, BODY_CHARS * 3)
    .replace(/<(style|script|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/gi, ' ');
}

/** The doc row and the tokens of `message`, with its body's words when the body is cached. */
export function toSearchDoc(
  message: CachedMessage,
  body: CachedBody | undefined,
  time: number,
): {
  readonly doc: SearchDoc;
  readonly tokens: readonly string[];
  readonly subjectTokens: readonly string[];
} {
  const tokens = new Set<string>();
  addressTokens('f:', message.from, tokens);
  addressTokens('t:', [...message.to, ...message.cc], tokens);
  // Subject words are plain tokens, and each posting also lists the docs that have its token in
  // the subject (an "s:" copy of every subject word doubled the index for a rarely used filter).
  const subjectTokens = [...new Set(tokenize(message.subject))];
  for (const word of subjectTokens) tokens.add(word);
  const attachments = body?.attachments.some((a) => !a.inline) ?? false;
  if (message.hasAttachments || attachments) tokens.add('has:attachment');
  if (body !== undefined) {
    let kept = 0;
    for (const word of tokenize(plainText(body))) {
      if (kept >= BODY_TOKENS) break;
      if (!tokens.has(word)) {
        tokens.add(word);
        kept += 1;
      }
    }
  }
  const ids = [...message.references, ...(message.inReplyTo ? [message.inReplyTo] : [])];
  const links = [...new Set(ids.map((id) => messageIdKey(message.accountId, id)))];
  const doc: SearchDoc = {
    accountId: message.accountId,
    messageKey: message.messageKey,
    links,
    subjectKey: subjectKeyOf(message.subject),
    time,
    body: body === undefined ? 0 : 1,
  };
  return { doc, tokens: [...tokens], subjectTokens };
}
