/**
 * The rig's SMTP submission server (smtp-server): AUTH required against the rig's users (PLAIN
 * and LOGIN with the password, XOAUTH2 with an access token of the rig's authorization server),
 * and every accepted message delivered into Dovecot over LMTP before the 250, so a test that
 * sends and then reads IMAP finds the mail.
 */
import type { AddressInfo } from 'node:net';
import { createTransport } from 'nodemailer';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { RigCertificate } from './certificate';
import { introspectToken, isAccessTokenOf } from './oidc-introspect';
import type { RigOidc } from './rig-info';
import { RIG_DOMAIN, findRigUser } from './rig-users';

/** Advertised through the SIZE extension (RFC 1870). */
export const SMTP_SIZE_LIMIT = 25 * 1024 * 1024;

export interface SmtpOptions {
  readonly certificate: RigCertificate;
  readonly hostname: string;
  readonly passwdFile: string;
  readonly lmtpPort: number;
  /** Accept XOAUTH2, checking each token by introspection (RFC 7662) here. */
  readonly introspection?: RigOidc['introspection'];
}

export interface SmtpServers {
  readonly tlsPort: number;
  readonly starttlsPort: number;
  /** Like the others, but each accepted message is also filed in the sender's Sent folder. */
  readonly filingTlsPort: number;
  readonly filingStarttlsPort: number;
  close(): Promise<void>;
}

/** An Error with the SMTP reply code smtp-server sends for it. */
function smtpError(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The LMTP address that files a copy into the sender's Sent folder: Dovecot saves mail for
 * `user+Sent@domain` into the mailbox "Sent" (lmtp_save_to_detail_mailbox, dovecot-config.ts).
 */
function sentFolderAddress(login: string): string {
  const at = login.lastIndexOf('@');
  return at < 0 ? `${login}+Sent` : `${login.slice(0, at)}+Sent${login.slice(at)}`;
}

/**
 * One listener. `filing` copies every accepted message into the authenticated sender's Sent
 * folder before the 250, as Gmail and many hosted servers do.
 */
function createServer(options: SmtpOptions, secure: boolean, filing: boolean): SMTPServer {
  const { certificate, passwdFile } = options;
  const lmtp = createTransport({
    host: '127.0.0.1',
    port: options.lmtpPort,
    lmtp: true,
    name: options.hostname,
    // Dovecot's LMTP offers STARTTLS; on loopback it only costs time, and nodemailer would
    // reject the self-signed certificate.
    ignoreTLS: true,
  });

  return new SMTPServer({
    secure,
    key: certificate.keyPem,
    cert: certificate.pem,
    name: options.hostname,
    banner: 'mailcrm test rig',
    size: SMTP_SIZE_LIMIT,
    rejectOversized: true,
    authMethods:
      options.introspection === undefined ? ['PLAIN', 'LOGIN'] : ['PLAIN', 'LOGIN', 'XOAUTH2'],
    authOptional: false,
    disableReverseLookup: true,
    logger: false,
    // stop() should not wait 30 s for a connection a test forgot to close.
    closeTimeout: 500,

    onAuth(auth, _session, callback) {
      if (auth.method === 'XOAUTH2') {
        const { introspection } = options;
        const username = auth.username ?? '';
        if (introspection === undefined || auth.accessToken === undefined) {
          callback(smtpError(504, 'Unrecognized authentication type'));
          return;
        }
        introspectToken(introspection, auth.accessToken).then(
          (result) =>
            isAccessTokenOf(result, username)
              ? callback(null, { user: username.toLowerCase() })
              : // The XOAUTH2 failure challenge: smtp-server sends it as 334, then 535.
                callback(null, { data: { status: '401', schemes: 'bearer', scope: 'email' } }),
          (error: unknown) =>
            callback(smtpError(454, `Temporary authentication failure: ${describe(error)}`)),
        );
        return;
      }
      findRigUser(passwdFile, auth.username ?? '').then(
        (user) => {
          if (user !== undefined && user.password === auth.password) {
            callback(null, { user: user.login });
          } else {
            callback(smtpError(535, 'Authentication credentials invalid'));
          }
        },
        (error: unknown) =>
          callback(smtpError(454, `Temporary authentication failure: ${describe(error)}`)),
      );
    },

    onRcptTo(address, _session, callback) {
      const [, domain = ''] = address.address.toLowerCase().split('@');
      if (domain !== RIG_DOMAIN) {
        // The rig never relays: nothing may leave loopback.
        callback(smtpError(550, `5.7.1 Relay access denied for ${address.address}`));
        return;
      }
      findRigUser(passwdFile, address.address).then(
        (user) =>
          callback(
            user === undefined
              ? smtpError(
                  550,
                  `5.1.1 <${address.address}>: Recipient address rejected: User unknown`,
                )
              : null,
          ),
        (error: unknown) => callback(smtpError(451, `Recipient lookup failed: ${describe(error)}`)),
      );
    },

    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) =>
        callback(smtpError(451, `Reading the message failed: ${describe(error)}`)),
      );
      stream.on('end', () => {
        // rejectOversized already answers 552; there is nothing to deliver.
        if (stream.sizeExceeded) {
          callback(smtpError(552, 'Message exceeds fixed maximum message size'));
          return;
        }
        const { mailFrom, rcptTo } = session.envelope;
        const recipients = rcptTo.map((rcpt) => rcpt.address);
        if (filing && typeof session.user === 'string') {
          recipients.push(sentFolderAddress(session.user));
        }
        lmtp
          .sendMail({
            envelope: {
              from: mailFrom === false ? '' : mailFrom.address,
              to: recipients,
            },
            raw: Buffer.concat(chunks),
          })
          .then(
            (info: { rejected?: unknown[] }) => {
              const rejected = info.rejected ?? [];
              if (rejected.length > 0) {
                callback(smtpError(451, `Delivery failed for ${rejected.map(String).join(', ')}`));
              } else {
                callback(null, 'Delivered');
              }
            },
            (error: unknown) => callback(smtpError(451, `Delivery failed: ${describe(error)}`)),
          );
      });
    },
  });
}

async function listen(server: SMTPServer): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A client error after start must not crash the rig. Resets and refused handshakes are what
  // TLS and timeout tests provoke on purpose, so only the unexpected is logged.
  server.on('error', (error: Error & { code?: string }) => {
    const code = error.code ?? '';
    if (code === 'ECONNRESET' || code === 'EPIPE' || code.startsWith('ERR_SSL_')) return;
    console.error('rig smtp:', error.message);
  });
  return (server.server.address() as AddressInfo).port;
}

/**
 * Starts the STARTTLS and the implicit-TLS listeners, plain and filing, on free 127.0.0.1
 * ports.
 */
export async function startSmtp(options: SmtpOptions): Promise<SmtpServers> {
  const servers = [
    createServer(options, false, false),
    createServer(options, true, false),
    createServer(options, false, true),
    createServer(options, true, true),
  ] as const;
  const [starttlsPort, tlsPort, filingStarttlsPort, filingTlsPort] = await Promise.all(
    servers.map(listen),
  );
  const close = (server: SMTPServer): Promise<void> =>
    new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    tlsPort: tlsPort ?? 0,
    starttlsPort: starttlsPort ?? 0,
    filingTlsPort: filingTlsPort ?? 0,
    filingStarttlsPort: filingStarttlsPort ?? 0,
    close: async () => {
      await Promise.all(servers.map(close));
    },
  };
}
