/**
 * Shows new-mail notices with the web Notification API (Electron's renderer supports it; a
 * browser shows them where the user allowed it). Clicking one focuses the window and opens
 * the message in its Inbox.
 */
import type { AccountView } from '../../../shared/account';
import { getMailDb } from '../../db/mail-db';
import { inboxOf } from '../mailbox/mailbox-view';
import { useMailbox } from '../mailbox/mailboxSlice';
import {
  startNewMailNotifier,
  type NewMailNotice,
  type NewMailNotifier,
} from './new-mail-notifier';
import { useNotifySettings } from './notify-settings';

function canNotify(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

function openNotice(notice: NewMailNotice): void {
  const { account, membership } = notice;
  const mailbox = useMailbox.getState();
  mailbox.showView({ kind: 'folder', accountId: account.id, folder: inboxOf(account) });
  if (membership !== undefined) {
    const { accountId, folder, uidValidity, uid, messageKey } = membership;
    mailbox.select({ accountId, folder, uidValidity, uid, messageKey }, 0);
  }
}

function show(notice: NewMailNotice): void {
  if (!canNotify()) return;
  const shown = new Notification(notice.title, { body: notice.body, tag: notice.tag });
  shown.onclick = () => {
    window.focus();
    openNotice(notice);
    shown.close();
  };
}

let running: NewMailNotifier | undefined;

/** Starts the app's notifier once; it follows the account list it is given. */
export function startDesktopNotifications(accounts: () => readonly AccountView[]): void {
  if (running !== undefined) return;
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') {
    Notification.requestPermission().catch((thrown: unknown) => {
      console.warn('Notification permission could not be asked', thrown);
    });
  }
  running = startNewMailNotifier({
    db: getMailDb(),
    accounts,
    enabled: (accountId) => useNotifySettings.getState().enabled(accountId),
    show,
  });
}
