/**
 * The real-server rig: a certificate, an OAuth 2 / OpenID authorization server, Dovecot (IMAP +
 * LMTP, passwords and bearer tokens), an SMTP submission server that delivers into Dovecot, and
 * a DNS server for example.test, all on 127.0.0.1 in one temp dir.
 * Started once per test run by global-setup.ts; tests read its RigInfo with inject('rig').
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCertificate } from './certificate';
import { startDnsServer } from './dns-server';
import { startDovecot } from './dovecot';
import { freePort } from './free-port';
import { startOidcProvider } from './oidc-server';
import { rigDnsZone } from './rig-dns-zone';
import type { RigInfo } from './rig-info';
import { DEFAULT_USERS, writePasswdFile } from './rig-users';
import { startSmtp } from './smtp';

export interface Rig {
  readonly info: RigInfo;
  /** Stops every server the rig started and removes its temp dir. */
  stop(): Promise<void>;
}

const HOSTNAME = 'mail.example.test';

/** Starts everything; on a failure, stops what already started before rethrowing. */
export async function startRig(): Promise<Rig> {
  const tempDir = await mkdtemp(join(tmpdir(), 'mailcrm-rig-'));
  const cleanups: (() => Promise<void>)[] = [() => rm(tempDir, { recursive: true, force: true })];
  const stop = async (): Promise<void> => {
    // Reverse order: the servers first, the temp dir they write into last.
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'rig: stopping failed');
  };
  try {
    const passwdFile = join(tempDir, 'passwd');
    const [certificate, oidc] = await Promise.all([
      makeCertificate(tempDir),
      startOidcProvider({ passwdFile }),
      writePasswdFile(passwdFile, DEFAULT_USERS),
    ]);
    cleanups.push(() => oidc.close());
    const { introspection } = oidc.info;
    const dovecot = await startDovecot({
      dir: tempDir,
      passwdFile,
      certFile: certificate.file,
      keyFile: certificate.keyFile,
      certPem: certificate.pem,
      oauth2: {
        introspectionUrl: introspection.url,
        clientId: introspection.clientId,
        clientSecret: introspection.clientSecret,
      },
    });
    cleanups.push(() => dovecot.stop());
    const smtp = await startSmtp({
      certificate,
      hostname: HOSTNAME,
      passwdFile,
      lmtpPort: dovecot.ports.lmtp,
      introspection,
    });
    cleanups.push(() => smtp.close());
    const dns = await startDnsServer(
      rigDnsZone({ imapTls: dovecot.ports.imaps, submissionStarttls: smtp.starttlsPort }),
    );
    cleanups.push(() => dns.close());
    const info: RigInfo = {
      host: '127.0.0.1',
      hostname: HOSTNAME,
      mismatchedHostname: 'other.example.test',
      imap: { tlsPort: dovecot.ports.imaps, starttlsPort: dovecot.ports.imap },
      smtp: {
        tlsPort: smtp.tlsPort,
        starttlsPort: smtp.starttlsPort,
        filingTlsPort: smtp.filingTlsPort,
        filingStarttlsPort: smtp.filingStarttlsPort,
      },
      lmtp: { port: dovecot.ports.lmtp },
      users: DEFAULT_USERS,
      passwdFile,
      certificate: {
        pem: certificate.pem,
        fingerprint256: certificate.fingerprint256,
        file: certificate.file,
        keyFile: certificate.keyFile,
      },
      dnsServer: dns.address,
      closedPort: await freePort(),
      tempDir,
      dovecotLog: dovecot.logFile,
      oidc: oidc.info,
    };
    return { info, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
