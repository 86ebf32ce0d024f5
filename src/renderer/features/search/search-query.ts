/**
 * The search box's language: free words (all must match) and filters from:, to:, subject:,
 * has:attachment, is:unread, is:read, is:flagged, before:/after: (YYYY-MM-DD) and in:folder.
 * Quotes keep spaces in a value (subject:"year end"). Parsed once into plain data, used both for
 * the local index and for IMAP SEARCH.
 */
import { tokenize } from '../../db/search-doc';

/** A parsed query. Dates are ms since the epoch (UTC midnight of the day given). */
export interface SearchQuery {
  /** Free words, already tokenized. */
  readonly words: readonly string[];
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly subject: readonly string[];
  readonly hasAttachment: boolean;
  readonly unread?: boolean;
  readonly flagged?: boolean;
  /** Messages strictly before this day. */
  readonly before?: number;
  /** Messages on or after this day. */
  readonly after?: number;
  /** Folder names or labels, matched case-insensitively. */
  readonly folders: readonly string[];
  /** What could not be understood, said back to the user. */
  readonly problems: readonly string[];
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(value: string): number | undefined {
  const match = DAY.exec(value);
  if (match === null) return undefined;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isFinite(time) ? time : undefined;
}

function pieces(input: string): string[] {
  return input.match(/(?:[^\s"]+:)?"[^"]*"|\S+/g) ?? [];
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** Parses the search box's text. */
export function parseSearch(input: string): SearchQuery {
  const words: string[] = [];
  const from: string[] = [];
  const to: string[] = [];
  const subject: string[] = [];
  const folders: string[] = [];
  const problems: string[] = [];
  let hasAttachment = false;
  let unread: boolean | undefined;
  let flagged: boolean | undefined;
  let before: number | undefined;
  let after: number | undefined;
  for (const piece of pieces(input)) {
    const colon = piece.indexOf(':');
    const name = colon > 0 ? piece.slice(0, colon).toLowerCase() : '';
    const value = unquote(colon > 0 ? piece.slice(colon + 1) : piece);
    switch (name) {
      case 'from':
        from.push(value.toLowerCase());
        break;
      case 'to':
        to.push(value.toLowerCase());
        break;
      case 'subject':
        subject.push(...tokenize(value));
        break;
      case 'in':
        folders.push(value.toLowerCase());
        break;
      case 'has':
        if (value.toLowerCase().startsWith('attachment')) hasAttachment = true;
        else problems.push(`has:${value} (only has:attachment is known)`);
        break;
      case 'is': {
        const state = value.toLowerCase();
        if (state === 'unread') unread = true;
        else if (state === 'read') unread = false;
        else if (state === 'flagged' || state === 'starred') flagged = true;
        else problems.push(`is:${value}`);
        break;
      }
      case 'before':
      case 'after': {
        const day = parseDay(value);
        if (day === undefined) problems.push(`${name}:${value} (use YYYY-MM-DD)`);
        else if (name === 'before') before = day;
        else after = day;
        break;
      }
      default:
        words.push(...tokenize(unquote(piece)));
    }
  }
  return {
    words,
    from,
    to,
    subject,
    hasAttachment,
    unread,
    flagged,
    before,
    after,
    folders,
    problems,
  };
}

/** True when the query asks for nothing (an empty box, or only words too short to index). */
export function isEmptyQuery(query: SearchQuery): boolean {
  return (
    query.words.length === 0 &&
    query.from.length === 0 &&
    query.to.length === 0 &&
    query.subject.length === 0 &&
    !query.hasAttachment &&
    query.unread === undefined &&
    query.flagged === undefined &&
    query.before === undefined &&
    query.after === undefined &&
    query.folders.length === 0
  );
}

/**
 * The index tokens every match must have. An address filter with "@" is one whole-address
 * token; otherwise each word of it must appear in that field.
 */
export function requiredTokens(query: SearchQuery): string[] {
  const tokens = new Set<string>(query.words);
  const field = (prefix: string, values: readonly string[]) => {
    for (const value of values) {
      if (value.includes('@') && !value.startsWith('@')) tokens.add(`${prefix}${value}`);
      else for (const word of tokenize(value)) tokens.add(`${prefix}${word}`);
    }
  };
  field('f:', query.from);
  field('t:', query.to);
  // Subject words are indexed as plain words; local-search checks they are in the subject.
  for (const word of query.subject) tokens.add(word);
  if (query.hasAttachment) tokens.add('has:attachment');
  return [...tokens];
}
