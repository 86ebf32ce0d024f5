/**
 * Turns imapflow's LIST entries into FolderInfo: SPECIAL-USE flags (RFC 6154) normalised to
 * their registered spelling, and whether the folder can be selected at all.
 */
import type { ListResponse } from 'imapflow';
import type { FolderInfo } from '../../../shared/account';

/**
 * RFC 6154 flags by lower-cased spelling, plus the older XLIST names Gmail used (\Spam,
 * \AllMail, \Starred). Servers differ in case (Cyrus sends `\sent`), and RFC 3501 section 9
 * makes flag names case-insensitive, so they are compared lower-cased.
 */
const SPECIAL_USE: ReadonlyMap<string, string> = new Map([
  ['\\all', '\\All'],
  ['\\archive', '\\Archive'],
  ['\\drafts', '\\Drafts'],
  ['\\flagged', '\\Flagged'],
  ['\\junk', '\\Junk'],
  ['\\sent', '\\Sent'],
  ['\\trash', '\\Trash'],
  ['\\spam', '\\Junk'],
  ['\\allmail', '\\All'],
  ['\\starred', '\\Flagged'],
]);

/** Mailbox attributes of a name that exists only as a level in the hierarchy (RFC 3501, RFC 5258). */
const NOT_SELECTABLE = new Set(['\\noselect', '\\nonexistent']);

/**
 * The server-reported special use of a folder, in RFC 6154 spelling. Only the server's flags
 * count here: imapflow's guesses from folder names are left to the folder mapping, which says
 * where a guess came from.
 */
export function specialUseOf(flags: Iterable<string>): string | undefined {
  for (const flag of flags) {
    const normalised = SPECIAL_USE.get(flag.toLowerCase());
    if (normalised !== undefined) return normalised;
  }
  return undefined;
}

/** One LIST entry as FolderInfo. */
export function toFolderInfo(
  entry: Pick<ListResponse, 'path' | 'name' | 'delimiter' | 'flags'>,
): FolderInfo {
  const flags = [...entry.flags];
  const specialUse = specialUseOf(flags);
  return {
    path: entry.path,
    name: entry.name,
    delimiter: entry.delimiter,
    selectable: !flags.some((flag) => NOT_SELECTABLE.has(flag.toLowerCase())),
    ...(specialUse !== undefined ? { specialUse } : {}),
  };
}
