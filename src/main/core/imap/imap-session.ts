/**
 * Opens an authenticated IMAP session for a stored account: the same connection settings as
 * Test Connection (imapClientOptions), the password from the keychain or an OAuth access token
 * (XOAUTH2 / OAUTHBEARER), QRESYNC enabled where the server offers it, and every failure named
 * through classifyError.
 */
import { ImapFlow } from 'imapflow';
import type { Account, Credentials } from '../../../shared/account';
import { AppFailure, fail, type AppError } from '../../../shared/errors';
import { classifyError, type ErrorContext } from '../connection/classify-error';
import { imapClientOptions, type MailAuth } from '../connection/imap-check';
import type { ConnectionDeps } from '../connection/tls-trust';
import type { AccessTokenSource } from '../oauth/token-manager';
import { openRawImapConnection, type RawImapConnection } from './raw/raw-imap-connection';

/** The socket may stay silent this long during a command before imapflow gives up. */
const SOCKET_TIMEOUT_MS = 5 * 60_000;

/** What opening a session needs. */
export interface ImapSessionDeps extends ConnectionDeps {
  /** The account's passwords from the keychain (AccountService.readCredentials). */
  readonly readCredentials: (accountId: string) => Promise<Credentials>;
  /** Access tokens for OAuth accounts; without it they are refused. */
  readonly oauth?: AccessTokenSource;
}

/** An open session and how to tell why it failed. */
export interface ImapSession {
  readonly client: ImapFlow;
  /** Classifies anything thrown while using this session (host and port named). */
  classify(thrown: unknown): AppError;
  /** True until the connection closed or failed. */
  alive(): boolean;
  /** A second, bare connection with the same server, trust and login (the header pass's). */
  openRawConnection(): Promise<RawImapConnection>;
  /** LOGOUT when possible, then close; never throws. */
  close(): Promise<void>;
}

/** The context classifyError needs for an account's IMAP side. */
export function imapErrorContext(account: Account): ErrorContext {
  return {
    protocol: 'imap',
    host: account.imap.host,
    port: account.imap.port,
    security: account.imap.security,
    provider: account.provider,
    auth: account.auth,
  };
}

/** Refuses accounts that cannot connect now, with what the user can do about it. */
export function assertCanConnect(account: Account & { readonly enabled: boolean }): void {
  if (!account.enabled) {
    fail('INVALID_INPUT', `The account "${account.name}" is disabled, so it is not synced.`, {
      hint: 'Enable it in the account settings to sync it again.',
    });
  }
  // An OAuth account has no password to wait for: its token manager says "Sign in again".
  if (account.auth === 'password' && account.awaitingPassword) {
    fail('AUTH_FAILED', `The account "${account.name}" has no saved password yet.`, {
      hint: 'Enter the password in the account settings, then sync again.',
      retryable: false,
    });
  }
}

/** imapflow codes that only say "the connection is gone", not why. */
const GONE_CODES = new Set(['NoConnection', 'EConnectionClosed']);

/** True when `thrown` only says the connection is gone. */
export function onlySaysGone(thrown: unknown): boolean {
  if (typeof thrown !== 'object' || thrown === null) return false;
  const code = (thrown as { code?: unknown }).code;
  return typeof code === 'string' && GONE_CODES.has(code);
}

/** The login: the keychain password, or a fresh access token for an OAuth account. */
async function sessionAuth(account: Account, deps: ImapSessionDeps): Promise<MailAuth> {
  if (account.auth === 'oauth') {
    if (deps.oauth === undefined) {
      fail(
        'AUTH_MECHANISM_UNSUPPORTED',
        `The account "${account.name}" signs in with OAuth, which is not available here.`,
        { hint: 'Use an app password for this account for now.' },
      );
    }
    return { user: account.login, accessToken: await deps.oauth.getAccessToken(account.id) };
  }
  const credentials = await deps.readCredentials(account.id);
  if (credentials.password === undefined || credentials.password.length === 0) {
    fail('AUTH_FAILED', `The password of "${account.name}" is missing from the system keychain.`, {
      hint: 'Enter the password again in the account settings.',
      retryable: false,
    });
  }
  return { user: account.login, password: credentials.password };
}

/**
 * Connects and logs in. `qresync: true` makes imapflow send ENABLE QRESYNC (RFC 7162 section
 * 3.2.3) right after login, before any SELECT, where the server offers it; CONDSTORE is
 * enabled too. Automatic IDLE is off: this connection syncs, the push watcher idles on its own.
 * An OAuth token the server refuses although it looked fresh (revoked early, clocks apart) is
 * refreshed once and tried again; a second refusal stands.
 */
export async function openImapSession(
  account: Account & { readonly enabled: boolean },
  deps: ImapSessionDeps,
): Promise<ImapSession> {
  assertCanConnect(account);
  const auth = await sessionAuth(account, deps);
  try {
    return await connectSession(account, auth, deps);
  } catch (thrown) {
    const refused = thrown instanceof AppFailure && thrown.error.code === 'AUTH_FAILED';
    if (!refused || deps.oauth === undefined || !('accessToken' in auth)) throw thrown;
    deps.oauth.invalidate(account.id);
    return connectSession(account, await sessionAuth(account, deps), deps);
  }
}

/** One connection attempt with the given login. */
async function connectSession(
  account: Account,
  auth: MailAuth,
  deps: ImapSessionDeps,
): Promise<ImapSession> {
  const context = imapErrorContext(account);
  let options;
  try {
    options = await imapClientOptions(account.imap, auth, deps);
  } catch (thrown) {
    throw new AppFailure(classifyError(thrown, context));
  }
  const client = new ImapFlow({
    ...options,
    logger: false,
    qresync: true,
    disableAutoIdle: true,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
  let socketError: unknown;
  let closed = false;
  // An unheard 'error' event would crash the process; the cause is kept for classification.
  client.on('error', (error: unknown) => {
    socketError ??= error;
    closed = true;
  });
  client.on('close', () => {
    closed = true;
  });
  const classify = (thrown: unknown): AppError =>
    classifyError(
      socketError !== undefined && onlySaysGone(thrown) ? socketError : thrown,
      context,
    );
  try {
    await client.connect();
  } catch (thrown) {
    client.close();
    throw new AppFailure(classify(thrown));
  }
  return {
    client,
    classify,
    alive: () => !closed && client.usable,
    openRawConnection: () =>
      openRawImapConnection({
        ...options,
        port: account.imap.port,
        socketTimeout: SOCKET_TIMEOUT_MS,
      }),
    async close() {
      if (closed || !client.usable) {
        client.close();
        return;
      }
      try {
        await client.logout();
      } catch (thrown) {
        // LOGOUT on a dying connection may fail; the socket is closed below either way.
        deps.logger?.warn('IMAP logout failed; closing the connection', {
          accountId: account.id,
          cause: classify(thrown).message,
        });
      } finally {
        client.close();
      }
    },
  };
}
