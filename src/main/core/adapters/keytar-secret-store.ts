/**
 * The OS keychain through keytar (libsecret on Linux: GNOME Keyring, KWallet; Keychain on macOS;
 * Credential Vault on Windows). Every failure becomes SECRET_STORE_UNAVAILABLE: there is no
 * plaintext fallback, by design — a password the keychain cannot hold is not saved at all.
 */
import { AppFailure, appError, fail } from '../../../shared/errors';
import type { SecretStore } from '../ports';

type KeytarApi = typeof import('keytar');

/** What the user can do when the keychain cannot be reached. */
const UNAVAILABLE_HINT =
  'Start or unlock your keyring (GNOME Keyring / KWallet) and try again; passwords are never stored in plain files.';

/** The account name the probe reads; nothing is ever stored under it. */
const PROBE_ACCOUNT = '__mailcrm_probe__';

/**
 * Loaded on first use, not at import: keytar is a native module, and a binary that fails to load
 * (no libsecret, a wrong Electron ABI) must surface as "keychain unavailable", not crash start-up.
 */
let keytarModule: Promise<KeytarApi> | undefined;

function loadKeytar(): Promise<KeytarApi> {
  keytarModule ??= import('keytar').then((module) => {
    // keytar is CommonJS: Node's ESM loader puts module.exports on `default`.
    const withDefault = module as KeytarApi & { default?: KeytarApi };
    return withDefault.default ?? module;
  });
  return keytarModule;
}

function unavailable(cause: unknown): AppFailure {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new AppFailure(
    appError('SECRET_STORE_UNAVAILABLE', `The system keychain is not available: ${detail}`, {
      hint: UNAVAILABLE_HINT,
      retryable: true,
    }),
  );
}

/** Options for {@link createKeytarSecretStore}. */
export interface KeytarSecretStoreOptions {
  /**
   * How long one keychain call may take. A locked keyring can wait forever on an unlock prompt
   * nobody sees (a headless session), so a call that hangs is reported as unavailable.
   */
  readonly timeoutMs?: number;
}

/**
 * A SecretStore on the OS keychain. `service` names the entries (tests pass a unique one so runs
 * never collide); the account key is chosen by the caller, e.g. `${accountId}:imap`.
 */
export function createKeytarSecretStore(
  service = 'mailcrm',
  options: KeytarSecretStoreOptions = {},
): SecretStore {
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function run<T>(operation: (keytar: KeytarApi) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`it did not answer within ${Math.round(timeoutMs / 1000)} s (locked?)`)),
        timeoutMs,
      );
    });
    try {
      const keytar = await loadKeytar();
      return await Promise.race([operation(keytar), timeout]);
    } catch (error) {
      throw unavailable(error);
    } finally {
      clearTimeout(timer);
    }
  }

  function checkAccount(account: string): void {
    // keytar throws a bare "Account is required." for an empty name; that is our bug, not the keychain's.
    if (account.length === 0)
      fail('INTERNAL', 'A keychain entry needs a name; this is a bug in mailcrm.');
  }

  return {
    async get(account) {
      checkAccount(account);
      return run((keytar) => keytar.getPassword(service, account));
    },
    async set(account, secret) {
      checkAccount(account);
      if (secret.length === 0)
        fail('INVALID_INPUT', 'The password is empty. Enter the password and try again.');
      return run((keytar) => keytar.setPassword(service, account, secret));
    },
    async delete(account) {
      checkAccount(account);
      return run((keytar) => keytar.deletePassword(service, account));
    },
    async probe() {
      try {
        // A read of an entry that never exists: it reaches the keychain without touching a secret.
        await run((keytar) => keytar.getPassword(service, PROBE_ACCOUNT));
        return { available: true };
      } catch (error) {
        const failure = error instanceof AppFailure ? error.error : unavailable(error).error;
        return { available: false, message: `${failure.message}. ${failure.hint ?? ''}`.trim() };
      }
    },
  };
}
