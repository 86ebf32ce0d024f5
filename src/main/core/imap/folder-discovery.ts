/**
 * The account's server folders for the folder picker: listed with SPECIAL-USE (RFC 6154) and
 * message counts (LIST-STATUS, RFC 5819, where offered), each classified, with the selection
 * the account syncs. Inbox and the Sent folder are selected until the user chooses.
 */
import type { ImapFlow } from 'imapflow';
import type { FolderMapping } from '../../../shared/account';
import { fail } from '../../../shared/errors';
import type { SyncFolder } from '../../../shared/sync';
import { specialUseOf } from '../connection/folder-info';
import { classifyFolder } from './folder-kind';

/** A server folder as listed and classified, before the selection is applied. */
export type DiscoveredFolder = Omit<SyncFolder, 'selected'>;

/** Lists every folder with its kind, special use and counts. */
export async function discoverFolders(client: ImapFlow): Promise<readonly DiscoveredFolder[]> {
  const entries = await client.list({ statusQuery: { messages: true, unseen: true } });
  return entries.map((entry) => {
    // Only the server's own flags count: imapflow's guesses from names are not a server's word.
    const specialUse = specialUseOf(entry.flags);
    const verdict = classifyFolder({ ...entry, ...(specialUse ? { specialUse } : {}) });
    return {
      path: entry.path,
      name: entry.name,
      kind: verdict.kind,
      ...(specialUse !== undefined ? { specialUse } : {}),
      ...(verdict.refusal !== undefined ? { refusal: verdict.refusal } : {}),
      ...(entry.status?.messages !== undefined ? { messages: entry.status.messages } : {}),
      ...(entry.status?.unseen !== undefined ? { unseen: entry.status.unseen } : {}),
    };
  });
}

/**
 * The folders synced when the user has not chosen: the inbox and the Sent folder (the one the
 * account maps, else the one the server flags \Sent). INBOX is case-insensitive (RFC 3501
 * section 5.1).
 */
export function defaultSelection(
  folders: readonly DiscoveredFolder[],
  mapping: FolderMapping,
): string[] {
  const mail = folders.filter((folder) => folder.kind === 'mail');
  const inbox =
    mail.find((folder) => folder.path === mapping.inbox) ??
    mail.find((folder) => folder.path.toUpperCase() === 'INBOX');
  const sent =
    mail.find((folder) => folder.path === mapping.sent) ??
    mail.find((folder) => folder.specialUse === '\\Sent');
  return [inbox, sent].flatMap((folder) => (folder === undefined ? [] : [folder.path]));
}

/** The folders with `selected` set from the stored (or default) selection. */
export function applySelection(
  folders: readonly DiscoveredFolder[],
  selected: readonly string[],
): SyncFolder[] {
  const chosen = new Set(selected);
  return folders.map((folder) => ({
    ...folder,
    selected: folder.kind === 'mail' && chosen.has(folder.path),
  }));
}

/**
 * Checks a selection against the server's folders and returns it without duplicates. Throws
 * INVALID_INPUT naming the first folder that cannot be synced and why.
 */
export function checkSelection(
  folders: readonly DiscoveredFolder[],
  requested: readonly string[],
): string[] {
  const byPath = new Map(folders.map((folder) => [folder.path, folder]));
  const unique = [...new Set(requested)];
  for (const path of unique) {
    const folder = byPath.get(path);
    if (folder === undefined) {
      fail('INVALID_INPUT', `The folder "${path}" does not exist on the server.`, {
        hint: 'Reload the folder list; it may have been renamed or deleted.',
      });
    }
    if (folder.kind !== 'mail') {
      fail(
        'INVALID_INPUT',
        `The folder "${path}" cannot be synced: ${folder.refusal ?? 'it does not hold mail.'}`,
        { hint: 'Choose mail folders only.' },
      );
    }
  }
  return unique;
}
