/**
 * Pure rules about accounts: which secrets an account needs, its status, the one default sender,
 * and which fields decide whether a connection test still describes an account.
 */
import type { AccountDraft, AccountStatus, AccountView } from '../../../shared/account';
import type { AppError } from '../../../shared/errors';

/** Which keychain entries an account has (`${id}:imap`, `${id}:smtp`). Never the secrets. */
export interface SecretPresence {
  readonly imap: boolean;
  readonly smtp: boolean;
}

/** An account as stored in settings: the view's data without status, plus secret presence. */
export interface StoredAccount extends Omit<AccountView, 'status'> {
  readonly keychain: SecretPresence;
}

/** The keychain entry holding the IMAP password (or the only password). */
export function imapSecretKey(accountId: string): string {
  return `${accountId}:imap`;
}

/** The keychain entry holding the SMTP password when SMTP has its own credentials. */
export function smtpSecretKey(accountId: string): string {
  return `${accountId}:smtp`;
}

/** True when SMTP logs in with its own password rather than the IMAP one. */
export function needsSmtpSecret(draft: AccountDraft): boolean {
  return draft.auth === 'password' && !draft.smtp.noAuth && !draft.smtp.sameCredentialsAsImap;
}

/**
 * True while a password the account needs is missing: the user is asked for it on first use.
 * An OAuth account has no password; whether it must sign in (again) is its token state.
 */
export function isAwaitingPassword(draft: AccountDraft, secrets: SecretPresence): boolean {
  if (draft.auth === 'oauth') return false;
  return !secrets.imap || (needsSmtpSecret(draft) && !secrets.smtp);
}

/** The status shown in the accounts list; the order of the checks is the order of importance. */
export function accountStatus(account: {
  readonly enabled: boolean;
  readonly awaitingPassword: boolean;
  readonly lastError?: AppError;
}): AccountStatus {
  if (!account.enabled) return 'disabled';
  if (account.awaitingPassword) return 'awaiting-password';
  if (account.lastError !== undefined) return 'error';
  return 'active';
}

/** The view of a stored account: status derived, secret presence left out. */
export function toView(account: StoredAccount): AccountView {
  const view: AccountView & { keychain?: SecretPresence } = {
    ...account,
    status: accountStatus(account),
  };
  delete view.keychain;
  return view;
}

/**
 * Makes exactly one enabled account the default sender, or none when no account is enabled.
 * `chosenId` wins when given and enabled; otherwise the current default stays if still enabled;
 * otherwise the first enabled account other than `avoidId` (one the user just unticked) takes
 * over, since a disabled account cannot send and sending needs a default.
 */
export function normalizeDefaultSender(
  accounts: readonly StoredAccount[],
  choice: { readonly chosenId?: string; readonly avoidId?: string } = {},
): StoredAccount[] {
  const enabled = accounts.filter((account) => account.enabled);
  const chosen = enabled.find((account) => account.id === choice.chosenId);
  const current = enabled.find((account) => account.isDefaultSender);
  const fallback = enabled.find((account) => account.id !== choice.avoidId) ?? enabled[0];
  const defaultId = (chosen ?? current ?? fallback)?.id;
  return accounts.map((account) =>
    account.isDefaultSender === (account.id === defaultId)
      ? account
      : { ...account, isDefaultSender: account.id === defaultId },
  );
}

/** JSON with object keys sorted, so equal settings give equal strings whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The fields a connection test depends on. A stored test result (or error) describes an account
 * only while these are unchanged; renaming an account keeps it, changing a port does not.
 */
export function connectionFingerprint(draft: AccountDraft): string {
  return canonicalJson({
    login: draft.login,
    auth: draft.auth,
    imap: draft.imap,
    smtp: draft.smtp,
  });
}
