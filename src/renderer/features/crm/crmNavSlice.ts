/**
 * Where the user is in the app: the screen, and the CRM record open on it. It lives in a slice
 * (not in App's state) because CRM pages move the user around: a timeline's "Open" shows the
 * message in the mail screen, a contact's company opens the Companies screen.
 */
import { create } from 'zustand';
import type { RecordRef, RecordType } from '../../../shared/crm/types';
import { useMailbox } from '../mailbox/mailboxSlice';
import type { SelectedMessage } from '../mailbox/mailbox-view';
import { useSearch } from '../search/searchSlice';

/** The app's screens, as the sidebar lists them. */
export type Screen =
  | 'mail'
  | 'templates'
  | 'contacts'
  | 'companies'
  | 'deals'
  | 'follow-ups'
  | 'crm-settings'
  | 'sync-status'
  | 'accounts';

interface CrmNavSlice {
  /** Undefined until the user picks a screen or the first account list decides it. */
  readonly screen?: Screen;
  /** The record page shown on its screen; undefined shows the screen's list. */
  readonly record?: RecordRef;
  readonly go: (screen: Screen) => void;
  /** Sets the first screen unless the user already chose one. */
  readonly decide: (screen: Screen) => void;
  readonly openRecord: (ref: RecordRef) => void;
  /** Back to the list of the current screen. */
  readonly closeRecord: () => void;
  /** Shows `message` in the mail screen's reader, in its folder. */
  readonly openMessage: (message: SelectedMessage) => void;
}

/** The screen that shows records of `type`. */
export function screenOf(type: RecordType): Screen {
  switch (type) {
    case 'contact':
      return 'contacts';
    case 'company':
      return 'companies';
    case 'deal':
      return 'deals';
    case 'case':
      return 'crm-settings';
    default: {
      const unknown: never = type;
      throw new Error(`Unknown record type: ${String(unknown)}`);
    }
  }
}

export const useCrmNav = create<CrmNavSlice>()((set) => ({
  screen: undefined,
  record: undefined,

  go(screen) {
    set({ screen, record: undefined });
  },

  decide(screen) {
    set((state) => (state.screen === undefined ? { screen } : state));
  },

  openRecord(ref) {
    set({ screen: screenOf(ref.type), record: ref });
  },

  closeRecord() {
    set({ record: undefined });
  },

  openMessage(message) {
    if (useSearch.getState().open) useSearch.getState().close();
    const mailbox = useMailbox.getState();
    mailbox.showView({ kind: 'folder', accountId: message.accountId, folder: message.folder });
    useMailbox.getState().select(message, 0);
    set({ screen: 'mail', record: undefined });
  },
}));
