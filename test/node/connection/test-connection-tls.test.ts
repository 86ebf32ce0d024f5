/**
 * Test Connection's TLS verdicts against the rig's self-signed certificate: untrusted with the
 * certificate offered, trusted by pin, wrong pins, wrong name, TLS on a STARTTLS port, and
 * servers that do not offer STARTTLS (the password must not be sent).
 */
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createNodeDnsResolver } from '../../../src/main/core/adapters/node-dns-resolver';
import { testConnection } from '../../../src/main/core/connection/test-connection';
import type { AccountDraft } from '../../../src/shared/account';
import { listenLoopback, rigDraft, rigTlsOptions, type LoopbackServer } from './helpers';
import { startRecordingSmtp, type RecordingSmtp } from './recording-smtp';

const rig = inject('rig');
const [anna] = rig.users;
if (anna === undefined) throw new Error('the rig has no users');
const deps = { dns: createNodeDnsResolver([rig.dnsServer]), timeoutMs: 5000 };
const credentials = { password: anna.password };

/** The draft with both sides trusting `trustedCertificate` instead of what they trusted before. */
function trusting(
  draft: AccountDraft,
  trustedCertificate: NonNullable<AccountDraft['imap']['trustedCertificate']>,
): AccountDraft {
  return {
    ...draft,
    imap: { ...draft.imap, trustedCertificate },
    smtp: { ...draft.smtp, trustedCertificate },
  };
}

describe.each(['tls', 'starttls'] as const)(
  'an untrusted self-signed certificate over %s',
  (security) => {
    it('fails with TLS_CERT_UNTRUSTED and offers the certificate; trusting it makes both sides pass', async () => {
      const draft = rigDraft(rig, anna, { security, trust: false });
      const failed = await testConnection(draft, credentials, deps);
      for (const side of [failed.imap, failed.smtp]) {
        expect(side.ok).toBe(false);
        expect(side.error?.code).toBe('TLS_CERT_UNTRUSTED');
        expect(side.certificate?.fingerprint256).toBe(rig.certificate.fingerprint256);
        expect(side.certificate?.subject).toContain('mail.example.test');
        expect(side.certificate?.validTo).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      }
      const offered = failed.imap.certificate;
      if (offered === undefined) throw new Error('no certificate offered');
      const trusted = await testConnection(
        trusting(draft, { pem: offered.pem, fingerprint256: offered.fingerprint256 }),
        credentials,
        deps,
      );
      expect(trusted.imap).toMatchObject({ ok: true });
      expect(trusted.smtp).toMatchObject({ ok: true });
    });
  },
);

describe('pins that do not match the server', () => {
  it('still fails with a different trusted certificate, or a fingerprint that is not the PEM', async () => {
    const other = rootCertificates[0];
    if (other === undefined) throw new Error('Node has no root certificates');
    const otherPin = { pem: other, fingerprint256: new X509Certificate(other).fingerprint256 };
    const draft = rigDraft(rig, anna, { security: 'tls' });
    const withOther = await testConnection(trusting(draft, otherPin), credentials, deps);
    expect(withOther.imap.error?.code).toBe('TLS_CERT_UNTRUSTED');
    expect(withOther.smtp.error?.code).toBe('TLS_CERT_UNTRUSTED');
    const mislabelled = { pem: rig.certificate.pem, fingerprint256: otherPin.fingerprint256 };
    const withMislabelled = await testConnection(trusting(draft, mislabelled), credentials, deps);
    expect(withMislabelled.imap.error?.code).toBe('TLS_CERT_UNTRUSTED');
    expect(withMislabelled.smtp.error?.code).toBe('TLS_CERT_UNTRUSTED');
  });
});

describe('a host name the certificate does not name', () => {
  it.each(['tls', 'starttls'] as const)(
    'fails with TLS_HOSTNAME_MISMATCH over %s even when the certificate is trusted',
    async (security) => {
      const draft = rigDraft(rig, anna, { security, host: rig.mismatchedHostname });
      const result = await testConnection(draft, credentials, deps);
      expect(result.imap.error?.code).toBe('TLS_HOSTNAME_MISMATCH');
      expect(result.smtp.error?.code).toBe('TLS_HOSTNAME_MISMATCH');
      expect(result.imap.certificate?.fingerprint256).toBe(rig.certificate.fingerprint256);
    },
  );
});

describe('SSL/TLS chosen for a STARTTLS port', () => {
  it('fails with TLS_HANDSHAKE_FAILED and suggests STARTTLS', async () => {
    const draft = rigDraft(rig, anna, { security: 'tls' });
    const result = await testConnection(
      {
        ...draft,
        imap: { ...draft.imap, port: rig.imap.starttlsPort },
        smtp: { ...draft.smtp, port: rig.smtp.starttlsPort },
      },
      credentials,
      deps,
    );
    for (const side of [result.imap, result.smtp]) {
      expect(side.error?.code).toBe('TLS_HANDSHAKE_FAILED');
      expect(side.error?.hint).toContain('STARTTLS');
    }
  });
});

describe('servers that do not offer STARTTLS', () => {
  let smtp: RecordingSmtp;
  let imap: LoopbackServer;

  beforeAll(async () => {
    smtp = await startRecordingSmtp({
      ...(await rigTlsOptions(rig)),
      password: anna.password,
      noStarttls: true,
    });
    // A minimal IMAP server: a greeting without STARTTLS, OK to anything, BYE on LOGOUT.
    imap = await listenLoopback((socket) => {
      let pending = '';
      socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] plaintext only\r\n');
      socket.on('data', (chunk: Buffer) => {
        pending += chunk.toString('latin1');
        for (let end = pending.indexOf('\r\n'); end >= 0; end = pending.indexOf('\r\n')) {
          const [tag, command] = pending.slice(0, end).split(' ');
          pending = pending.slice(end + 2);
          if (command?.toUpperCase() === 'LOGOUT') socket.end(`* BYE\r\n${tag} OK bye\r\n`);
          else socket.write(`${tag} OK done\r\n`);
        }
      });
    });
  });

  afterAll(async () => {
    await Promise.all([smtp.close(), imap.close()]);
  });

  it('fails with STARTTLS_UNAVAILABLE and never sends the password', async () => {
    const draft = rigDraft(rig, anna, { security: 'starttls' });
    const result = await testConnection(
      {
        ...draft,
        imap: { ...draft.imap, port: imap.port },
        smtp: { ...draft.smtp, port: smtp.port },
      },
      credentials,
      deps,
    );
    expect(result.imap.error?.code).toBe('STARTTLS_UNAVAILABLE');
    expect(result.smtp.error?.code).toBe('STARTTLS_UNAVAILABLE');
    expect(smtp.record.logins).toEqual([]);
    const imapTranscript = imap.received().join('');
    expect(imapTranscript).not.toMatch(/LOGIN|AUTHENTICATE/i);
    expect(imapTranscript).not.toContain(anna.password);
  });
});
