/** How the mail screen writes addresses, dates and sizes. */
import type { MailAddress } from '../../../shared/sync';

/** "Anna Example <anna@example.test>", or just the address when there is no name. */
export function formatAddress(address: MailAddress): string {
  const name = address.name.trim();
  if (name === '' || name === address.address) return address.address;
  return address.address === '' ? name : `${name} <${address.address}>`;
}

/** A header's addresses joined with commas. */
export function formatAddresses(addresses: readonly MailAddress[]): string {
  return addresses.map(formatAddress).join(', ');
}

/** The short form for a list: the name, else the address, else "(unknown sender)". */
export function shortName(addresses: readonly MailAddress[]): string {
  const [first] = addresses;
  if (first === undefined) return '(unknown sender)';
  const name = first.name.trim() || first.address;
  return addresses.length > 1 ? `${name} +${addresses.length - 1}` : name;
}

function sameDay(a: Date, b: Date): boolean {
  return (
    a.getFullYear() === b.getFullYear() &&
    a.getMonth() === b.getMonth() &&
    a.getDate() === b.getDate()
  );
}

const TIME = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const DAY_MONTH = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const FULL_DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
const SHORT_DATE_TIME = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** A list date: the time today, day and month this year, else the full date. */
export function listDate(time: number, now: Date = new Date()): string {
  if (!Number.isFinite(time) || time <= 0) return '';
  const date = new Date(time);
  if (sameDay(date, now)) return TIME.format(date);
  if (date.getFullYear() === now.getFullYear()) return DAY_MONTH.format(date);
  return FULL_DATE.format(date);
}

/** A message's date in full, for the reading pane. */
export function fullDate(iso: string): string {
  const time = Date.parse(iso);
  return Number.isFinite(time) ? DATE_TIME.format(new Date(time)) : iso;
}

/** A moment for status lines ("5 Mar 2026, 14:03"); "never" when absent. */
export function moment(iso: string | undefined): string {
  if (iso === undefined) return 'never';
  const time = Date.parse(iso);
  return Number.isFinite(time) ? SHORT_DATE_TIME.format(new Date(time)) : iso;
}

/** The time of day of a moment, for "reconnecting at 14:03". */
export function clockTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isFinite(time) ? TIME.format(new Date(time)) : iso;
}

/** "12 KB", "3.4 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
