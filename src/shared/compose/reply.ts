/**
 * The headers of a reply or forward: subject prefix, In-Reply-To / References (RFC 5322 3.6.4)
 * and who the answer goes to.
 */
import type { MailAddress } from '../compose';

/** References longer than this keep the first one (the thread root) and the most recent ones. */
export const MAX_REFERENCES = 20;

/** The identifying headers of the message being answered. */
export interface OriginalIds {
  readonly messageId?: string;
  readonly references: readonly string[];
  readonly inReplyTo?: string;
}

/** In-Reply-To and References of a reply. */
export interface ReplyHeaders {
  readonly inReplyTo?: string;
  readonly references: readonly string[];
}

/**
 * RFC 5322 3.6.4: References is the parent's References (or, lacking that, its In-Reply-To)
 * followed by the parent's Message-ID; In-Reply-To is the parent's Message-ID. A long chain is
 * trimmed keeping the first (thread root) and the last ones, as threading needs those.
 */
export function replyHeaders(original: OriginalIds): ReplyHeaders {
  const parents =
    original.references.length > 0
      ? original.references
      : original.inReplyTo !== undefined
        ? [original.inReplyTo]
        : [];
  const chain = original.messageId === undefined ? [...parents] : [...parents, original.messageId];
  const unique = chain.filter((id, index) => chain.indexOf(id) === index);
  const references =
    unique.length <= MAX_REFERENCES
      ? unique
      : [unique[0] ?? '', ...unique.slice(unique.length - (MAX_REFERENCES - 1))];
  return { inReplyTo: original.messageId, references };
}

const REPLY_PREFIX = /^\s*(re|aw|sv|antw)\s*(\[\d+\])?\s*:\s*/i;
const FORWARD_PREFIX = /^\s*(fwd?|wg|tr|rv)\s*:\s*/i;

/** "Re: " once: any number of existing reply prefixes collapse into one. */
export function replySubject(subject: string): string {
  let rest = subject.trim();
  while (REPLY_PREFIX.test(rest)) rest = rest.replace(REPLY_PREFIX, '');
  return `Re: ${rest}`;
}

/** "Fwd: " once. */
export function forwardSubject(subject: string): string {
  let rest = subject.trim();
  while (FORWARD_PREFIX.test(rest)) rest = rest.replace(FORWARD_PREFIX, '');
  return `Fwd: ${rest}`;
}

/** Who the original came from and went to. */
export interface OriginalParties {
  readonly from: readonly MailAddress[];
  readonly replyTo: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
}

/** To and Cc of an answer. */
export interface ReplyRecipients {
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
}

function keyOf(address: MailAddress): string {
  return address.address.trim().toLowerCase();
}

/** Drops duplicates (case-insensitive address) and every address in `exclude`. */
function distinct(addresses: readonly MailAddress[], exclude: ReadonlySet<string>): MailAddress[] {
  const seen = new Set(exclude);
  const out: MailAddress[] = [];
  for (const address of addresses) {
    const key = keyOf(address);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push({ name: address.name, address: address.address.trim() });
  }
  return out;
}

/**
 * Reply goes to Reply-To when present, else From. Reply all adds the original To and Cc. The
 * user's own addresses are never among the recipients; when the user wrote the original (a
 * message in Sent), the answer goes to its recipients instead.
 */
export function replyRecipients(
  original: OriginalParties,
  myAddresses: readonly string[],
  mode: 'reply' | 'reply-all',
): ReplyRecipients {
  const mine = new Set(myAddresses.map((address) => address.trim().toLowerCase()));
  const author = original.replyTo.length > 0 ? original.replyTo : original.from;
  const fromMe = author.length > 0 && author.every((address) => mine.has(keyOf(address)));
  const primary = fromMe ? original.to : author;
  const to = distinct(
    mode === 'reply-all' && !fromMe ? [...primary, ...original.to] : primary,
    mine,
  );
  if (mode === 'reply') return { to, cc: [] };
  const taken = new Set([...mine, ...to.map(keyOf)]);
  return { to, cc: distinct(original.cc, taken) };
}
