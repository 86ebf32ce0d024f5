/** Helpers for the push and message-action tests: rig clients, mail, waiting, seeded random. */
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { createTransport } from 'nodemailer';
import { createNodeDnsResolver } from '../../../src/main/core/adapters/node-dns-resolver';
import { imapClientOptions } from '../../../src/main/core/connection/imap-check';
import type { Logger } from '../../../src/main/core/ports';
import type { Security } from '../../../src/shared/account';
import type { RigInfo, RigUser } from '../../servers/rig-info';

/** A deterministic random source in [0, 1) (mulberry32), for jitter tests. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A logger that keeps lines for assertions and prints nothing. */
export function quietLogger(): Logger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  return {
    lines,
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
  };
}

/**
 * imapflow options for a rig user through the production path (imapClientOptions: the rig's
 * DNS, the pinned certificate), to `port` (a proxy's, or the rig's own).
 */
export async function rigImapOptions(
  rig: RigInfo,
  user: RigUser,
  options: { port?: number; security?: Security; password?: string } = {},
): Promise<ImapFlowOptions> {
  const security = options.security ?? 'tls';
  const port = options.port ?? (security === 'tls' ? rig.imap.tlsPort : rig.imap.starttlsPort);
  const built = await imapClientOptions(
    {
      host: rig.hostname,
      port,
      security,
      trustedCertificate: {
        pem: rig.certificate.pem,
        fingerprint256: rig.certificate.fingerprint256,
      },
    },
    { user: user.login, password: options.password ?? user.password },
    { dns: createNodeDnsResolver([rig.dnsServer]), timeoutMs: 5000 },
  );
  return { ...built, logger: false, disableAutoIdle: true };
}

/**
 * Connects a client; the 'error' listener is there before connect so a socket failure after
 * login cannot crash the test process.
 */
export async function connectClient(options: ImapFlowOptions): Promise<ImapFlow> {
  const client = new ImapFlow(options);
  client.on('error', () => client.close());
  await client.connect();
  return client;
}

/** An RFC 5322 message with CRLF line ends. */
export function rawMessage(to: string, subject: string, messageId?: string): string {
  const id = messageId ?? `<${subject.replace(/\W+/g, '-')}-${Date.now()}@example.test>`;
  return [
    'From: Sender <sender@example.test>',
    `To: ${to}`,
    `Subject: ${subject}`,
    `Message-ID: ${id}`,
    `Date: ${new Date().toUTCString()}`,
    '',
    `Body of ${subject}`,
    '',
  ].join('\r\n');
}

/** Sends one message through the rig's SMTP submission (implicit TLS, AUTH as `user`). */
export async function sendThroughSmtp(
  rig: RigInfo,
  user: RigUser,
  to: string,
  subject: string,
): Promise<void> {
  const transport = createTransport({
    host: '127.0.0.1',
    port: rig.smtp.tlsPort,
    secure: true,
    tls: { ca: rig.certificate.pem, servername: rig.hostname },
    auth: { user: user.login, pass: user.password },
  });
  try {
    await transport.sendMail({
      envelope: { from: user.email, to: [to] },
      raw: rawMessage(to, subject),
    });
  } finally {
    transport.close();
  }
}

/** Polls `check` every 20 ms until it returns true; throws after `timeoutMs`. */
export async function waitFor(
  check: () => boolean,
  timeoutMs: number,
  what = 'condition',
): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
