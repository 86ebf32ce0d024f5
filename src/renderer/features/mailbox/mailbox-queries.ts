/**
 * Cache reads of the mail screen, made to be followed with useLiveQuery: the folder tree with
 * unread counts, a view's size, and the open message. The list's rows are read by
 * useListWindow (list-cursor.ts), which can reach row 90,000 without walking 90,000 rows.
 */
import type { AccountView } from '../../../shared/account';
import { cachedFolders, countFolder, countUnread } from '../../db/cache-queries';
import { inTransaction } from '../../db/cache-tables';
import type { MailDb } from '../../db/mail-db';
import type { CachedBody, CachedMessage, Membership, MembershipKey } from '../../db/records';
import { selectedFolders } from '../sync/sync-scheduler';
import { folderLabel, folderRank, inboxOf, type FolderSource } from './mailbox-view';

/** One folder in the sidebar. */
export interface FolderEntry {
  readonly folder: string;
  readonly label: string;
  readonly unread: number;
}

/** One account's folders in the sidebar. */
export interface AccountFolders {
  readonly accountId: string;
  readonly folders: readonly FolderEntry[];
}

/** The sidebar: each account's folders with unread counts, and the unified inbox's. */
export interface FolderTree {
  readonly accounts: readonly AccountFolders[];
  readonly unifiedUnread: number;
}

/** Reads every account's synced (or chosen) folders with their unread counts. */
export function readFolderTree(db: MailDb, accounts: readonly AccountView[]): Promise<FolderTree> {
  return inTransaction(db, 'r', ['memberships', 'checkpoints'], async (t) => {
    const result: AccountFolders[] = [];
    let unifiedUnread = 0;
    for (const account of accounts) {
      const cached = await cachedFolders(t, account.id);
      const paths = [...new Set([...selectedFolders(account), ...cached])].sort(
        (a, b) => folderRank(account, a) - folderRank(account, b) || a.localeCompare(b),
      );
      const folders: FolderEntry[] = [];
      for (const folder of paths) {
        const unread = await countUnread(t, account.id, folder);
        folders.push({ folder, label: folderLabel(account, folder), unread });
        if (account.enabled && folder === inboxOf(account)) unifiedUnread += unread;
      }
      result.push({ accountId: account.id, folders });
    }
    return { accounts: result, unifiedUnread };
  });
}

/** How many cached messages the view's folders hold together. */
export function countSources(db: MailDb, sources: readonly FolderSource[]): Promise<number> {
  return inTransaction(db, 'r', ['memberships'], async (t) => {
    let total = 0;
    for (const source of sources) total += await countFolder(t, source.accountId, source.folder);
    return total;
  });
}

/** What the reading pane shows of one message. */
export interface OpenMessage {
  /** Undefined when the message left the folder (moved, deleted, expunged on the server). */
  readonly membership?: Membership;
  readonly message?: CachedMessage;
  readonly body?: CachedBody;
}

/** Reads one message of a folder with its body, if the body is cached. */
export function readMessage(
  db: MailDb,
  key: MembershipKey,
  messageKey: string,
): Promise<OpenMessage> {
  return inTransaction(db, 'r', ['memberships', 'messages', 'bodies'], async (t) => {
    const [membership, message, body] = await Promise.all([
      t.memberships.get(key),
      t.messages.get([key[0], messageKey]),
      t.bodies.get([key[0], messageKey]),
    ]);
    return { membership, message, body };
  });
}
