/**
 * The reader's actions on a message (read, unread, flag, archive, delete). Each goes through
 * the sync scheduler's action queue: the cache changes at once, the server follows when it can
 * be reached, in the order the user acted.
 */
import type { AccountView } from '../../../shared/account';
import { toAppError } from '../../../shared/errors';
import type { MessageAction } from '../../../shared/sync';
import { startSync } from '../sync/start-sync';
import type { SelectedMessage } from './mailbox-view';
import { useMailbox } from './mailboxSlice';

export type MailActionKind = 'read' | 'unread' | 'flag' | 'unflag' | 'archive' | 'delete';

const SEEN = '\\Seen';
const FLAGGED = '\\Flagged';

/** The queued action for `kind`, or undefined when it cannot apply (no Archive folder). */
export function messageActionFor(
  kind: MailActionKind,
  message: SelectedMessage,
  account: AccountView | undefined,
): MessageAction | undefined {
  switch (kind) {
    case 'read':
      return { kind: 'flags', add: [SEEN], remove: [] };
    case 'unread':
      return { kind: 'flags', add: [], remove: [SEEN] };
    case 'flag':
      return { kind: 'flags', add: [FLAGGED], remove: [] };
    case 'unflag':
      return { kind: 'flags', add: [], remove: [FLAGGED] };
    case 'archive': {
      const archive = account?.folders.archive;
      return archive === undefined || archive === message.folder
        ? undefined
        : { kind: 'move', toFolder: archive };
    }
    case 'delete':
      return { kind: 'delete' };
    default: {
      const unknown: never = kind;
      throw new Error(`Unknown mail action: ${String(unknown)}`);
    }
  }
}

const FAILURES: Readonly<Record<MailActionKind, string>> = {
  read: 'Could not mark the message as read',
  unread: 'Could not mark the message as unread',
  flag: 'Could not flag the message',
  unflag: 'Could not remove the flag',
  archive: 'Could not archive the message',
  delete: 'Could not delete the message',
};

/**
 * Queues `kind` on `message`. Archive and delete take the message out of the list: the next
 * one (now at the same place) opens. Failures are shown above the reading pane.
 */
export async function runMailAction(
  kind: MailActionKind,
  message: SelectedMessage,
  account: AccountView | undefined,
): Promise<void> {
  const action = messageActionFor(kind, message, account);
  if (action === undefined) return;
  const { accountId, folder, uidValidity, uid } = message;
  const mailbox = useMailbox.getState();
  const removes = kind === 'archive' || kind === 'delete';
  const index = mailbox.selectedIndex;
  try {
    await startSync().act({ accountId, folder, uidValidity, uid }, action);
    if (removes && useMailbox.getState().selected === message) {
      useMailbox.getState().clearSelection();
      if (index !== undefined) useMailbox.getState().selectIndex(index);
    }
  } catch (thrown) {
    useMailbox.getState().noteActionFailure(FAILURES[kind], toAppError(thrown));
  }
}

const BULK_FAILURES: Readonly<Record<MailActionKind, string>> = {
  read: 'Could not mark every checked message as read',
  unread: 'Could not mark every checked message as unread',
  flag: 'Could not flag every checked message',
  unflag: 'Could not remove every flag',
  archive: 'Could not archive every checked message',
  delete: 'Could not delete every checked message',
};

/**
 * Queues `kind` on every message in `messages`, in order, through the same action queue (so a
 * bulk archive offline replays like single archives). Messages it cannot apply to (no Archive
 * folder on their account) are skipped. The checked set is cleared; an open message that was
 * archived or deleted closes. Resolves with how many actions were queued.
 */
export async function runBulkAction(
  kind: MailActionKind,
  messages: readonly SelectedMessage[],
  accounts: readonly AccountView[],
): Promise<number> {
  const removes = kind === 'archive' || kind === 'delete';
  const openKey = useMailbox.getState().selected;
  let queued = 0;
  let closeOpen = false;
  try {
    for (const message of messages) {
      const account = accounts.find((a) => a.id === message.accountId);
      const action = messageActionFor(kind, message, account);
      if (action === undefined) continue;
      const { accountId, folder, uidValidity, uid } = message;
      await startSync().act({ accountId, folder, uidValidity, uid }, action);
      queued += 1;
      if (
        removes &&
        openKey !== undefined &&
        openKey.accountId === accountId &&
        openKey.folder === folder &&
        openKey.uid === uid
      ) {
        closeOpen = true;
      }
    }
  } catch (thrown) {
    useMailbox.getState().noteActionFailure(BULK_FAILURES[kind], toAppError(thrown));
  }
  const mailbox = useMailbox.getState();
  mailbox.clearChecked();
  if (closeOpen) mailbox.clearSelection();
  return queued;
}
