/**
 * Routing rules ("mail to support@ creates a ticket"): which rules a message triggers, the
 * thread it belongs to, and the case of that rule and thread, so that replies land on the same
 * ticket or lead.
 */
import { normalizeAddress } from './addresses';
import type { CaseRecord, CrmMessage, LinkRow, RoutingRule } from './types';

/** A Message-ID without its angle brackets and spaces. */
function bareId(id: string | undefined): string | undefined {
  const bare = id?.trim().replace(/^<|>$/gu, '').trim();
  return bare === undefined || bare.length === 0 ? undefined : bare;
}

/**
 * The thread of a message, prefixed with its account: Gmail's thread id, else the root of
 * References (RFC 5322: the first is the thread's first message), else In-Reply-To, else its own
 * Message-ID (it starts a thread), else its messageKey. A reply therefore has the key of the
 * message it answers whenever that message started the thread.
 */
export function threadKeyOf(
  message: Pick<
    CrmMessage,
    'accountId' | 'gmailThreadId' | 'references' | 'inReplyTo' | 'messageId' | 'messageKey'
  >,
): string {
  if (message.gmailThreadId !== undefined && message.gmailThreadId.length > 0)
    return `${message.accountId}:gm:${message.gmailThreadId}`;
  const root =
    message.references.map(bareId).find((id) => id !== undefined) ??
    bareId(message.inReplyTo) ??
    bareId(message.messageId);
  return root === undefined
    ? `${message.accountId}:key:${message.messageKey}`
    : `${message.accountId}:${root}`;
}

/** The enabled rules whose address is among the message's To and Cc. */
export function matchingRules(message: CrmMessage, rules: readonly RoutingRule[]): RoutingRule[] {
  const recipients = new Set(
    [...message.to, ...message.cc].map((recipient) => normalizeAddress(recipient.address)),
  );
  return rules.filter((rule) => rule.enabled && recipients.has(normalizeAddress(rule.address)));
}

/** "Re: Fwd: AW: Printer broken" → "Printer broken". */
export function baseSubject(subject: string): string {
  return subject
    .replace(/^(?:\s*(?:re|fwd?|aw|wg|sv|vs|antw|tr)\s*(?:\[\d+\])?\s*:\s*)+/iu, '')
    .trim();
}

/**
 * The case of a rule and a message's thread: the existing one with updatedAt bumped, or a new
 * open case whose requester is the first sender.
 */
export function caseFor(
  message: CrmMessage,
  rule: RoutingRule,
  existing: CaseRecord | undefined,
  now: Date,
  newId: () => string,
): CaseRecord {
  const at = now.toISOString();
  if (existing !== undefined) return { ...existing, updatedAt: at };
  return {
    id: newId(),
    kind: rule.kind,
    ruleId: rule.id,
    accountId: message.accountId,
    threadKey: threadKeyOf(message),
    subject: baseSubject(message.subject),
    requester: normalizeAddress(message.from[0]?.address ?? ''),
    status: 'open',
    createdAt: at,
    updatedAt: at,
  };
}

/** The link of a message to its case: kind "routing", reason "routing support@acme.io". */
export function caseLink(
  message: CrmMessage,
  caseRecord: CaseRecord,
  rule: RoutingRule,
  now: Date,
): LinkRow {
  const parsed = Date.parse(message.date);
  return {
    accountId: message.accountId,
    messageKey: message.messageKey,
    recordType: 'case',
    recordId: caseRecord.id,
    kind: 'routing',
    reason: `routing ${normalizeAddress(rule.address)}`,
    time: Number.isFinite(parsed) ? parsed : 0,
    createdAt: now.toISOString(),
  };
}
