/**
 * Keys of the mail screen: j/k next and previous message, e archive, # delete, s flag, u read
 * or unread. Ignored while typing in a field and with Ctrl, Alt or Meta held.
 */
import { useCallback, type KeyboardEvent } from 'react';
import type { AccountView } from '../../../shared/account';
import { getMailDb } from '../../db/mail-db';
import { runMailAction, type MailActionKind } from './mail-actions';
import { useMailbox } from './mailboxSlice';

function typing(target: EventTarget): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

async function toggle(kind: 'unread' | 'flag', accounts: readonly AccountView[]): Promise<void> {
  const selected = useMailbox.getState().selected;
  if (selected === undefined) return;
  const { accountId, folder, uidValidity, uid } = selected;
  const membership = await getMailDb().memberships.get([accountId, folder, uidValidity, uid]);
  if (membership === undefined) return;
  const account = accounts.find((a) => a.id === accountId);
  const action: MailActionKind =
    kind === 'unread'
      ? membership.unread === 1
        ? 'read'
        : 'unread'
      : membership.flagged === 1
        ? 'unflag'
        : 'flag';
  await runMailAction(action, selected, account);
}

/** The key handler for the mail screen's root element. */
export function useMailShortcuts(
  accounts: readonly AccountView[],
): (event: KeyboardEvent<HTMLElement>) => void {
  return useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
      const mailbox = useMailbox.getState();
      const selected = mailbox.selected;
      const account = accounts.find((a) => a.id === selected?.accountId);
      switch (event.key) {
        case 'j':
          mailbox.selectIndex((mailbox.selectedIndex ?? -1) + 1);
          break;
        case 'k':
          mailbox.selectIndex(Math.max(0, (mailbox.selectedIndex ?? 1) - 1));
          break;
        case 'e':
          if (selected) void runMailAction('archive', selected, account);
          break;
        case '#':
          if (selected) void runMailAction('delete', selected, account);
          break;
        case 's':
          void toggle('flag', accounts);
          break;
        case 'u':
          void toggle('unread', accounts);
          break;
        default:
          return;
      }
      event.preventDefault();
    },
    [accounts],
  );
}
