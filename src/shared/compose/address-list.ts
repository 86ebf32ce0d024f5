/**
 * What the user types into To, Cc and Bcc: "Anna <anna@x.io>, ben@y.io; "Berg, Carl" <c@z.io>".
 * Each bad entry is reported on its own, so the field can say which one to fix.
 */
import { mailAddressSchema, type MailAddress } from '../compose';

/** One entry that is not an address. */
export interface AddressEntryError {
  readonly entry: string;
  readonly message: string;
}

/** The addresses found and the entries that are not addresses. */
export interface ParsedAddressList {
  readonly addresses: readonly MailAddress[];
  readonly errors: readonly AddressEntryError[];
}

/** Splits at commas and semicolons outside quotes and angle brackets. */
function splitEntries(input: string): string[] {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  let angled = false;
  for (const char of input) {
    if (char === '"' && !angled) quoted = !quoted;
    else if (char === '<' && !quoted) angled = true;
    else if (char === '>' && !quoted) angled = false;
    if ((char === ',' || char === ';') && !quoted && !angled) {
      entries.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  entries.push(current);
  return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

function unquote(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    return trimmed.slice(1, -1).replace(/\\(.)/g, '$1').trim();
  }
  return trimmed;
}

function parseEntry(entry: string): MailAddress | AddressEntryError {
  const angled = /^(.*)<([^<>]*)>\s*$/.exec(entry);
  const name = angled ? unquote(angled[1] ?? '') : '';
  const address = (angled ? (angled[2] ?? '') : entry).trim();
  const parsed = mailAddressSchema.safeParse({ name, address });
  if (parsed.success && !/\s/.test(address)) return parsed.data;
  return { entry, message: `"${entry}" is not an email address` };
}

/** Parses a typed list; duplicates (case-insensitive) are kept once. */
export function parseAddressList(input: string): ParsedAddressList {
  const addresses: MailAddress[] = [];
  const errors: AddressEntryError[] = [];
  const seen = new Set<string>();
  for (const entry of splitEntries(input)) {
    const result = parseEntry(entry);
    if ('entry' in result) {
      errors.push(result);
      continue;
    }
    const key = result.address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    addresses.push(result);
  }
  return { addresses, errors };
}

/** Addresses back into the field's text: names with commas or quotes are quoted. */
export function formatAddressList(addresses: readonly MailAddress[]): string {
  return addresses
    .map(({ name, address }) => {
      const trimmed = name.trim();
      if (trimmed === '') return address;
      const safe = /[",;<>@()]/.test(trimmed)
        ? `"${trimmed.replace(/(["\\])/g, '\\$1')}"`
        : trimmed;
      return `${safe} <${address}>`;
    })
    .join(', ');
}
