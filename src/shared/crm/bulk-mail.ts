/**
 * Bulk and automatic mail: newsletters, lists, auto-replies and robots are not people, so they
 * never create contacts or follow-ups. The reason is kept so that skipped mail can be counted.
 */
import { normalizeAddress } from './addresses';
import { compileGlobs } from './glob';
import type { CrmMessage } from './types';

/** Why a message counts as bulk: a header, or the sender pattern that matched. */
export type BulkReason =
  'List-Id' | 'List-Unsubscribe' | 'Auto-Submitted' | 'Precedence' | `exclude ${string}`;

/** Senders that are never a person, checked besides the account's own exclude patterns. */
export const DEFAULT_BULK_PATTERNS: readonly string[] = [
  'noreply@*',
  'no-reply@*',
  'no_reply@*',
  'donotreply@*',
  'do-not-reply@*',
  'mailer-daemon@*',
  'postmaster@*',
  'newsletter@*',
  'newsletters@*',
  'notifications@*',
  'bounce@*',
  'bounces@*',
  '*@marketing.*',
];

/** RFC 3834: anything but "no" (parameters after ";" aside) means a machine sent it. */
function isAutoSubmitted(value: string | undefined): boolean {
  if (value === undefined) return false;
  const token = (value.split(';')[0] ?? '').trim().toLowerCase();
  return token.length > 0 && token !== 'no';
}

/** Precedence is not standard, but bulk, list and junk are what mailers set. */
function isBulkPrecedence(value: string | undefined): boolean {
  if (value === undefined) return false;
  return ['bulk', 'list', 'junk'].includes(value.trim().toLowerCase());
}

/** The compiled patterns of the last call: callers pass the same list for a whole run. */
let cached:
  { patterns: readonly string[]; match: (value: string) => string | undefined } | undefined;

function matcherFor(excludePatterns: readonly string[]): (value: string) => string | undefined {
  if (cached?.patterns !== excludePatterns) {
    const all = [
      ...new Set([...excludePatterns, ...DEFAULT_BULK_PATTERNS].map((p) => p.trim())),
    ].filter((pattern) => pattern.length > 0);
    cached = { patterns: excludePatterns, match: compileGlobs(all) };
  }
  return cached.match;
}

/**
 * Why a message is bulk or automatic, or undefined for mail from a person. Headers first
 * (List-Id, List-Unsubscribe, Auto-Submitted, Precedence), then the sender against the given
 * patterns and DEFAULT_BULK_PATTERNS.
 */
export function bulkReason(
  message: CrmMessage,
  excludePatterns: readonly string[],
): BulkReason | undefined {
  if (message.listId !== undefined && message.listId.trim().length > 0) return 'List-Id';
  if (message.listUnsubscribe !== undefined && message.listUnsubscribe.trim().length > 0)
    return 'List-Unsubscribe';
  if (isAutoSubmitted(message.autoSubmitted)) return 'Auto-Submitted';
  if (isBulkPrecedence(message.precedence)) return 'Precedence';
  for (const sender of message.from) {
    const pattern = excludedAddressPattern(sender.address, excludePatterns);
    if (pattern !== undefined) return `exclude ${pattern}`;
  }
  return undefined;
}

/** The pattern (given or default) an address matches, e.g. "noreply@*", or undefined. */
export function excludedAddressPattern(
  address: string,
  excludePatterns: readonly string[],
): string | undefined {
  return matcherFor(excludePatterns)(normalizeAddress(address));
}

/** The label a reason is counted under: "List-Id", or the pattern itself ("noreply@*"). */
export function bulkReasonLabel(reason: BulkReason): string {
  return reason.startsWith('exclude ') ? reason.slice('exclude '.length) : reason;
}
