/**
 * Detection through DNS: MX records of custom domains hosted by Google or Microsoft, RFC 6186
 * SRV records, and the failures (nothing found, bad address, DNS silent). All answers come from
 * a real DNS server on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDnsResolver } from '../../../src/main/core/adapters/node-dns-resolver';
import { detectProvider } from '../../../src/main/core/accounts/detect-provider';
import type { DnsResolver } from '../../../src/main/core/ports';
import { startDnsServer, type DnsServer, type DnsZone } from '../../servers/dns-server';
import { expectFailure, startSilentDns } from './helpers';

const ZONE: DnsZone = {
  'acme-google.test': [
    { type: 'MX', exchange: 'alt1.aspmx.l.google.com', priority: 5 },
    { type: 'MX', exchange: 'aspmx.l.google.com', priority: 1 },
  ],
  'acme-ms.test': [
    { type: 'MX', exchange: 'acme-ms-test.mail.protection.outlook.com', priority: 0 },
  ],
  // The primary MX is a spam filter we do not know; the backup at Google still tells us.
  'filtered.test': [
    { type: 'MX', exchange: 'mx.filter.test', priority: 10 },
    { type: 'MX', exchange: 'aspmx2.googlemail.com', priority: 20 },
  ],
  'xn--bcher-kva.test': [{ type: 'MX', exchange: 'aspmx.l.google.com', priority: 1 }],
  'acme-zoho.test': [{ type: 'MX', exchange: 'mx.zoho.eu', priority: 10 }],
  // SRV only: no MX at a known provider, no imap./smtp. names.
  'srv.test': [{ type: 'MX', exchange: 'mx.srv.test', priority: 10 }],
  '_imaps._tcp.srv.test': [
    { type: 'SRV', target: 'backup-imap.srv.test', port: 10993, priority: 20, weight: 0 },
    { type: 'SRV', target: 'imap-light.srv.test', port: 993, priority: 10, weight: 1 },
    { type: 'SRV', target: 'imap-heavy.srv.test', port: 993, priority: 10, weight: 9 },
  ],
  '_imap._tcp.srv.test': [
    { type: 'SRV', target: 'plain.srv.test', port: 143, priority: 0, weight: 0 },
  ],
  // "." says implicit-TLS submission is decidedly not offered; STARTTLS submission is.
  '_submissions._tcp.srv.test': [{ type: 'SRV', target: '.', port: 0, priority: 0, weight: 0 }],
  '_submission._tcp.srv.test': [
    { type: 'SRV', target: 'smtp.srv.test', port: 587, priority: 0, weight: 0 },
  ],
  // Every SRV record says "not offered": detection must not use them.
  '_imaps._tcp.dotted.test': [{ type: 'SRV', target: '.', port: 0, priority: 0, weight: 0 }],
  '_submissions._tcp.dotted.test': [{ type: 'SRV', target: '.', port: 0, priority: 0, weight: 0 }],
};

let server: DnsServer;
let dns: DnsResolver;
beforeAll(async () => {
  server = await startDnsServer(ZONE);
  dns = createNodeDnsResolver([server.address]);
});
afterAll(async () => {
  await server.close();
});

describe('detection by MX', () => {
  it('finds Google Workspace behind a custom domain', async () => {
    const result = await detectProvider('anna@acme-google.test', { dns });
    expect(result).toEqual({
      provider: 'gmail',
      providerName: 'Gmail / Google Workspace',
      source: 'mx',
      imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
      smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
      auth: 'password',
      copySentToSentFolder: false,
      hint: expect.stringMatching(/app password/) as unknown,
    });
  });

  it('finds Microsoft 365 behind a custom domain', async () => {
    const result = await detectProvider('ben@acme-ms.test', { dns });
    expect(result).toMatchObject({
      provider: 'microsoft',
      source: 'mx',
      imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
      smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
      auth: 'oauth',
      copySentToSentFolder: false,
    });
  });

  it('looks past an unknown primary MX to a known backup', async () => {
    const result = await detectProvider('c@filtered.test', { dns });
    expect(result).toMatchObject({ provider: 'gmail', source: 'mx' });
  });

  it('converts an internationalised domain to its A-label before asking DNS', async () => {
    const result = await detectProvider('d@Bücher.test', { dns });
    expect(result).toMatchObject({ provider: 'gmail', source: 'mx' });
  });

  it("uses Zoho's organisation servers in the MX record's data centre", async () => {
    const result = await detectProvider('e@acme-zoho.test', { dns });
    expect(result).toMatchObject({
      provider: 'zoho',
      source: 'mx',
      imap: { host: 'imappro.zoho.eu', port: 993, security: 'tls' },
      smtp: { host: 'smtppro.zoho.eu', port: 465, security: 'tls' },
    });
  });
});

describe('detection by SRV (RFC 6186)', () => {
  it('takes hosts and ports from SRV, implicit TLS first, skipping "." targets', async () => {
    const result = await detectProvider('f@srv.test', { dns });
    expect(result).toEqual({
      provider: 'custom',
      providerName: 'Other IMAP/SMTP server',
      source: 'srv',
      // Lowest priority wins; among equals, the heaviest weight.
      imap: { host: 'imap-heavy.srv.test', port: 993, security: 'tls' },
      smtp: { host: 'smtp.srv.test', port: 587, security: 'starttls' },
      auth: 'password',
      copySentToSentFolder: true,
    });
  });

  it('does not use records whose target is "."', async () => {
    const failure = await expectFailure(detectProvider('g@dotted.test', { dns }), 'NOT_FOUND');
    expect(failure.message).toBe('Could not find mail settings for dotted.test');
  });
});

describe('failures', () => {
  it('says NOT_FOUND with advice when nothing is published', async () => {
    const failure = await expectFailure(detectProvider('h@nothing.test', { dns }), 'NOT_FOUND');
    expect(failure).toMatchObject({
      message: 'Could not find mail settings for nothing.test',
      hint: "Enter the IMAP and SMTP servers by hand (your provider's help pages list them)",
      retryable: false,
    });
  });

  it.each([
    '',
    'anna',
    '@example.com',
    'anna@',
    'anna@localhost',
    'an na@example.com',
    'a@ex_ample.com',
    'a@1.2.3.4',
  ])('refuses %j as INVALID_INPUT', async (address) => {
    const failure = await expectFailure(detectProvider(address, { dns }), 'INVALID_INPUT');
    expect(failure.hint).toMatch(/name@example\.com/);
  });

  it('reports TIMEOUT when the DNS server never answers', async () => {
    const silent = await startSilentDns();
    try {
      const resolver = createNodeDnsResolver([silent.address], { timeoutMs: 200, tries: 1 });
      const failure = await expectFailure(
        detectProvider('i@custom.test', { dns: resolver }),
        'TIMEOUT',
      );
      expect(failure.retryable).toBe(true);
      expect(failure.hint).toMatch(/internet connection/);
    } finally {
      await silent.close();
    }
  });
});
