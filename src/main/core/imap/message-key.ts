/**
 * One identity for one message across folders (Gmail's labels are folders; a list mail filed
 * twice is two copies): the same message in two folders has the same key, so the cache stores
 * it once with several folder memberships.
 */
import { createHash } from 'node:crypto';

/** What the key is computed from. */
export interface MessageKeyInput {
  /** Gmail's X-GM-MSGID (decimal), unique per message across the whole account. */
  readonly gmailMessageId?: string;
  /** The Message-ID header as sent, e.g. "<abc@example.com>". */
  readonly messageId?: string;
  /** The Date header (ISO 8601), not the internal date, which differs between copies. */
  readonly date?: string;
  readonly fromAddress?: string;
  readonly subject?: string;
}

/**
 * A Message-ID without brackets or whitespace, with the domain part lower-cased: the local
 * part is case-sensitive (RFC 5322 section 3.6.4), the domain is not (RFC 5321 section 2.4).
 * Undefined when nothing usable is left.
 */
export function normalizeMessageId(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const bracketed = /<([^<>]+)>/.exec(raw);
  const inner = (bracketed?.[1] ?? raw).replace(/[\s<>]+/g, '');
  if (inner.length === 0) return undefined;
  const at = inner.lastIndexOf('@');
  return at < 0 ? inner : `${inner.slice(0, at)}@${inner.slice(at + 1).toLowerCase()}`;
}

/**
 * The message key: "gm:<X-GM-MSGID>" on Gmail, else "mid:<normalized Message-ID>", else
 * "h:<sha256 of date, sender and subject>" for mail without a Message-ID (RFC 5322 makes it
 * optional; some bulk senders and old drafts have none).
 */
export function messageKey(input: MessageKeyInput): string {
  if (input.gmailMessageId !== undefined && input.gmailMessageId.length > 0)
    return `gm:${input.gmailMessageId}`;
  const messageId = normalizeMessageId(input.messageId);
  if (messageId !== undefined) return `mid:${messageId}`;
  const hash = createHash('sha256')
    .update(
      JSON.stringify([
        input.date ?? '',
        (input.fromAddress ?? '').toLowerCase(),
        (input.subject ?? '').trim(),
      ]),
    )
    .digest('hex');
  return `h:${hash}`;
}
