/**
 * The accounts use cases behind the contract: list, detect, test, create, update, enable,
 * duplicate, remove. Settings go to the settings file, passwords to the keychain only; every
 * change emits 'accounts.changed' with the full list.
 */
import { randomUUID } from 'node:crypto';
import type {
  AccountDraft,
  AccountView,
  ConnectionTestResult,
  Credentials,
  DetectionResult,
} from '../../../shared/account';
import { appError, fail, type AppError } from '../../../shared/errors';
import {
  testConnection as runConnectionTest,
  type TestCredentials,
} from '../connection/test-connection';
import type { AccessTokenSource } from '../oauth/token-manager';
import type { CoreDeps } from '../ports';
import {
  connectionFingerprint,
  isAwaitingPassword,
  needsSmtpSecret,
  normalizeDefaultSender,
  toView,
  type StoredAccount,
} from './account-rules';
import {
  createAccountRepository,
  damagedAccountView,
  type LoadedAccounts,
} from './account-repository';
import {
  NO_SECRETS,
  deleteAccountSecrets,
  givenSecret,
  readAccountSecrets,
  storeAccountSecrets,
} from './account-secrets';
import {
  createConnectionMemory,
  type ConnectionOutcome,
  type PasswordSource,
} from './connection-memory';
import { detectProvider } from './detect-provider';

/** The accounts use cases. All methods reject with AppFailure. */
export interface AccountService {
  /** Every account with its status; damaged stored entries appear with status 'error'. */
  list(): Promise<readonly AccountView[]>;
  /** Suggests server settings for an address. */
  detect(address: string): Promise<DetectionResult>;
  /**
   * Tests IMAP and SMTP without sending mail. With `accountId`, passwords not typed come from
   * the keychain, and the outcome becomes the account's state when the settings are unchanged.
   */
  testConnection(
    draft: AccountDraft,
    credentials: Credentials,
    accountId?: string,
  ): Promise<ConnectionTestResult>;
  /** Saves a new account; without a password (or keychain) it is "awaiting password". */
  create(draft: AccountDraft, credentials: Credentials): Promise<AccountView>;
  /** Replaces an account's settings; passwords given replace the stored ones. */
  update(id: string, draft: AccountDraft, credentials: Credentials): Promise<AccountView>;
  setEnabled(id: string, enabled: boolean): Promise<AccountView>;
  /** A copy with the same settings, no passwords, not the default sender. */
  duplicate(id: string): Promise<AccountView>;
  /** Deletes the account's settings and both keychain entries. */
  remove(id: string): Promise<void>;
  /** Records the outcome of a real connection (sync, send): an error, or none for success. */
  recordConnectionOutcome(id: string, error: AppError | undefined): Promise<AccountView>;
  /** The account's passwords from the keychain, for a connection. */
  readCredentials(id: string): Promise<Credentials>;
}

/** The length a name may have before " (copy)" so the copy still validates (max 200). */
const COPY_SUFFIX = ' (copy)';
const MAX_NAME = 200;

/** The first failure of a test, IMAP before SMTP; undefined when both passed. */
function firstError(result: ConnectionTestResult): AppError | undefined {
  const failed = !result.imap.ok ? result.imap : !result.smtp.ok ? result.smtp : undefined;
  if (failed === undefined) return undefined;
  return (
    failed.error ??
    appError('INTERNAL', 'The connection test failed without naming a reason. Try again.')
  );
}

/** Optional collaborators of the accounts service. */
export interface AccountServiceOptions {
  /** Access tokens of OAuth accounts, for testing a saved OAuth account's connection. */
  readonly oauth?: AccessTokenSource;
}

