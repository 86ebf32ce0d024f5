/**
 * What the mail screen shows: the unified inbox (every enabled account's inbox, newest first)
 * or one folder of one account, and which message of it is open.
 */
import { FOLDER_ROLES, type AccountView, type FolderRole } from '../../../shared/account';
import type { MessageRef } from '../../../shared/sync';

/** The list the mail screen shows. */
export type MailboxView =
  | { readonly kind: 'unified' }
  | { readonly kind: 'folder'; readonly accountId: string; readonly folder: string };

/** One folder of one account that a view reads from. */
export interface FolderSource {
  readonly accountId: string;
  readonly folder: string;
}

/** A message in a folder: the server's identity of it and the cache's message key. */
export interface SelectedMessage extends MessageRef {
  readonly messageKey: string;
}

export const UNIFIED: MailboxView = { kind: 'unified' };

/** The account's inbox path (the mapped one, else INBOX). */
export function inboxOf(account: AccountView): string {
  return account.folders.inbox ?? 'INBOX';
}

/** The folders a view lists. */
export function sourcesOf(view: MailboxView, accounts: readonly AccountView[]): FolderSource[] {
  switch (view.kind) {
    case 'unified':
      return accounts
        .filter((account) => account.enabled)
        .map((account) => ({ accountId: account.id, folder: inboxOf(account) }));
    case 'folder':
      return [{ accountId: view.accountId, folder: view.folder }];
    default: {
      const unknown: never = view;
      throw new Error(`Unknown mailbox view: ${JSON.stringify(unknown)}`);
    }
  }
}

/** A stable string for a view, for React keys and effect dependencies. */
export function viewKey(view: MailboxView): string {
  return view.kind === 'unified' ? 'unified' : `folder:${view.accountId}:${view.folder}`;
}

export function sameView(a: MailboxView, b: MailboxView): boolean {
  return viewKey(a) === viewKey(b);
}

/** A stable string for a selected message. */
export function messageRefKey(ref: MessageRef): string {
  return `${ref.accountId}\u0000${ref.folder}\u0000${ref.uidValidity}\u0000${ref.uid}`;
}

const ROLE_NAMES: Readonly<Record<FolderRole, string>> = {
  inbox: 'Inbox',
  sent: 'Sent',
  drafts: 'Drafts',
  trash: 'Trash',
  archive: 'Archive',
  junk: 'Junk',
};

/** A folder's name for people: its role ("Sent") where it has one, else its path. */
export function folderLabel(account: AccountView | undefined, folder: string): string {
  if (account !== undefined) {
    for (const role of FOLDER_ROLES) {
      if (account.folders[role] === folder) return ROLE_NAMES[role];
    }
  }
  return folder.toUpperCase() === 'INBOX' ? 'Inbox' : folder;
}

/** The title of a view, e.g. "All inboxes" or "Work — Sent". */
export function viewTitle(view: MailboxView, accounts: readonly AccountView[]): string {
  if (view.kind === 'unified') return 'All inboxes';
  const account = accounts.find((a) => a.id === view.accountId);
  const folder = folderLabel(account, view.folder);
  return account === undefined ? folder : `${account.name} — ${folder}`;
}

/** Sort rank of a folder in the sidebar: Inbox, then the other roles, then the rest by name. */
export function folderRank(account: AccountView, folder: string): number {
  if (folder === inboxOf(account)) return 0;
  const index = FOLDER_ROLES.findIndex((role) => account.folders[role] === folder);
  return index === -1 ? FOLDER_ROLES.length + 1 : index + 1;
}
