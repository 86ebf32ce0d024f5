/**
 * Detects which server folder plays which role (sent, drafts, trash, archive, junk): from the
 * SPECIAL-USE flags (RFC 6154) first, from well-known folder names where the server has none.
 */
import type { FolderInfo, FolderMapping, FolderRole } from '../../../shared/account';

type NonInboxRole = Exclude<FolderRole, 'inbox'>;

/** The RFC 6154 flag of each role. */
const ROLE_FLAG: Readonly<Record<NonInboxRole, string>> = {
  sent: '\\Sent',
  drafts: '\\Drafts',
  trash: '\\Trash',
  archive: '\\Archive',
  junk: '\\Junk',
};

/**
 * Names clients and servers use without SPECIAL-USE, in order of preference, compared
 * lower-cased against a folder's last level (so "INBOX.Sent" and "[Gmail]/Sent Mail" match).
 */
const ROLE_NAMES: Readonly<Record<NonInboxRole, readonly string[]>> = {
  sent: [
    'sent',
    'sent items',
    'sent messages',
    'sent mail',
    'sent-mail',
    'gesendet',
    'gesendete elemente',
    'envoyés',
    'elementos enviados',
    'posta inviata',
  ],
  drafts: ['drafts', 'draft', 'entwürfe', 'brouillons', 'borradores', 'bozze'],
  trash: [
    'trash',
    'deleted items',
    'deleted messages',
    'deleted',
    'bin',
    'papierkorb',
    'gelöschte elemente',
    'corbeille',
    'papelera',
    'cestino',
  ],
  archive: ['archive', 'archives', 'archived', 'archiv'],
  junk: [
    'junk',
    'spam',
    'junk e-mail',
    'junk email',
    'junk mail',
    'bulk mail',
    'spam-verdacht',
    'courrier indésirable',
  ],
};

/** A folder's last hierarchy level, lower-cased. */
function leafName(folder: FolderInfo): string {
  const leaf =
    folder.delimiter.length > 0 ? folder.path.split(folder.delimiter).at(-1) : folder.path;
  return (leaf ?? folder.path).toLowerCase();
}

/** The folder for one role: by SPECIAL-USE flag, then by the most preferred well-known name. */
function folderFor(role: NonInboxRole, folders: readonly FolderInfo[]): string | undefined {
  const flagged = folders.find(
    (folder) => folder.selectable && folder.specialUse === ROLE_FLAG[role],
  );
  if (flagged !== undefined) return flagged.path;
  for (const name of ROLE_NAMES[role]) {
    const named = folders.find(
      (folder) => folder.selectable && folder.specialUse === undefined && leafName(folder) === name,
    );
    if (named !== undefined) return named.path;
  }
  return undefined;
}

/**
 * The folder mapping for a folder list. The inbox is the folder named INBOX in any case (RFC
 * 3501 section 5.1: the name is case-insensitive); roles with no match are left out, for the
 * user to choose.
 */
export function detectFolderMapping(folders: readonly FolderInfo[]): FolderMapping {
  const mapping: { -readonly [Role in FolderRole]?: string } = {};
  const inbox = folders.find((folder) => folder.path.toUpperCase() === 'INBOX');
  if (inbox !== undefined) mapping.inbox = inbox.path;
  const roles: readonly NonInboxRole[] = ['sent', 'drafts', 'trash', 'archive', 'junk'];
  const taken = new Set<string>();
  for (const role of roles) {
    // One folder plays one role: "Deleted" must not be both trash and (by a looser rule) junk.
    const path = folderFor(
      role,
      folders.filter((folder) => !taken.has(folder.path)),
    );
    if (path !== undefined) {
      mapping[role] = path;
      taken.add(path);
    }
  }
  return mapping;
}