/** Creates the accounts service over the core ports. */
export function createAccountService(
  deps: CoreDeps,
  options: AccountServiceOptions = {},
): AccountService {
  const repository = createAccountRepository(deps.settings, deps.logger);
  const memory = createConnectionMemory(deps.clock);
  const nowIso = (): string => new Date(deps.clock.now()).toISOString();

  // Changes read the list, await the keychain, then write the list: run them one at a time so
  // two quick changes cannot overwrite each other.
  let queue: Promise<unknown> = Promise.resolve();
  function exclusive<T>(change: () => Promise<T> | T): Promise<T> {
    const run = queue.then(change);
    // The chain only orders changes; each caller still receives its own rejection from `run`.
    queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  function views(loaded: LoadedAccounts): AccountView[] {
    return [...loaded.accounts.map(toView), ...loaded.damaged.map(damagedAccountView)];
  }

  function emitChanged(): AccountView[] {
    const list = views(repository.load());
    deps.events.emit('accounts.changed', list);
    return list;
  }

  function viewOf(list: readonly AccountView[], id: string): AccountView {
    const view = list.find((account) => account.id === id);
    if (view === undefined)
      fail('INTERNAL', 'The account was saved but is missing from the list. Reload and check it.');
    return view;
  }

  /** The stored account, or a clear failure for an unknown or damaged one. */
  function find(loaded: LoadedAccounts, id: string): StoredAccount {
    const account = loaded.accounts.find((candidate) => candidate.id === id);
    if (account !== undefined) return account;
    if (loaded.damaged.some((entry) => entry.id === id)) {
      fail(
        'INVALID_INPUT',
        'The saved settings of this account are damaged. Remove it and add it again.',
      );
    }
    return fail('NOT_FOUND', 'This account no longer exists. Reload the account list.');
  }

  /** Where the passwords of a test or save come from, to match tests with saves. */
  function passwordSource(
    draft: AccountDraft,
    credentials: Credentials,
    existing: StoredAccount | undefined,
  ): PasswordSource {
    const password = givenSecret(credentials.password);
    const smtpPassword = givenSecret(credentials.smtpPassword);
    const stored = (present: boolean | undefined) =>
      existing !== undefined && present === true ? { storedFor: existing.id } : undefined;
    return {
      password: password !== undefined ? { given: password } : stored(existing?.keychain.imap),
      smtpPassword: !needsSmtpSecret(draft)
        ? undefined
        : smtpPassword !== undefined
          ? { given: smtpPassword }
          : stored(existing?.keychain.smtp),
    };
  }

  function save(
    accounts: readonly StoredAccount[],
    choice: { chosenId?: string; avoidId?: string } = {},
  ): AccountView[] {
    repository.save(normalizeDefaultSender(accounts, choice));
    return emitChanged();
  }

  async function create(draft: AccountDraft, credentials: Credentials): Promise<AccountView> {
    return exclusive(async () => {
      const id = randomUUID();
      const stored = await storeAccountSecrets(
        deps.secrets,
        deps.logger,
        id,
        draft,
        credentials,
        NO_SECRETS,
      );
      const tested = memory.recall(draft, passwordSource(draft, credentials, undefined));
      const account: StoredAccount = {
        ...draft,
        id,
        createdAt: nowIso(),
        keychain: stored.keychain,
        awaitingPassword: isAwaitingPassword(draft, stored.keychain),
        lastError: stored.error ?? tested?.error,
        lastCheckedAt: tested?.at,
      };
      const loaded = repository.load();
      let list: AccountView[];
      try {
        list = save([...loaded.accounts, account], draft.isDefaultSender ? { chosenId: id } : {});
      } catch (error) {
        // The settings were not saved: do not leave passwords of an account that does not exist.
        await deleteAccountSecrets(deps.secrets, deps.logger, id, false);
        throw error;
      }
      deps.logger.info('Account created', {
        accountId: id,
        provider: draft.provider,
        awaitingPassword: account.awaitingPassword,
        keychainError: stored.error?.code,
      });
      return viewOf(list, id);
    });
  }

  async function update(
    id: string,
    draft: AccountDraft,
    credentials: Credentials,
  ): Promise<AccountView> {
    return exclusive(async () => {
      const existing = find(repository.load(), id);
      const stored = await storeAccountSecrets(
        deps.secrets,
        deps.logger,
        id,
        draft,
        credentials,
        existing.keychain,
      );
      const tested = memory.recall(draft, passwordSource(draft, credentials, existing));
      const unchanged =
        connectionFingerprint(existing) === connectionFingerprint(draft) &&
        givenSecret(credentials.password) === undefined &&
        givenSecret(credentials.smtpPassword) === undefined;
      // An old result describes old settings: keep it only while the connection is unchanged.
      const kept = unchanged ? { error: existing.lastError, at: existing.lastCheckedAt } : {};
      const updated: StoredAccount = {
        ...draft,
        id,
        createdAt: existing.createdAt,
        keychain: stored.keychain,
        awaitingPassword: isAwaitingPassword(draft, stored.keychain),
        lastError: stored.error ?? (tested === undefined ? kept.error : tested.error),
        lastCheckedAt: tested === undefined ? kept.at : tested.at,
      };
      const loaded = repository.load();
      const list = save(
        loaded.accounts.map((account) => (account.id === id ? updated : account)),
        draft.isDefaultSender ? { chosenId: id } : { avoidId: id },
      );
      deps.logger.info('Account updated', { accountId: id, keychainError: stored.error?.code });
      return viewOf(list, id);
    });
  }

  /** Makes a connection outcome the account's state. */
  function recordOutcome(id: string, outcome: ConnectionOutcome): Promise<AccountView> {
    return exclusive(() => {
      const loaded = repository.load();
      find(loaded, id);
      const list = save(
        loaded.accounts.map((account) =>
          account.id === id
            ? { ...account, lastError: outcome.error, lastCheckedAt: outcome.at }
            : account,
        ),
      );
      return viewOf(list, id);
    });
  }

  return {
    list() {
      // Through a promise so a damaged settings file rejects instead of throwing synchronously.
      return Promise.resolve().then(() => views(repository.load()));
    },

    detect(address) {
      return detectProvider(address, { dns: deps.dns, timeoutMs: deps.connectTimeoutMs });
    },

    async testConnection(draft, credentials, accountId) {
      const existing = accountId === undefined ? undefined : find(repository.load(), accountId);
      const secrets =
        existing === undefined
          ? credentials
          : await readAccountSecrets(deps.secrets, existing, draft, credentials);
      // A saved OAuth account tests with a fresh access token (XOAUTH2), never a password.
      const effective: TestCredentials =
        existing !== undefined && draft.auth === 'oauth' && options.oauth !== undefined
          ? { ...secrets, accessToken: await options.oauth.getAccessToken(existing.id) }
          : secrets;
      const result = await runConnectionTest(draft, effective, {
        dns: deps.dns,
        extraCaPem: deps.extraCaPem,
        timeoutMs: deps.connectTimeoutMs,
        logger: deps.logger,
      });
      const error = firstError(result);
      const outcome: ConnectionOutcome = {
        ...(error === undefined ? {} : { error }),
        at: nowIso(),
      };
      const source = passwordSource(draft, credentials, existing);
      memory.remember(draft, source, outcome);
      deps.logger.info('Connection tested', {
        accountId,
        imapOk: result.imap.ok,
        smtpOk: result.smtp.ok,
        code: error?.code,
      });

      const usedStoredOnly = source.password === undefined || 'storedFor' in source.password;
      const smtpStoredOnly =
        source.smtpPassword === undefined || 'storedFor' in source.smtpPassword;
      if (
        existing !== undefined &&
        usedStoredOnly &&
        smtpStoredOnly &&
        connectionFingerprint(existing) === connectionFingerprint(draft)
      ) {
        // The test was of the saved account exactly as it is: its result is the account's state.
        await recordOutcome(existing.id, outcome);
      }
      return result;
    },

    create,
    update,

    setEnabled(id, enabled) {
      return exclusive(() => {
        const loaded = repository.load();
        find(loaded, id);
        const list = save(
          loaded.accounts.map((account) => (account.id === id ? { ...account, enabled } : account)),
        );
        deps.logger.info('Account enabled changed', { accountId: id, enabled });
        return viewOf(list, id);
      });
    },

    duplicate(id) {
      return exclusive(() => {
        const loaded = repository.load();
        const original = find(loaded, id);
        const copyId = randomUUID();
        const copy: StoredAccount = {
          ...original,
          id: copyId,
          name: `${original.name.slice(0, MAX_NAME - COPY_SUFFIX.length)}${COPY_SUFFIX}`,
          createdAt: nowIso(),
          isDefaultSender: false,
          keychain: NO_SECRETS,
          awaitingPassword: true,
          lastError: undefined,
          lastCheckedAt: undefined,
        };
        const index = loaded.accounts.indexOf(original);
        const next = [...loaded.accounts];
        next.splice(index + 1, 0, copy);
        const list = save(next, { avoidId: copyId });
        deps.logger.info('Account duplicated', { accountId: id, copyId });
        return viewOf(list, copyId);
      });
    },

    remove(id) {
      return exclusive(async () => {
        const loaded = repository.load();
        const damaged = loaded.damaged.find((entry) => entry.id === id);
        if (damaged !== undefined) {
          if (damaged.hasOwnId) await deleteAccountSecrets(deps.secrets, deps.logger, id, true);
          repository.removeDamaged(id);
          emitChanged();
          deps.logger.info('Damaged account removed', { accountId: id });
          return;
        }
        const account = find(loaded, id);
        await deleteAccountSecrets(
          deps.secrets,
          deps.logger,
          id,
          account.keychain.imap || account.keychain.smtp,
        );
        save(
          loaded.accounts.filter((candidate) => candidate.id !== id),
          { avoidId: id },
        );
        deps.logger.info('Account removed', { accountId: id });
      });
    },

    recordConnectionOutcome(id, error) {
      return recordOutcome(id, { ...(error === undefined ? {} : { error }), at: nowIso() });
    },

    async readCredentials(id) {
      const account = find(repository.load(), id);
      return readAccountSecrets(deps.secrets, account, account);
    },
  };
}
