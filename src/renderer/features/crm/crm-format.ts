/** How CRM records and timeline entries read on screen. */
import type { AccountView } from '../../../shared/account';
import type { ContactRecord } from '../../../shared/crm/types';
import type { MailAddress } from '../../../shared/sync';

/** "Anna Berg", else the primary address, else "(no name)". */
export function contactName(contact: Pick<ContactRecord, 'firstName' | 'lastName' | 'addresses'>) {
  const name = [contact.firstName, contact.lastName]
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
  return name || contact.addresses[0] || '(no name)';
}

/** "5 minutes", "3 hours", "2 days": a span of ms for people. */
function span(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  return `${Math.round(hours / 24)} days`;
}

/** "5 minutes ago", "3 hours ago", "2 days ago" from ms since the epoch. */
export function timeAgo(time: number, now: number = Date.now()): string {
  return now - time < 60_000 ? 'just now' : `${span(now - time)} ago`;
}

/** "in 5 minutes", "in 2 days" for a time ahead; timeAgo for one past. */
export function timeUntil(time: number, now: number = Date.now()): string {
  return time <= now ? timeAgo(time, now) : `in ${span(time - now)}`;
}

/** Whether one of the user's accounts wrote the message. */
export function directionOf(
  from: readonly MailAddress[],
  accounts: readonly AccountView[],
): 'sent' | 'received' {
  const own = new Set(accounts.map((account) => account.email.toLowerCase()));
  return from.some((sender) => own.has(sender.address.toLowerCase())) ? 'sent' : 'received';
}

/** Comma- or line-separated text as trimmed, non-empty parts. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n;]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** A deal value for people: "12,000 EUR", or '' when there is none. */
export function formatValue(value: number | undefined, currency: string | undefined): string {
  if (value === undefined) return '';
  return `${value.toLocaleString()}${currency ? ` ${currency}` : ''}`;
}
