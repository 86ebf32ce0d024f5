/**
 * The remote-content allowlist: senders and domains whose mail may load remote images, fonts
 * and styles. Everything else stays blocked (DESIGN.md, Reading). Addresses and domains are
 * stored lower-case, so "Alice@Example.TEST" and "alice@example.test" are one rule.
 */
import type { MailDb } from './mail-db';

/** What a rule names: one sender address, or every sender of a domain. */
export type RemoteContentScope = 'sender' | 'domain';

/** One "always load remote content" rule. */
export interface RemoteContentRule {
  /** "sender:alice@example.test" or "domain:example.test". */
  readonly rule: string;
  readonly scope: RemoteContentScope;
  readonly value: string;
  /** When the user allowed it (ms since epoch). */
  readonly createdAt: number;
}

/** The domain of an address ("" when it has none). */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

/** The key of the rule for `value` in `scope`. */
export function ruleKey(scope: RemoteContentScope, value: string): string {
  return `${scope}:${value.toLowerCase()}`;
}

/** The rule that allows `sender` (its own, else its domain's), or undefined. */
export async function findRemoteContentRule(
  db: MailDb,
  sender: string,
): Promise<RemoteContentRule | undefined> {
  if (sender === '') return undefined;
  const domain = domainOf(sender);
  const keys = [ruleKey('sender', sender), ...(domain === '' ? [] : [ruleKey('domain', domain)])];
  const found = await db.remoteContent.bulkGet(keys);
  return found.find((rule): rule is RemoteContentRule => rule !== undefined);
}

/** Allows remote content always for `value` (an address or a domain). */
export async function allowRemoteContent(
  db: MailDb,
  scope: RemoteContentScope,
  value: string,
  now: number,
): Promise<void> {
  const normalized = value.toLowerCase();
  await db.remoteContent.put({
    rule: ruleKey(scope, normalized),
    scope,
    value: normalized,
    createdAt: now,
  });
}

/** Removes a rule: that sender's or domain's remote content is blocked again. */
export async function revokeRemoteContent(db: MailDb, rule: string): Promise<void> {
  await db.remoteContent.delete(rule);
}
