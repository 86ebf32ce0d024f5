/**
 * The IMAP half of Test Connection: connect, secure, log in, LIST, LOGOUT. Also builds the
 * imapflow options the sync engine uses, so both connect the same way.
 */
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { FolderInfo, ServerSettings } from '../../../shared/account';
import { toFolderInfo } from './folder-info';
import { connectionTarget, DEFAULT_TIMEOUT_MS, type ConnectionDeps } from './tls-trust';

/** How to sign in: a password (LOGIN / AUTH=PLAIN) or an OAuth 2 access token (XOAUTH2). */
export type MailAuth =
  | { readonly user: string; readonly password: string }
  | { readonly user: string; readonly accessToken: string };

/** imapflow's STARTTLS switch for our security setting. */
function startTls(security: ServerSettings['security']): boolean | undefined {
  switch (security) {
    // Implicit TLS: imapflow refuses doSTARTTLS together with secure, and needs neither.
    case 'tls':
      return undefined;
    // Required, not opportunistic: a server without STARTTLS fails the connection instead of
    // receiving the password in clear (RFC 3501 section 6.2.1, RFC 8314 section 3).
    case 'starttls':
      return true;
    case 'none':
      return false;
    default: {
      const unreachable: never = security;
      throw new Error(`Unknown security ${String(unreachable)}`);
    }
  }
}

/**
 * imapflow options for a server: connect to the address resolved through `deps.dns`, verify
 * TLS against the configured host name and trust anchors (see tls-trust.ts), no logging (its
 * log formatting costs CPU even when discarded, DESIGN section 4).
 */
export async function imapClientOptions(
  server: ServerSettings,
  auth: MailAuth,
  deps: ConnectionDeps,
): Promise<ImapFlowOptions> {
  const target = await connectionTarget(server, deps);
  const timeout = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    host: target.address,
    port: target.port,
    secure: server.security === 'tls',
    doSTARTTLS: startTls(server.security),
    servername: target.tls.servername,
    tls: target.tls,
    auth:
      'accessToken' in auth
        ? { user: auth.user, accessToken: auth.accessToken }
        : { user: auth.user, pass: auth.password },
    logger: false,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
  };
}

/** Codes imapflow uses when a command fails only because the connection is already gone. */
const CONNECTION_GONE = new Set(['NoConnection', 'EConnectionClosed']);

/** True when `thrown` only says the connection is gone, not why. */
function onlySaysGone(thrown: unknown): boolean {
  if (typeof thrown !== 'object' || thrown === null) return false;
  const code = (thrown as { code?: unknown }).code;
  return typeof code === 'string' && CONNECTION_GONE.has(code);
}

/**
 * Logs in and lists the folders, then logs out; throws what imapflow threw (classify it with
 * classifyError). Nothing but LOGIN/AUTHENTICATE, LIST and LOGOUT is sent after the session
 * starts: no IDLE, no COMPRESS, no ENABLE.
 */
export async function listFoldersWithLogin(
  server: ServerSettings,
  auth: MailAuth,
  deps: ConnectionDeps,
): Promise<readonly FolderInfo[]> {
  const options = await imapClientOptions(server, auth, deps);
  const client = new ImapFlow({
    ...options,
    disableAutoIdle: true,
    disableCompression: true,
    disableAutoEnable: true,
    socketTimeout: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  // imapflow emits socket failures as 'error' (an unheard 'error' would crash the process) and
  // rejects the pending command with a bare "connection closed"; the event has the real cause.
  let emitted: unknown;
  client.on('error', (error: unknown) => {
    emitted ??= error;
  });
  try {
    await client.connect();
    const entries = await client.list();
    await client.logout();
    return entries.map(toFolderInfo);
  } catch (thrown) {
    throw emitted !== undefined && onlySaysGone(thrown) ? emitted : thrown;
  } finally {
    client.close();
  }
}
