/**
 * The accounts list: loaded once, then kept fresh by the 'accounts.changed' event (which carries
 * the whole list), and the list actions (enable/disable, copy, delete). The add/edit flow lives
 * in editor/accountEditorSlice.ts.
 */
import { create } from 'zustand';
import type { AccountView } from '../../../shared/account';
import { toAppError, type AppError } from '../../../shared/errors';
import { api } from '../../api/client';
import { useConnection } from '../../app/connectionSlice';

/** An action that failed, shown beside the list until dismissed or retried. */
export interface ActionFailure {
  /** A sentence such as "Could not delete Work". */
  readonly what: string;
  readonly error: AppError;
}

interface AccountsSlice {
  readonly accounts: readonly AccountView[];
  readonly loadState: 'idle' | 'loading' | 'ready' | 'failed';
  readonly loadError?: AppError;
  /** Account ids with an action in flight, and what it is doing (for the row's progress text). */
  readonly pending: Readonly<Record<string, string>>;
  readonly failure?: ActionFailure;

  readonly load: () => Promise<void>;
  /** Subscribes to 'accounts.changed'; returns the unsubscribe. */
  readonly subscribe: () => () => void;
  /** Puts a saved account into the list at once, before the change event arrives. */
  readonly upsert: (account: AccountView) => void;
  readonly setEnabled: (account: AccountView, enabled: boolean) => Promise<void>;
  readonly duplicate: (account: AccountView) => Promise<void>;
  /** Browser sign-in again for an OAuth account whose sign-in expired or was revoked. */
  readonly signIn: (account: AccountView) => Promise<void>;
  readonly remove: (account: AccountView) => Promise<boolean>;
  readonly dismissFailure: () => void;
}

export const useAccounts = create<AccountsSlice>()((set, get) => {
  /** Runs one row action, marking the row busy and recording a failure for the banner. */
  async function rowAction<T>(
    account: AccountView,
    progress: string,
    what: string,
    run: () => Promise<T>,
  ): Promise<T | undefined> {
    set((state) => ({ pending: { ...state.pending, [account.id]: progress }, failure: undefined }));
    try {
      return await run();
    } catch (thrown) {
      const error = toAppError(thrown);
      set({ failure: { what, error } });
      useConnection.getState().noteFailure(error);
      return undefined;
    } finally {
      set((state) => {
        const pending = { ...state.pending };
        delete pending[account.id];
        return { pending };
      });
    }
  }

  return {
    accounts: [],
    loadState: 'idle',
    loadError: undefined,
    pending: {},
    failure: undefined,

    async load() {
      // Keep showing the old list while reloading (e.g. after a reconnect): no flicker to empty.
      set((state) => ({ loadState: state.loadState === 'ready' ? 'ready' : 'loading' }));
      try {
        const accounts = await api.call('accounts.list', {});
        set({ accounts, loadState: 'ready', loadError: undefined });
      } catch (thrown) {
        const error = toAppError(thrown);
        set({ loadState: 'failed', loadError: error });
        useConnection.getState().noteFailure(error);
      }
    },

    subscribe() {
      return api.on('accounts.changed', (accounts) => {
        set({ accounts, loadState: 'ready', loadError: undefined });
      });
    },

    upsert(account) {
      set((state) => {
        const index = state.accounts.findIndex((existing) => existing.id === account.id);
        if (index === -1) return { accounts: [...state.accounts, account] };
        const accounts = [...state.accounts];
        accounts[index] = account;
        return { accounts };
      });
    },

    async setEnabled(account, enabled) {
      const updated = await rowAction(
        account,
        enabled ? 'Enabling…' : 'Disabling…',
        `Could not ${enabled ? 'enable' : 'disable'} ${account.name}`,
        () => api.call('accounts.setEnabled', { id: account.id, enabled }),
      );
      if (updated) get().upsert(updated);
    },

    async duplicate(account) {
      const copy = await rowAction(account, 'Copying…', `Could not copy ${account.name}`, () =>
        api.call('accounts.duplicate', { id: account.id }),
      );
      if (copy) get().upsert(copy);
    },

    async signIn(account) {
      const signedIn = await rowAction(
        account,
        'Waiting for the sign-in in your browser…',
        `Could not sign in ${account.name}`,
        () => api.call('accounts.signIn', { id: account.id }),
      );
      if (signedIn) get().upsert(signedIn);
    },

    async remove(account) {
      const done = await rowAction(
        account,
        'Deleting…',
        `Could not delete ${account.name}`,
        async () => {
          await api.call('accounts.remove', { id: account.id });
          return true;
        },
      );
      if (done) set((state) => ({ accounts: state.accounts.filter((a) => a.id !== account.id) }));
      return done === true;
    },

    dismissFailure() {
      set({ failure: undefined });
    },
  };
});
