/**
 * What a server folder holds. Only mail folders are synced: a name that exists only as a level
 * of the hierarchy cannot be selected, and the groupware folders Exchange / Office 365, Kolab
 * and others expose over IMAP (calendar, contacts, tasks, notes) hold items that are not mail.
 */
import type { FolderKind } from '../../../shared/sync';

/** Mailbox attributes of a name that holds no messages (RFC 3501 section 7.2.2, RFC 5258). */
const NOT_SELECTABLE = new Set(['\\noselect', '\\nonexistent']);

type GroupwareKind = Exclude<FolderKind, 'mail' | 'noselect'>;

/**
 * Folder names groupware servers use, lower-cased, including the localized names Exchange gives
 * them in the mailbox's language (Outlook creates them in the language of first login).
 * "Journal" holds Outlook journal entries, which are notes as far as mail is concerned.
 */
const GROUPWARE_NAMES: Readonly<Record<GroupwareKind, readonly string[]>> = {
  calendar: [
    'calendar',
    'kalender',
    'calendrier',
    'calendario',
    'calendário',
    'kalendarz',
    'kalenteri',
    'календарь',
    '予定表',
    '日历',
    '行事曆',
  ],
  contacts: [
    'contacts',
    'kontakte',
    'contactos',
    'contatti',
    'contatos',
    'contactpersonen',
    'kontakter',
    'kontakty',
    'yhteystiedot',
    'контакты',
    '連絡先',
    '联系人',
    '連絡人',
    'emailed contacts',
    'recipient cache',
  ],
  tasks: [
    'tasks',
    'aufgaben',
    'tâches',
    'tareas',
    'attività',
    'tarefas',
    'taken',
    'uppgifter',
    'zadania',
    'tehtävät',
    'задачи',
    'タスク',
    '任务',
  ],
  notes: [
    'notes',
    'notizen',
    'notas',
    'note',
    'notities',
    'anteckningar',
    'notatki',
    'muistiinpanot',
    'заметки',
    'メモ',
    '便笺',
    'journal',
    'journaal',
    'diario',
    'дневник',
    '日記',
  ],
};

const KIND_BY_NAME: ReadonlyMap<string, GroupwareKind> = new Map(
  (Object.entries(GROUPWARE_NAMES) as [GroupwareKind, readonly string[]][]).flatMap(
    ([kind, names]) => names.map((name) => [name, kind] as const),
  ),
);

/** Why each kind cannot be synced, for the folder list. */
const REFUSALS: Readonly<Record<Exclude<FolderKind, 'mail'>, string>> = {
  noselect:
    'This is only a level in the server’s folder tree; it cannot hold messages itself (\\Noselect).',
  calendar: 'This folder holds calendar entries, not mail.',
  contacts: 'This folder holds contacts, not mail.',
  tasks: 'This folder holds tasks, not mail.',
  notes: 'This folder holds notes or journal entries, not mail.',
};

/** A folder's kind and, when it cannot be synced, why. */
export interface FolderKindVerdict {
  readonly kind: FolderKind;
  readonly refusal?: string;
}

/** The hierarchy levels of a path, NFC-normalised and lower-cased. */
function levels(path: string, delimiter: string): string[] {
  const parts = delimiter.length > 0 ? path.split(delimiter) : [path];
  return parts.map((part) => part.normalize('NFC').trim().toLowerCase());
}

/**
 * The groupware kind a path names. Groupware folders sit at the top of the hierarchy (Exchange)
 * or right under INBOX on servers whose personal namespace is "INBOX." (Cyrus style); their
 * subfolders ("Calendar/Birthdays", "Contacts/Recipient Cache") inherit the kind. A folder of
 * the same name deeper down ("Projects/Notes") is a user's own mail folder.
 */
function groupwareKind(path: string, delimiter: string): GroupwareKind | undefined {
  const parts = levels(path, delimiter);
  const top = parts[0] === 'inbox' && parts.length > 1 ? parts[1] : parts[0];
  return top === undefined ? undefined : KIND_BY_NAME.get(top);
}

/**
 * Classifies one LIST entry. A special-use flag (RFC 6154) means mail whatever the name: a
 * server that marks "Notes" as \Archive means it.
 */
export function classifyFolder(entry: {
  readonly path: string;
  readonly delimiter: string;
  readonly flags: Iterable<string>;
  readonly specialUse?: string;
}): FolderKindVerdict {
  const flags = [...entry.flags].map((flag) => flag.toLowerCase());
  if (flags.some((flag) => NOT_SELECTABLE.has(flag)))
    return { kind: 'noselect', refusal: REFUSALS.noselect };
  if (entry.path.toUpperCase() === 'INBOX' || entry.specialUse !== undefined)
    return { kind: 'mail' };
  const kind = groupwareKind(entry.path, entry.delimiter);
  return kind === undefined ? { kind: 'mail' } : { kind, refusal: REFUSALS[kind] };
}
