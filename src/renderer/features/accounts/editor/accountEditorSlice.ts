/**
 * The add/edit account flow as one state machine: address → detected settings → password and
 * Test Connection → folder mapping → save. Edit starts at the settings step and keeps the stored
 * password when the password field is left blank.
 */
import { create } from 'zustand';
import type {
  AccountDraft,
  AccountView,
  CertificateInfo,
  ConnectionTestResult,
  DetectionResult,
  FolderRole,
} from '../../../../shared/account';
import { contract } from '../../../../shared/contract';
import { toAppError, type AppError } from '../../../../shared/errors';
import { api } from '../../../api/client';
import { useConnection } from '../../../app/connectionSlice';
import { useAccounts } from '../accountsSlice';
import {
  blankDraft,
  draftFromAccount,
  draftFromDetection,
  mergeMapping,
  sameConnection,
  validateDraft,
  type FieldErrors,
} from './draft';

export const EDITOR_STEPS = ['address', 'settings', 'password', 'folders'] as const;
export type EditorStep = (typeof EDITOR_STEPS)[number];

export type EditorMode =
  { readonly kind: 'create' } | { readonly kind: 'edit'; readonly account: AccountView };

/** What detection said: settings found, or why not (the user then fills the fields by hand). */
export type DetectionOutcome =
  | { readonly kind: 'found'; readonly result: DetectionResult }
  | { readonly kind: 'failed'; readonly error: AppError }
  | { readonly kind: 'skipped' };

/** A Test Connection result together with the draft it checked, to tell when it is stale. */
export interface TestRun {
  readonly result: ConnectionTestResult;
  readonly draft: AccountDraft;
}

export type Pending = 'detect' | 'test' | 'save' | 'sign-in';
export type Side = 'imap' | 'smtp';

interface AccountEditorSlice {
  readonly open: boolean;
  readonly mode: EditorMode;
  readonly step: EditorStep;
  readonly address: string;
  readonly addressError?: string;
  readonly detection?: DetectionOutcome;
  readonly draft: AccountDraft;
  readonly fieldErrors: FieldErrors;
  readonly password: string;
  readonly smtpPassword: string;
  readonly pending?: Pending;
  /** The last call that failed outright (not a per-side test result), and which one it was. */
  readonly failure?: { readonly action: Pending; readonly error: AppError };
  readonly test?: TestRun;

  readonly openCreate: () => void;
  readonly openEdit: (account: AccountView) => void;
  readonly close: () => void;
  readonly setAddress: (address: string) => void;
  readonly detect: () => Promise<void>;
  /** Skips detection: the user enters every server setting by hand. */
  readonly enterManually: () => void;
  readonly updateDraft: (change: (draft: AccountDraft) => AccountDraft) => void;
  readonly setPassword: (password: string) => void;
  readonly setSmtpPassword: (password: string) => void;
  readonly goTo: (step: EditorStep) => void;
  /** Validates the settings and moves on to the password step. */
  readonly continueToPassword: () => void;
  readonly testConnection: () => Promise<void>;
  /**
   * Browser sign-in (OAuth) of the account as entered: a new account is saved first, since the
   * tokens belong to a stored account; then the sign-in opens in the system browser, and a
   * Test Connection follows with the new token.
   */
  readonly signIn: () => Promise<void>;
  /** Pins the certificate for the given sides and tests again. */
  readonly trustCertificate: (
    sides: readonly Side[],
    certificate: CertificateInfo,
  ) => Promise<void>;
  readonly setFolder: (role: FolderRole, path: string) => void;
  readonly save: () => Promise<AccountView | undefined>;
}

/** Bumped on every open and close so answers to an abandoned flow are dropped. */
let session = 0;

const closedState = {
  open: false,
  mode: { kind: 'create' } as EditorMode,
  step: 'address' as EditorStep,
  address: '',
  addressError: undefined,
  detection: undefined,
  draft: blankDraft(''),
  fieldErrors: {},
  password: '',
  smtpPassword: '',
  pending: undefined,
  failure: undefined,
  test: undefined,
};

