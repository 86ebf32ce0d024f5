/**
 * An account's passwords in the keychain: `${id}:imap`, and `${id}:smtp` only when SMTP has its
 * own credentials. A keychain that cannot be reached is reported as data (the account is then
 * saved "awaiting password"); any other failure is thrown.
 */
import type { AccountDraft, Credentials } from '../../../shared/account';
import { AppFailure, fail, type AppError } from '../../../shared/errors';
import { refreshTokenKey } from '../oauth/token-store';
import type { Logger, SecretStore } from '../ports';
import {
  imapSecretKey,
  needsSmtpSecret,
  smtpSecretKey,
  type SecretPresence,
} from './account-rules';

/** No keychain entries. */
export const NO_SECRETS: SecretPresence = { imap: false, smtp: false };

/** A password the user actually typed: an empty field means "keep / none", never "store empty". */
export function givenSecret(secret: string | undefined): string | undefined {
  return secret !== undefined && secret.length > 0 ? secret : undefined;
}

/** The keychain error when it is SECRET_STORE_UNAVAILABLE; anything else is rethrown. */
function unavailableOrThrow(error: unknown): AppError {
  if (error instanceof AppFailure && error.error.code === 'SECRET_STORE_UNAVAILABLE')
    return error.error;
  throw error;
}

/** What saving secrets achieved: which entries exist now, and the keychain error if any. */
export interface StoreSecretsOutcome {
  readonly keychain: SecretPresence;
  readonly error?: AppError;
}

/**
 * Stores the passwords given for an account and removes an SMTP entry it no longer needs.
 * `previous` is what existed before (NO_SECRETS for a new account).
 */
export async function storeAccountSecrets(
  secrets: SecretStore,
  logger: Logger,
  accountId: string,
  draft: AccountDraft,
  credentials: Credentials,
  previous: SecretPresence,
): Promise<StoreSecretsOutcome> {
  let imap = previous.imap;
  let smtp = previous.smtp;
  let error: AppError | undefined;

  const password = givenSecret(credentials.password);
  if (password !== undefined) {
    try {
      await secrets.set(imapSecretKey(accountId), password);
      imap = true;
    } catch (thrown) {
      error = unavailableOrThrow(thrown);
    }
  }

  const smtpPassword = givenSecret(credentials.smtpPassword);
  if (needsSmtpSecret(draft)) {
    if (smtpPassword !== undefined && error === undefined) {
      try {
        await secrets.set(smtpSecretKey(accountId), smtpPassword);
        smtp = true;
      } catch (thrown) {
        error = unavailableOrThrow(thrown);
      }
    }
  } else if (previous.smtp) {
    // SMTP now uses the IMAP password or no AUTH: its own entry is stale and must not linger.
    try {
      await secrets.delete(smtpSecretKey(accountId));
      smtp = false;
    } catch (thrown) {
      const failure = unavailableOrThrow(thrown);
      // Kept as present, so removing the account tries again; the account itself works without it.
      logger.warn('A stale SMTP password could not be removed from the keychain', {
        accountId,
        code: failure.code,
      });
    }
  }
  return { keychain: { imap, smtp }, ...(error === undefined ? {} : { error }) };
}

/**
 * Deletes every keychain entry of an account (passwords and an OAuth refresh token). Throws SECRET_STORE_UNAVAILABLE when the keychain
 * cannot be reached and `mayExist` says entries may be there: removing the account anyway would
 * leave its password behind where the user can no longer see it.
 */
export async function deleteAccountSecrets(
  secrets: SecretStore,
  logger: Logger,
  accountId: string,
  mayExist: boolean,
): Promise<void> {
  try {
    await secrets.delete(imapSecretKey(accountId));
    await secrets.delete(smtpSecretKey(accountId));
    await secrets.delete(refreshTokenKey(accountId));
  } catch (thrown) {
    const failure = unavailableOrThrow(thrown);
    if (mayExist) {
      fail(
        'SECRET_STORE_UNAVAILABLE',
        `The account was not removed, because its password could not be deleted from the system keychain (${failure.message}).`,
        { hint: failure.hint, retryable: true },
      );
    }
    logger.warn(
      'The keychain was not reachable while removing an account that had no saved password',
      {
        accountId,
        code: failure.code,
      },
    );
  }
}

/**
 * The passwords a connection with `draft` needs: those typed, the rest from the keychain entries
 * of `account`. A missing entry is INVALID_INPUT telling the user to enter the password.
 */
export async function readAccountSecrets(
  secrets: SecretStore,
  account: { readonly id: string; readonly name: string },
  draft: AccountDraft,
  typed: Credentials = {},
): Promise<Credentials> {
  let password = givenSecret(typed.password);
  let smtpPassword = givenSecret(typed.smtpPassword);
  if (password === undefined && draft.auth === 'password') {
    password = (await secrets.get(imapSecretKey(account.id))) ?? undefined;
    if (password === undefined) {
      fail(
        'INVALID_INPUT',
        `No password is saved for "${account.name}". Enter the password and try again.`,
      );
    }
  }
  if (smtpPassword === undefined && needsSmtpSecret(draft)) {
    smtpPassword = (await secrets.get(smtpSecretKey(account.id))) ?? undefined;
    if (smtpPassword === undefined) {
      fail(
        'INVALID_INPUT',
        `No SMTP password is saved for "${account.name}". Enter the SMTP password and try again.`,
      );
    }
  }
  return {
    ...(password === undefined ? {} : { password }),
    ...(smtpPassword === undefined ? {} : { smtpPassword }),
  };
}
