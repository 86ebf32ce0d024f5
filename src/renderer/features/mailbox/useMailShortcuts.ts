/**
 * Keys of the mail screen: j/k next and previous message, Enter opens (the first message when
 * none is open, else moves focus into the reading pane), e archive, # delete, s flag, u read or
 * unread, x check the open message, / search. With messages checked, e, #, s and u act on all
 * of them; r, a and f reply, reply all and forward in the compose pane. Ignored while typing in a
 * field and with Ctrl, Alt or Meta held.
 */
import { useCallback, type KeyboardEvent } from 'react';
import type { AccountView } from '../../../shared/account';
import { getMailDb } from '../../db/mail-db';
import { SEARCH_INPUT_ID } from '../search/SearchBar';
import { useCompose } from '../compose/composeSlice';
import { runBulkAction, runMailAction, type MailActionKind } from './mail-actions';
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

/**
 * For checked messages: u marks them read when any is unread, else unread; s flags them all.
 * (One answer for the whole set, as mail clients do, instead of flipping each one.)
 */
async function bulkKind(key: string): Promise<MailActionKind | undefined> {
  const checked = [...useMailbox.getState().checked.values()];
  switch (key) {
    case 'e':
      return 'archive';
    case '#':
      return 'delete';
    case 's':
      return 'flag';
    case 'u': {
      const rows = await getMailDb().memberships.bulkGet(
        checked.map((m): [string, string, number, number] => [
          m.accountId,
          m.folder,
          m.uidValidity,
          m.uid,
        ]),
      );
      return rows.some((row) => row?.unread === 1) ? 'read' : 'unread';
    }
    default:
      return undefined;
  }
}

function focusReader(): void {
  const reader = document.querySelector<HTMLElement>('.reading-pane');
  if (reader === null) return;
  if (!reader.hasAttribute('tabindex')) reader.tabIndex = -1;
  reader.focus();
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
      if (mailbox.checked.size > 0 && ['e', '#', 's', 'u'].includes(event.key)) {
        event.preventDefault();
        const messages = [...mailbox.checked.values()];
        void bulkKind(event.key).then((kind) =>
          kind === undefined ? 0 : runBulkAction(kind, messages, accounts),
        );
        return;
      }
      switch (event.key) {
        case 'j':
          mailbox.selectIndex((mailbox.selectedIndex ?? -1) + 1);
          break;
        case 'k':
          mailbox.selectIndex(Math.max(0, (mailbox.selectedIndex ?? 1) - 1));
          break;
        case 'Enter':
          // On a button or link, Enter is theirs.
          if (
            event.target instanceof HTMLButtonElement ||
            event.target instanceof HTMLAnchorElement
          )
            return;
          if (selected === undefined) mailbox.selectIndex(0);
          else focusReader();
          break;
        case 'x':
          if (selected) mailbox.toggleChecked(selected, mailbox.selectedIndex ?? 0);
          break;
        case '/':
          document.getElementById(SEARCH_INPUT_ID)?.focus();
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
        case 'r':
        case 'a':
        case 'f':
          if (selected === undefined) return;
          useCompose.getState().openCompose({
            kind: event.key === 'r' ? 'reply' : event.key === 'a' ? 'reply-all' : 'forward',
            source: selected,
          });
          break;
        default:
          return;
      }
      event.preventDefault();
    },
    [accounts],
  );
}
