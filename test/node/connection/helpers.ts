/** Helpers for the Test Connection tests: drafts for the rig, and small loopback servers. */
import { readFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import type { AccountDraft, ServerSettings } from '../../../src/shared/account';
import type { RigInfo, RigUser } from '../../servers/rig-info';

/** The rig's certificate as a draft's `trustedCertificate`. */
export function rigTrust(rig: RigInfo): NonNullable<ServerSettings['trustedCertificate']> {
  return { pem: rig.certificate.pem, fingerprint256: rig.certificate.fingerprint256 };
}

/** A draft for a rig user over the given security; certificates untrusted unless `trust`. */
export function rigDraft(
  rig: RigInfo,
  user: RigUser,
  options: { security?: 'tls' | 'starttls'; trust?: boolean; host?: string } = {},
): AccountDraft {
  const security = options.security ?? 'tls';
  const host = options.host ?? rig.hostname;
  const trustedCertificate = options.trust === false ? undefined : rigTrust(rig);
  const imapPort = security === 'tls' ? rig.imap.tlsPort : rig.imap.starttlsPort;
  const smtpPort = security === 'tls' ? rig.smtp.tlsPort : rig.smtp.starttlsPort;
  return {
    name: 'Rig',
    provider: 'custom',
    senderName: 'Rig User',
    email: user.email,
    login: user.login,
    auth: 'password',
    imap: { host, port: imapPort, security, ...(trustedCertificate ? { trustedCertificate } : {}) },
    smtp: {
      host,
      port: smtpPort,
      security,
      noAuth: false,
      sameCredentialsAsImap: true,
      ...(trustedCertificate ? { trustedCertificate } : {}),
    },
    folders: {},
    copySentToSentFolder: true,
    isDefaultSender: false,
    enabled: true,
    scope: 'personal',
  };
}

/** A loopback TCP server and the sockets it accepted, closed together. */
export interface LoopbackServer {
  readonly port: number;
  /** Everything clients wrote, per connection, as text. */
  readonly received: () => readonly string[];
  close(): Promise<void>;
}

/** Listens on a free 127.0.0.1 port; `onConnection` speaks for the server. */
export async function listenLoopback(
  onConnection: (socket: Socket, received: { text: string }) => void,
  tls?: TlsOptions,
): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const transcripts: { text: string }[] = [];
  const handler = (socket: Socket): void => {
    sockets.add(socket);
    const received = { text: '' };
    transcripts.push(received);
    socket.on('data', (chunk: Buffer) => {
      received.text += chunk.toString('latin1');
    });
    // The client under test decides when to hang up; a reset is part of the script.
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket, received);
  };
  const server: Server = tls !== undefined ? createTlsServer(tls, handler) : createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    received: () => transcripts.map((transcript) => transcript.text),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The rig certificate's key and certificate, for a TLS server of our own. */
export async function rigTlsOptions(rig: RigInfo): Promise<{ key: Buffer; cert: string }> {
  return { key: await readFile(rig.certificate.keyFile), cert: rig.certificate.pem };
}
