/**
 * Fetches the certificate a server presents, so the user can inspect it and choose to trust it
 * after a check failed with TLS_CERT_UNTRUSTED / TLS_CERT_EXPIRED / TLS_HOSTNAME_MISMATCH.
 *
 * This is the only place that connects with `rejectUnauthorized: false`, and it never logs in
 * or sends anything but STARTTLS: the socket is closed as soon as the certificate is read.
 */
import type { X509Certificate } from 'node:crypto';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { CertificateInfo, ServerSettings } from '../../../shared/account';
import { appError, AppFailure } from '../../../shared/errors';
import { exchange, whenConnected } from './plain-dialogue';
import { DEFAULT_TIMEOUT_MS, resolveHostAddress, type ConnectionDeps } from './tls-trust';

/** A distinguished name as one line ("CN=mail.example.test, O=Example"). */
function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

/** OpenSSL's "Jan  1 00:00:00 2030 GMT" as ISO 8601, or as given when it does not parse. */
function isoDate(openSslDate: string): string {
  const parsed = new Date(openSslDate);
  return Number.isNaN(parsed.getTime()) ? openSslDate : parsed.toISOString();
}

/** The fields the UI shows for a certificate; `fingerprint256` is Node's AA:BB:.. form. */
export function certificateInfo(certificate: X509Certificate): CertificateInfo {
  return {
    subject: oneLine(certificate.subject),
    issuer: oneLine(certificate.issuer),
    validFrom: isoDate(certificate.validFrom),
    validTo: isoDate(certificate.validTo),
    fingerprint256: certificate.fingerprint256,
    pem: certificate.toString(),
  };
}

/** Throws STARTTLS_UNAVAILABLE unless the server's reply was the expected go-ahead. */
function refuseUnless(ok: boolean, step: string, lines: readonly string[]): void {
  if (ok) return;
  throw new AppFailure(
    appError(
      'STARTTLS_UNAVAILABLE',
      `The server refused ${step}, so its certificate could not be read.`,
      {
        serverResponse: lines.join('\n'),
      },
    ),
  );
}

/** Speaks IMAP up to the STARTTLS go-ahead (RFC 3501 section 6.2.1). */
async function imapStarttls(socket: Socket): Promise<void> {
  const greeting = await exchange(socket, undefined, (line) => line.startsWith('* '));
  refuseUnless(/^\* (OK|PREAUTH)\b/i.test(greeting.at(-1) ?? ''), 'the connection', greeting);
  const reply = await exchange(socket, 'a STARTTLS', (line) => line.startsWith('a '));
  refuseUnless(/^a OK\b/i.test(reply.at(-1) ?? ''), 'STARTTLS', reply);
}

/** Speaks SMTP up to the STARTTLS go-ahead (RFC 3207 section 4): greeting, EHLO, STARTTLS. */
async function smtpStarttls(socket: Socket): Promise<void> {
  // The last line of a multi-line SMTP reply has a space after the code (RFC 5321 section 4.2.1).
  const finalLine = (line: string): boolean => /^\d{3}(?: |$)/.test(line);
  const greeting = await exchange(socket, undefined, finalLine);
  refuseUnless((greeting.at(-1) ?? '').startsWith('220'), 'the connection', greeting);
  const ehlo = await exchange(socket, 'EHLO mailcrm.invalid', finalLine);
  refuseUnless((ehlo.at(-1) ?? '').startsWith('250'), 'EHLO', ehlo);
  const reply = await exchange(socket, 'STARTTLS', finalLine);
  refuseUnless((reply.at(-1) ?? '').startsWith('220'), 'STARTTLS', reply);
}

/**
 * Destroys sockets, the TLS socket before the plain socket it wraps: destroying the plain socket
 * first makes Node 20 crash with a segmentation fault once the TLS socket is torn down (seen
 * with a STARTTLS-upgraded SMTP socket). Destroying the TLS socket also destroys the plain one.
 */
function destroyOutermostFirst(sockets: readonly Socket[], error?: Error): void {
  for (const socket of [...sockets].reverse()) socket.destroy(error);
}

/** Resolves with the TLS socket once its handshake is done, whatever the verification said. */
function whenSecure(socket: TLSSocket): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      socket.off('secureConnect', onSecure);
      reject(error);
    };
    const onSecure = (): void => {
      socket.off('error', onError);
      resolve(socket);
    };
    socket.once('secureConnect', onSecure);
    socket.once('error', onError);
  });
}

/**
 * Connects to the server (IMAP or SMTP, implicit TLS or STARTTLS), completes the TLS handshake
 * without verifying it, and returns the certificate the server presented.
 */
export async function probeCertificate(
  server: ServerSettings,
  protocol: 'imap' | 'smtp',
  deps: ConnectionDeps,
): Promise<CertificateInfo> {
  if (server.security === 'none') {
    throw new AppFailure(
      appError('INVALID_INPUT', 'A connection without TLS has no certificate to show.'),
    );
  }
  const address = await resolveHostAddress(server.host, deps.dns);
  const host = server.host.replace(/^\[(.*)\]$/, '$1');
  const servername = isIP(host) === 0 ? host : undefined;
  // Verification is off on purpose: this socket only reads the certificate (see the file comment).
  const insecure = {
    rejectUnauthorized: false,
    ...(servername !== undefined ? { servername } : {}),
  };
  const sockets: Socket[] = [];
  // Every socket keeps an error listener for its whole life: an 'error' emitted while no step
  // is waiting on it (e.g. the plain socket under TLS when the deadline fires) would otherwise
  // crash the process. The steps that wait get the same error through their own listeners.
  const track = <T extends Socket>(socket: T): T => {
    socket.on('error', (error: Error) =>
      deps.logger?.info('certificate probe socket error', { message: error.message }),
    );
    sockets.push(socket);
    return socket;
  };
  const deadline = setTimeout(() => {
    const error = new Error('Timed out reading the server certificate') as Error & { code: string };
    error.code = 'ETIMEDOUT';
    destroyOutermostFirst(sockets, error);
  }, deps.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    let secure: TLSSocket;
    if (server.security === 'tls') {
      secure = track(tlsConnect({ host: address, port: server.port, ...insecure }));
    } else {
      const plain = track(netConnect({ host: address, port: server.port }));
      await whenConnected(plain);
      await (protocol === 'imap' ? imapStarttls(plain) : smtpStarttls(plain));
      secure = track(tlsConnect({ socket: plain, ...insecure }));
    }
    await whenSecure(secure);
    const certificate = secure.getPeerX509Certificate();
    if (certificate === undefined) {
      throw new AppFailure(
        appError('PROTOCOL', 'The server completed TLS without presenting a certificate.'),
      );
    }
    return certificateInfo(certificate);
  } finally {
    clearTimeout(deadline);
    destroyOutermostFirst(sockets);
  }
}
