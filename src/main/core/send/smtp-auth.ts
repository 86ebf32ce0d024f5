/**
 * The SMTP login of a stored account, chosen as Test Connection chooses it: none, the IMAP
 * login and password, a separate SMTP login and password, or an OAuth access token (XOAUTH2).
 */
import type { Account, Credentials } from '../../../shared/account';
import { fail } from '../../../shared/errors';
import type { MailAuth } from '../connection/imap-check';
import type { AccessTokenSource } from '../oauth/token-manager';

/** Where the login comes from. */
export interface SmtpAuthSources {
  readonly readCredentials: (accountId: string) => Promise<Credentials>;
  readonly oauth?: AccessTokenSource;
}

/**
 * The login for `account`, or undefined when its server needs none. `refresh` drops a cached
 * OAuth token first (the server refused it although it looked fresh).
 */
export async function smtpAuthFor(
  account: Account,
  sources: SmtpAuthSources,
  refresh = false,
): Promise<MailAuth | undefined> {
  if (account.smtp.noAuth) return undefined;
  if (account.auth === 'oauth') {
    if (sources.oauth === undefined) {
      fail(
        'AUTH_MECHANISM_UNSUPPORTED',
        `The account "${account.name}" signs in with OAuth, which is not available here.`,
        { hint: 'Use an app password for this account for now.' },
      );
    }
    if (refresh) sources.oauth.invalidate(account.id);
    return { user: account.login, accessToken: await sources.oauth.getAccessToken(account.id) };
  }
  const credentials = await sources.readCredentials(account.id);
  const separate = !account.smtp.sameCredentialsAsImap;
  const password = separate ? credentials.smtpPassword : credentials.password;
  if (password === undefined || password.length === 0) {
    fail(
      'AUTH_FAILED',
      `The ${separate ? 'SMTP ' : ''}password of "${account.name}" is missing from the system keychain.`,
      { hint: 'Enter the password again in the account settings.', retryable: false },
    );
  }
  const login =
    separate && account.smtp.login !== undefined && account.smtp.login.length > 0
      ? account.smtp.login
      : account.login;
  return { user: login, password };
}
