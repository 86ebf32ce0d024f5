/**
 * Contacts from vCard files (RFC 2426 for 3.0, RFC 6350 for 4.0, and the 2.1 that phones still
 * export): folded lines, escaped values, several EMAILs, and QUOTED-PRINTABLE values.
 */
import { isMailAddress, normalizeAddress } from './addresses';
import { emptyDraft, isEmptyDraft, type ImportError, type ImportResult } from './contact-draft';
import { splitDisplayName } from './display-name';

export type { ContactDraft } from './contact-draft';

/** One content line: "group.NAME;PARAM=x;FLAG:value", with the line it started on. */
interface ContentLine {
  readonly line: number;
  readonly name: string;
  readonly params: readonly string[];
  readonly value: string;
}

/**
 * Unfolds lines (RFC 6350 section 3.2: a line break followed by a space or tab continues the
 * line) and joins quoted-printable soft line breaks (a line ending in "=").
 */
function unfold(text: string): { line: number; text: string }[] {
  const physical = text.replace(/^\uFEFF/u, '').split(/\r\n|\r|\n/u);
  const logical: { line: number; text: string }[] = [];
  physical.forEach((raw, at) => {
    const previous = logical.at(-1);
    if (previous !== undefined && (raw.startsWith(' ') || raw.startsWith('\t'))) {
      previous.text += raw.slice(1);
    } else if (
      previous !== undefined &&
      /QUOTED-PRINTABLE/iu.test(previous.text.split(':')[0] ?? '') &&
      previous.text.endsWith('=')
    ) {
      previous.text = previous.text.slice(0, -1) + raw;
    } else logical.push({ line: at + 1, text: raw });
  });
  return logical.filter((entry) => entry.text.trim().length > 0);
}

/** Splits a content line at the first colon outside a quoted parameter value. */
function contentLine(entry: { line: number; text: string }): ContentLine | undefined {
  let quoted = false;
  for (let at = 0; at < entry.text.length; at += 1) {
    const char = entry.text.charAt(at);
    if (char === '"') quoted = !quoted;
    else if (char === ':' && !quoted) {
      const [nameWithGroup = '', ...params] = entry.text.slice(0, at).split(';');
      const name = (nameWithGroup.split('.').at(-1) ?? '').trim().toUpperCase();
      return { line: entry.line, name, params, value: entry.text.slice(at + 1) };
    }
  }
  return undefined;
}

/** Decodes quoted-printable bytes as UTF-8, or Latin-1 when they are not valid UTF-8. */
function decodeQuotedPrintable(value: string): string {
  const bytes: number[] = [];
  for (let at = 0; at < value.length; at += 1) {
    const hex = value.slice(at + 1, at + 3);
    if (value.charAt(at) === '=' && /^[0-9A-Fa-f]{2}$/u.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      at += 2;
    } else bytes.push(value.charCodeAt(at) & 0xff);
  }
  try {
    return decodeURIComponent(
      bytes.map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join(''),
    );
  } catch {
    return String.fromCharCode(...bytes);
  }
}

function isQuotedPrintable(params: readonly string[]): boolean {
  return params.some((param) => /^(?:ENCODING=)?QUOTED-PRINTABLE$/iu.test(param.trim()));
}

/** Splits at unescaped separators and undoes the escapes \\, \, \; \n. */
function components(value: string, separator: ';' | ','): string[] {
  const parts: string[] = [];
  let current = '';
  for (let at = 0; at < value.length; at += 1) {
    const char = value.charAt(at);
    if (char === '\\' && at + 1 < value.length) {
      const next = value.charAt(at + 1);
      current += next === 'n' || next === 'N' ? '\n' : next;
      at += 1;
    } else if (char === separator) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((part) => part.trim());
}

/**
 * Contacts from one or more vCards; a card without END or naming nobody is reported, and so is
 * a file with no card at all (else a wrong file would show as "0 contacts" with no reason).
 */
export function parseVCards(text: string): ImportResult {
  const result: ImportResult = { contacts: [], errors: [] };
  const errors: ImportError[] = result.errors;
  let card: { line: number; lines: ContentLine[] } | undefined;
  let cards = 0;
  for (const entry of unfold(text)) {
    const parsed = contentLine(entry);
    if (parsed === undefined) {
      if (card !== undefined) errors.push({ line: entry.line, message: 'a line without a colon' });
      continue;
    }
    const value = parsed.value.trim().toUpperCase();
    if (parsed.name === 'BEGIN' && value === 'VCARD') {
      if (card !== undefined) errors.push({ line: card.line, message: 'a vCard without END' });
      card = { line: parsed.line, lines: [] };
      cards += 1;
    } else if (parsed.name === 'END' && value === 'VCARD') {
      if (card === undefined) errors.push({ line: parsed.line, message: 'END without BEGIN' });
      else readCard(card, result);
      card = undefined;
    } else card?.lines.push(parsed);
  }
  if (card !== undefined) errors.push({ line: card.line, message: 'a vCard without END' });
  if (cards === 0) errors.push({ line: 1, message: 'no vCard in the file (no BEGIN:VCARD line)' });
  return result;
}

/** Turns one card's lines into a draft (or an error). */
function readCard(
  card: { line: number; lines: readonly ContentLine[] },
  result: ImportResult,
): void {
  const draft = emptyDraft();
  let formatted = '';
  let structured: string[] | undefined;
  for (const property of card.lines) {
    const raw = isQuotedPrintable(property.params)
      ? decodeQuotedPrintable(property.value)
      : property.value;
    switch (property.name) {
      case 'FN':
        formatted = components(raw, ';').join(' ').trim();
        break;
      case 'N':
        structured = components(raw, ';');
        break;
      case 'EMAIL': {
        const address = normalizeAddress(components(raw, ';')[0]?.replace(/^mailto:/iu, '') ?? '');
        if (address.length === 0) break;
        if (!isMailAddress(address))
          result.errors.push({ line: property.line, message: `not an address: ${address}` });
        else if (!draft.addresses.includes(address)) draft.addresses.push(address);
        break;
      }
      case 'TEL':
        if (draft.phone.length === 0)
          draft.phone = components(raw, ';')[0]?.replace(/^tel:/iu, '') ?? '';
        break;
      case 'TITLE':
        draft.title = components(raw, ';').join(' ').trim();
        break;
      case 'ORG':
        draft.company = components(raw, ';')[0] ?? '';
        break;
      case 'NOTE':
        draft.notes = components(raw, ';').join(';');
        break;
      case 'CATEGORIES':
        for (const tag of components(raw, ',')) {
          if (tag.length > 0 && !draft.tags.includes(tag)) draft.tags.push(tag);
        }
        break;
      default:
        break;
    }
  }
  // N is family;given;additional;prefixes;suffixes.
  const [family = '', given = '', additional = ''] = structured ?? [];
  if (family.length > 0 || given.length > 0) {
    draft.firstName = [given, additional].filter((part) => part.length > 0).join(' ');
    draft.lastName = family;
  } else if (formatted.length > 0) {
    Object.assign(draft, splitDisplayName(formatted, ''));
  }
  if (isEmptyDraft(draft))
    result.errors.push({ line: card.line, message: 'no name, address or company' });
  else result.contacts.push(draft);
}