export const useAccountEditor = create<AccountEditorSlice>()((set, get) => {
  /** Reports a failed call to the connection slice, which probes when the transport may be gone. */
  function noted(thrown: unknown): AppError {
    const error = toAppError(thrown);
    useConnection.getState().noteFailure(error);
    return error;
  }

  /** Validates the draft; on failure sends the user back to the settings with the messages. */
  function validOrBack(): AccountDraft | undefined {
    const checked = validateDraft(get().draft);
    if (checked.ok) {
      set({ fieldErrors: {} });
      return checked.draft;
    }
    // The sign-in provider's fields live on the password step; everything else on settings.
    const onlySignIn = Object.keys(checked.errors).every((key) => key.startsWith('oauth.'));
    set({ fieldErrors: checked.errors, step: onlySignIn ? 'password' : 'settings' });
    return undefined;
  }

  function credentials(draft: AccountDraft): { password?: string; smtpPassword?: string } {
    const { password, smtpPassword } = get();
    const separateSmtp = !draft.smtp.noAuth && !draft.smtp.sameCredentialsAsImap;
    return {
      password: password === '' ? undefined : password,
      smtpPassword: separateSmtp && smtpPassword !== '' ? smtpPassword : undefined,
    };
  }

  return {
    ...closedState,

    openCreate() {
      session += 1;
      set({ ...closedState, open: true, mode: { kind: 'create' } });
    },

    openEdit(account) {
      session += 1;
      set({
        ...closedState,
        open: true,
        mode: { kind: 'edit', account },
        step: 'settings',
        address: account.email,
        draft: draftFromAccount(account),
      });
    },

    close() {
      session += 1;
      set(closedState);
    },

    setAddress(address) {
      set({ address, addressError: undefined });
    },

    async detect() {
      const address = get().address.trim();
      // The contract's own schema, so the form and the handler agree on what an address is.
      const checked = contract.calls['accounts.detect'].input.safeParse({ address });
      if (!checked.success) {
        set({ addressError: checked.error.issues[0]?.message ?? 'Enter a valid email address' });
        return;
      }
      const mine = session;
      set({ pending: 'detect', failure: undefined, address });
      try {
        const result = await api.call('accounts.detect', { address });
        if (mine !== session) return;
        set({
          pending: undefined,
          step: 'settings',
          detection: { kind: 'found', result },
          draft: draftFromDetection(address, result),
          fieldErrors: {},
          test: undefined,
        });
      } catch (thrown) {
        if (mine !== session) return;
        const error = noted(thrown);
        if (error.code === 'INVALID_INPUT') {
          set({ pending: undefined, addressError: error.message });
          return;
        }
        // Nothing found (or the lookup failed): the user can still enter the settings by hand.
        set({
          pending: undefined,
          step: 'settings',
          detection: { kind: 'failed', error },
          draft: blankDraft(address),
          fieldErrors: {},
          test: undefined,
        });
      }
    },

    enterManually() {
      const address = get().address.trim();
      set({
        step: 'settings',
        detection: { kind: 'skipped' },
        draft: blankDraft(address),
        fieldErrors: {},
        failure: undefined,
        test: undefined,
      });
    },

    updateDraft(change) {
      set((state) => {
        const draft = change(state.draft);
        // Once errors are shown, re-check on every edit so each message goes as soon as it is fixed.
        if (Object.keys(state.fieldErrors).length === 0) return { draft };
        const checked = validateDraft(draft);
        return { draft, fieldErrors: checked.ok ? {} : checked.errors };
      });
    },

    setPassword(password) {
      // A result obtained with another password says nothing about this one.
      set({ password, test: undefined });
    },

    setSmtpPassword(smtpPassword) {
      set({ smtpPassword, test: undefined });
    },

    goTo(step) {
      set({ step, failure: undefined });
    },

    continueToPassword() {
      if (validOrBack()) set({ step: 'password', failure: undefined });
    },

    async testConnection() {
      const draft = validOrBack();
      if (!draft) return;
      // Remember what the user's form held (not the trimmed, parsed copy) to tell staleness.
      const { mode, draft: tested } = get();
      const mine = session;
      set({ pending: 'test', failure: undefined });
      try {
        const result = await api.call('accounts.testConnection', {
          draft,
          credentials: credentials(draft),
          accountId: mode.kind === 'edit' ? mode.account.id : undefined,
        });
        if (mine !== session) return;
        set((state) => ({
          pending: undefined,
          test: { result, draft: tested },
          draft: result.imap.ok
            ? {
                ...state.draft,
                folders: mergeMapping(
                  state.draft.folders,
                  result.imap.mapping,
                  result.imap.folders,
                ),
              }
            : state.draft,
        }));
      } catch (thrown) {
        if (mine !== session) return;
        set({ pending: undefined, failure: { action: 'test', error: noted(thrown) } });
      }
    },

    async signIn() {
      const draft = validOrBack();
      if (!draft) return;
      const mine = session;
      set({ pending: 'sign-in', failure: undefined });
      try {
        const { mode } = get();
        const stored =
          mode.kind === 'edit'
            ? await api.call('accounts.update', { id: mode.account.id, draft, credentials: {} })
            : await api.call('accounts.create', { draft, credentials: {} });
        if (mine !== session) return;
        useAccounts.getState().upsert(stored);
        set({ mode: { kind: 'edit', account: stored } });
        const signedIn = await api.call('accounts.signIn', { id: stored.id });
        if (mine !== session) return;
        useAccounts.getState().upsert(signedIn);
        set({ pending: undefined, mode: { kind: 'edit', account: signedIn } });
      } catch (thrown) {
        if (mine !== session) return;
        set({ pending: undefined, failure: { action: 'sign-in', error: noted(thrown) } });
        return;
      }
      await get().testConnection();
    },

    async trustCertificate(sides, certificate) {
      const trusted = { fingerprint256: certificate.fingerprint256, pem: certificate.pem };
      set((state) => ({
        draft: {
          ...state.draft,
          imap: sides.includes('imap')
            ? { ...state.draft.imap, trustedCertificate: trusted }
            : state.draft.imap,
          smtp: sides.includes('smtp')
            ? { ...state.draft.smtp, trustedCertificate: trusted }
            : state.draft.smtp,
        },
      }));
      await get().testConnection();
    },

    setFolder(role, path) {
      set((state) => {
        const folders = { ...state.draft.folders };
        if (path === '') delete folders[role];
        else folders[role] = path;
        return { draft: { ...state.draft, folders } };
      });
    },

    async save() {
      const draft = validOrBack();
      if (!draft) return undefined;
      const { mode } = get();
      const mine = session;
      set({ pending: 'save', failure: undefined });
      try {
        const saved =
          mode.kind === 'edit'
            ? await api.call('accounts.update', {
                id: mode.account.id,
                draft,
                credentials: credentials(draft),
              })
            : await api.call('accounts.create', { draft, credentials: credentials(draft) });
        if (mine !== session) return saved;
        useAccounts.getState().upsert(saved);
        get().close();
        return saved;
      } catch (thrown) {
        if (mine !== session) return undefined;
        set({ pending: undefined, failure: { action: 'save', error: noted(thrown) } });
        return undefined;
      }
    },
  };
});

/** True when the last test checked exactly the current settings. */
export function isTestCurrent(test: TestRun | undefined, draft: AccountDraft): test is TestRun {
  return test !== undefined && sameConnection(test.draft, draft);
}
