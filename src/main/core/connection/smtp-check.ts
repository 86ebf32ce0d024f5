/**
 * The SMTP half of Test Connection: greeting, EHLO, STARTTLS or implicit TLS, AUTH, QUIT. No
 * MAIL FROM is ever sent, so no message can leave. Also builds the nodemailer options the send
 * path uses, so both connect the same way.
 */
import type { SMTPConnectionAuth, SMTPConnectionOptions } from 'nodemailer/lib/smtp-connection';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import XOAuth2 from 'nodemailer/lib/xoauth2';
import type { ServerSettings } from '../../../shared/account';
import { appError, AppFailure } from '../../../shared/errors';
import type { MailAuth } from './imap-check';
import { connectionTarget, DEFAULT_TIMEOUT_MS, type ConnectionDeps } from './tls-trust';

/**
 * nodemailer connection options for a server: the address resolved through `deps.dns`, TLS
 * verified against the configured host name and trust anchors (see tls-trust.ts). STARTTLS is
 * required, not opportunistic, when chosen (RFC 3207, RFC 8314 section 3): a server that does
 * not offer it fails before any password is sent. Only 'none' ignores STARTTLS.
 */
export async function smtpConnectionOptions(
  server: ServerSettings,
  deps: ConnectionDeps,
): Promise<SMTPConnectionOptions> {
  const target = await connectionTarget(server, deps);
  const timeout = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    host: target.address,
    port: target.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    servername: target.tls.servername,
    tls: target.tls,
    logger: false,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  };
}

/** The `auth` value for nodemailer: PLAIN/LOGIN with a password, XOAUTH2 with a token. */
function nodemailerAuth(auth: MailAuth): SMTPConnectionAuth {
  if ('accessToken' in auth) {
    // A token without a refresh token: nodemailer reuses it and never calls a token endpoint.
    return {
      type: 'OAuth2',
      user: auth.user,
      oauth2: new XOAuth2({ user: auth.user, accessToken: auth.accessToken }),
    };
  }
  return { user: auth.user, pass: auth.password };
}

/** Options for `nodemailer.createTransport` (the send path): the connection plus the login. */
export async function smtpTransportOptions(
  server: ServerSettings,
  auth: MailAuth | undefined,
  deps: ConnectionDeps,
): Promise<SMTPTransportOptions> {
  const connection = await smtpConnectionOptions(server, deps);
  if (auth === undefined) return connection;
  return {
    ...connection,
    auth:
      'accessToken' in auth
        ? { type: 'OAuth2', user: auth.user, accessToken: auth.accessToken }
        : { user: auth.user, pass: auth.password },
  };
}

/**
 * Runs one step of the connection. nodemailer reports a failure either to the step's callback
 * or as an 'error' event (a closed socket mid-step), and a quiet close as 'end'.
 */
function step(
  connection: SMTPConnection,
  start: (done: (error?: Error | null) => void) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error | null): void => {
      connection.off('error', settle);
      connection.off('end', onEnd);
      if (error) reject(error);
      else resolve();
    };
    const onEnd = (): void => {
      const error = new Error('The server closed the connection') as Error & { code: string };
      error.code = 'ECONNECTION';
      settle(error);
    };
    connection.once('error', settle);
    connection.once('end', onEnd);
    start(settle);
  });
}

/**
 * Connects, secures and (with `auth`) logs in, then says QUIT; throws what nodemailer threw
 * (classify it with classifyError). Uses the connection directly rather than
 * `transport.verify()`, which reports success without trying the password when the server's
 * EHLO offers no AUTH; here that is AUTH_MECHANISM_UNSUPPORTED.
 */
export async function verifySmtpLogin(
  server: ServerSettings,
  auth: MailAuth | undefined,
  deps: ConnectionDeps,
): Promise<void> {
  const connection = new SMTPConnection(await smtpConnectionOptions(server, deps));
  // A step hears the errors while it runs; one after it settled (e.g. a reset during QUIT)
  // changes no result but must still be heard, or the 'error' event would crash the process.
  connection.on('error', (error: Error) =>
    deps.logger?.info('SMTP connection error', { message: error.message }),
  );
  try {
    await step(connection, (done) => connection.connect(done));
    if (auth !== undefined) {
      if (!connection.allowsAuth) {
        throw new AppFailure(
          appError(
            'AUTH_MECHANISM_UNSUPPORTED',
            'The SMTP server does not offer sign-in (AUTH) on this port.',
            {
              hint: 'If this server needs no login, choose "No authentication"; otherwise check the port (usually 587 for STARTTLS or 465 for SSL/TLS).',
            },
          ),
        );
      }
      await step(connection, (done) => connection.login(nodemailerAuth(auth), done));
    }
    connection.quit();
  } finally {
    connection.close();
  }
}
