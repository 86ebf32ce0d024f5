/**
 * The mail screen's state: which list is shown and which message is open. The list and the
 * reading pane read the cache themselves; this only says where the user is.
 */
import { create } from 'zustand';
import type { AppError } from '../../../shared/errors';
import { UNIFIED, sameView, type MailboxView, type SelectedMessage } from './mailbox-view';

interface MailboxSlice {
  readonly view: MailboxView;
  readonly selected?: SelectedMessage;
  /** The row the open message was at when it was opened; j/k go on from here. */
  readonly selectedIndex?: number;
  /**
   * A row to open as soon as the list has loaded it: j/k past the rows on screen, or the next
   * message after the open one was archived or deleted.
   */
  readonly wantedIndex?: number;
  /** The last action that could not be queued, shown until dismissed. */
  readonly actionFailure?: { readonly what: string; readonly error: AppError };

  readonly showView: (view: MailboxView) => void;
  readonly select: (message: SelectedMessage, index: number) => void;
  readonly selectIndex: (index: number) => void;
  /** The open message's row moved (new mail above it): j/k go on from its new place. */
  readonly noteIndex: (index: number) => void;
  readonly clearSelection: () => void;
  readonly noteActionFailure: (what: string, error: AppError) => void;
  readonly dismissActionFailure: () => void;
}

export const useMailbox = create<MailboxSlice>()((set, get) => ({
  view: UNIFIED,
  selected: undefined,
  selectedIndex: undefined,
  wantedIndex: undefined,
  actionFailure: undefined,

  showView(view) {
    if (sameView(view, get().view)) return;
    set({ view, selected: undefined, selectedIndex: undefined, wantedIndex: undefined });
  },

  select(message, index) {
    set({ selected: message, selectedIndex: index, wantedIndex: undefined });
  },

  selectIndex(index) {
    set({ wantedIndex: Math.max(0, index) });
  },

  noteIndex(index) {
    if (get().selectedIndex !== index) set({ selectedIndex: index });
  },

  clearSelection() {
    set({ selected: undefined, selectedIndex: undefined, wantedIndex: undefined });
  },

  noteActionFailure(what, error) {
    set({ actionFailure: { what, error } });
  },

  dismissActionFailure() {
    set({ actionFailure: undefined });
  },
}));
