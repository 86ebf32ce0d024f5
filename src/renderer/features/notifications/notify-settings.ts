/**
 * The per-account "notify me of new mail" switch, kept in this profile's localStorage (a
 * preference of this computer, like a window size; nothing secret). On by default.
 */
import { create } from 'zustand';

const PREFIX = 'mailcrm.notify.';

function read(accountId: string): boolean {
  try {
    return globalThis.localStorage?.getItem(PREFIX + accountId) !== 'off';
  } catch (thrown) {
    console.warn('The notification setting could not be read', thrown);
    return true;
  }
}

interface NotifySettings {
  /** Accounts switched off (read lazily from storage, then kept here). */
  readonly off: ReadonlySet<string>;
  readonly loaded: ReadonlySet<string>;
  readonly enabled: (accountId: string) => boolean;
  readonly setEnabled: (accountId: string, on: boolean) => void;
}

export const useNotifySettings = create<NotifySettings>()((set, get) => ({
  off: new Set(),
  loaded: new Set(),

  enabled(accountId) {
    const { off, loaded } = get();
    if (loaded.has(accountId)) return !off.has(accountId);
    return read(accountId);
  },

  setEnabled(accountId, on) {
    try {
      globalThis.localStorage?.setItem(PREFIX + accountId, on ? 'on' : 'off');
    } catch (thrown) {
      console.warn('The notification setting could not be saved', thrown);
    }
    const off = new Set(get().off);
    if (on) off.delete(accountId);
    else off.add(accountId);
    set({ off, loaded: new Set([...get().loaded, accountId]) });
  },
}));
