/**
 * The mail screen's state: which list is shown, which message is open, which messages are
 * checked for a bulk action, and whether conversations are grouped. The list and the reading
 * pane read the cache themselves; this only says where the user is.
 */
import { create } from 'zustand';
import type { AppError } from '../../../shared/errors';
import {
  UNIFIED,
  messageRefKey,
  sameView,
  type MailboxView,
  type SelectedMessage,
} from './mailbox-view';

/** Where the threading switch is kept (a view preference, nothing secret). */
const THREADING_KEY = 'mailcrm.threading';

function storedThreading(): boolean {
  try {
    return globalThis.localStorage?.getItem(THREADING_KEY) !== 'off';
  } catch (thrown) {
    // Storage refused (a locked-down profile): default on, and say why in the console.
    console.warn('The threading preference could not be read', thrown);
    return true;
  }
}

function storeThreading(on: boolean): void {
  try {
    globalThis.localStorage?.setItem(THREADING_KEY, on ? 'on' : 'off');
  } catch (thrown) {
    console.warn('The threading preference could not be saved', thrown);
  }
}

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
  /** Messages checked for a bulk action, by messageRefKey. */
  readonly checked: ReadonlyMap<string, SelectedMessage>;
  /** The row a shift-click range starts from. */
  readonly checkAnchor?: number;
  /** Whether the reading pane shows the whole conversation. */
  readonly threading: boolean;
  /** The Outbox or Drafts, shown in place of the list and reading pane. */
  readonly panel?: 'outbox' | 'drafts';

  readonly showView: (view: MailboxView) => void;
  readonly showPanel: (panel: 'outbox' | 'drafts') => void;
  readonly select: (message: SelectedMessage, index: number) => void;
  readonly selectIndex: (index: number) => void;
  /** The open message's row moved (new mail above it): j/k go on from its new place. */
  readonly noteIndex: (index: number) => void;
  readonly clearSelection: () => void;
  readonly noteActionFailure: (what: string, error: AppError) => void;
  readonly dismissActionFailure: () => void;
  /** Checks or unchecks one message (x, ctrl-click, its checkbox). */
  readonly toggleChecked: (message: SelectedMessage, index: number) => void;
  /** Checks these messages (a shift-click range) on top of those checked. */
  readonly addChecked: (messages: readonly SelectedMessage[], anchor: number) => void;
  readonly clearChecked: () => void;
  readonly setThreading: (on: boolean) => void;
}

export const useMailbox = create<MailboxSlice>()((set, get) => ({
  view: UNIFIED,
  selected: undefined,
  selectedIndex: undefined,
  wantedIndex: undefined,
  actionFailure: undefined,
  checked: new Map(),
  checkAnchor: undefined,
  threading: storedThreading(),
  panel: undefined,

  showView(view) {
    if (get().panel !== undefined) set({ panel: undefined });
    if (sameView(view, get().view)) return;
    set({
      view,
      selected: undefined,
      selectedIndex: undefined,
      wantedIndex: undefined,
      checked: new Map(),
      checkAnchor: undefined,
    });
  },

  showPanel(panel) {
    set({ panel });
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

  toggleChecked(message, index) {
    const checked = new Map(get().checked);
    const key = messageRefKey(message);
    if (checked.has(key)) checked.delete(key);
    else checked.set(key, message);
    set({ checked, checkAnchor: index });
  },

  addChecked(messages, anchor) {
    const checked = new Map(get().checked);
    for (const message of messages) checked.set(messageRefKey(message), message);
    set({ checked, checkAnchor: anchor });
  },

  clearChecked() {
    set({ checked: new Map(), checkAnchor: undefined });
  },

  setThreading(on) {
    storeThreading(on);
    set({ threading: on });
  },
}));
