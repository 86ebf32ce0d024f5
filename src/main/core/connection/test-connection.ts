/**
 * Test Connection: checks IMAP (login, list folders) and SMTP (EHLO, TLS, AUTH) separately and
 * at the same time, sends no mail, and names the cause of each failure. On a certificate
 * problem it fetches the certificate, so the user can inspect it and choose to trust it.
 */
import type {
  AccountDraft,
  CheckResult,
  ConnectionTestResult,
  FolderInfo,
  ServerSettings,
} from '../../../shared/account';
import { appError, AppFailure, type ErrorCode } from '../../../shared/errors';
import { probeCertificate } from './certificate-probe';
import { classifyError, type ErrorContext } from './classify-error';
import { detectFolderMapping } from './folder-mapping';
import { listFoldersWithLogin, type MailAuth } from './imap-check';
import { verifySmtpLogin } from './smtp-check';
import type { ConnectionDeps } from './tls-trust';

/** Secrets for a test, never stored by it. `accessToken` is for OAuth accounts (XOAUTH2). */
export interface TestCredentials {
  readonly password?: string;
  readonly smtpPassword?: string;
  readonly accessToken?: string;
}

/** Failures where the server's certificate is worth showing to the user. */
const CERTIFICATE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'TLS_CERT_UNTRUSTED',
  'TLS_CERT_EXPIRED',
  'TLS_HOSTNAME_MISMATCH',
]);

/** Throws INVALID_INPUT: a check that cannot start without something from the user. */
function missing(message: string, hint?: string): never {
  throw new AppFailure(appError('INVALID_INPUT', message, hint !== undefined ? { hint } : {}));
}

/** The sign-in for IMAP: the account login with its password or OAuth token. */
function imapAuth(draft: AccountDraft, credentials: TestCredentials): MailAuth {
  if (draft.auth === 'oauth') {
    if (!credentials.accessToken) missing('Sign in with your provider first.');
    return { user: draft.login, accessToken: credentials.accessToken };
  }
  if (!credentials.password) missing('Enter the password.');
  return { user: draft.login, password: credentials.password };
}

/** The sign-in for SMTP, or undefined when the server needs none. */
function smtpAuth(draft: AccountDraft, credentials: TestCredentials): MailAuth | undefined {
  if (draft.smtp.noAuth) return undefined;
  if (draft.auth === 'oauth' || draft.smtp.sameCredentialsAsImap)
    return imapAuth(draft, credentials);
  if (!credentials.smtpPassword)
    missing('Enter the SMTP password.', 'Or tick "Same credentials as IMAP".');
  const login =
    draft.smtp.login !== undefined && draft.smtp.login.length > 0 ? draft.smtp.login : draft.login;
  return { user: login, password: credentials.smtpPassword };
}

/** The classification context of one side of the test. */
function contextOf(draft: AccountDraft, protocol: 'imap' | 'smtp'): ErrorContext {
  const server = draft[protocol];
  return {
    protocol,
    host: server.host,
    port: server.port,
    security: server.security,
    provider: draft.provider,
    auth: draft.auth,
  };
}

/**
 * A failed check: the classified error, plus the server's certificate on a certificate error.
 * A probe that fails too leaves the certificate out; the original error is what matters.
 */
async function failedCheck(
  thrown: unknown,
  server: ServerSettings,
  context: ErrorContext,
  deps: ConnectionDeps,
): Promise<CheckResult> {
  const error = classifyError(thrown, context);
  if (!CERTIFICATE_CODES.has(error.code)) return { ok: false, error };
  try {
    return {
      ok: false,
      error,
      certificate: await probeCertificate(server, context.protocol, deps),
    };
  } catch (probeFailure) {
    deps.logger?.warn('Could not read the server certificate after a TLS failure', {
      protocol: context.protocol,
      host: context.host,
      port: context.port,
      cause: classifyError(probeFailure, context).message,
    });
    return { ok: false, error };
  }
}

/** The IMAP side: log in, list folders, map them to roles. */
async function imapSide(
  draft: AccountDraft,
  credentials: TestCredentials,
  deps: ConnectionDeps,
): Promise<ConnectionTestResult['imap']> {
  const context = contextOf(draft, 'imap');
  let folders: readonly FolderInfo[];
  try {
    folders = await listFoldersWithLogin(draft.imap, imapAuth(draft, credentials), deps);
  } catch (thrown) {
    return { ...(await failedCheck(thrown, draft.imap, context, deps)), folders: [], mapping: {} };
  }
  return { ok: true, folders, mapping: detectFolderMapping(folders) };
}

/** The SMTP side: EHLO, TLS, AUTH, QUIT. */
async function smtpSide(
  draft: AccountDraft,
  credentials: TestCredentials,
  deps: ConnectionDeps,
): Promise<CheckResult> {
  try {
    await verifySmtpLogin(draft.smtp, smtpAuth(draft, credentials), deps);
    return { ok: true };
  } catch (thrown) {
    return failedCheck(thrown, draft.smtp, contextOf(draft, 'smtp'), deps);
  }
}

/**
 * Tests an account's IMAP and SMTP settings. Both sides run concurrently and independently:
 * one failing never hides the other's result. Never throws; every failure is in the result.
 */
export async function testConnection(
  draft: AccountDraft,
  credentials: TestCredentials,
  deps: ConnectionDeps,
): Promise<ConnectionTestResult> {
  const [imap, smtp] = await Promise.all([
    imapSide(draft, credentials, deps),
    smtpSide(draft, credentials, deps),
  ]);
  return { imap, smtp };
}
