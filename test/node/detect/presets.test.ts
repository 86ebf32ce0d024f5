/**
 * Preset detection: every provider family from the built-in table, with the settings its own
 * help pages give. A preset needs no DNS: the resolver points at a server that never answers
 * and must not be asked anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDnsResolver } from '../../../src/main/core/adapters/node-dns-resolver';
import { detectProvider } from '../../../src/main/core/accounts/detect-provider';
import {
  PROVIDER_PRESETS,
  providerHint,
  providerName,
} from '../../../src/main/core/accounts/providers';
import type { DetectionResult, ProviderId } from '../../../src/shared/account';
import { providerIdSchema } from '../../../src/shared/account';
import { startSilentDns, type SilentDns } from './helpers';

type Expected = Omit<DetectionResult, 'source' | 'providerName' | 'hint'>;

const tls = (host: string, port: number) => ({ host, port, security: 'tls' as const });
const starttls = (host: string, port: number) => ({ host, port, security: 'starttls' as const });

const GMAIL: Expected = {
  provider: 'gmail',
  imap: tls('imap.gmail.com', 993),
  smtp: tls('smtp.gmail.com', 465),
  auth: 'password',
  copySentToSentFolder: false,
};
const OUTLOOK: Expected = {
  provider: 'microsoft',
  imap: tls('outlook.office365.com', 993),
  smtp: starttls('smtp-mail.outlook.com', 587),
  auth: 'oauth',
  copySentToSentFolder: false,
};
const YAHOO: Expected = {
  provider: 'yahoo',
  imap: tls('imap.mail.yahoo.com', 993),
  smtp: tls('smtp.mail.yahoo.com', 465),
  auth: 'password',
  copySentToSentFolder: false,
};
const ICLOUD: Expected = {
  provider: 'icloud',
  imap: tls('imap.mail.me.com', 993),
  smtp: starttls('smtp.mail.me.com', 587),
  auth: 'password',
  copySentToSentFolder: true,
};
const AOL: Expected = {
  provider: 'aol',
  imap: tls('imap.aol.com', 993),
  smtp: tls('smtp.aol.com', 465),
  auth: 'password',
  copySentToSentFolder: true,
};
const ZOHO: Expected = {
  provider: 'zoho',
  imap: tls('imap.zoho.com', 993),
  smtp: tls('smtp.zoho.com', 465),
  auth: 'password',
  copySentToSentFolder: true,
};
const FASTMAIL: Expected = {
  provider: 'fastmail',
  imap: tls('imap.fastmail.com', 993),
  smtp: tls('smtp.fastmail.com', 465),
  auth: 'password',
  copySentToSentFolder: true,
};
const GMX_COM: Expected = {
  provider: 'gmx',
  imap: tls('imap.gmx.com', 993),
  smtp: tls('mail.gmx.com', 465),
  auth: 'password',
  copySentToSentFolder: true,
};
const GMX_NET: Expected = {
  provider: 'gmx',
  imap: tls('imap.gmx.net', 993),
  smtp: tls('mail.gmx.net', 465),
  auth: 'password',
  copySentToSentFolder: true,
};
const YANDEX: Expected = {
  provider: 'yandex',
  imap: tls('imap.yandex.com', 993),
  smtp: tls('smtp.yandex.com', 465),
  auth: 'password',
  copySentToSentFolder: true,
};
const PROTON: Expected = {
  provider: 'proton-bridge',
  imap: starttls('127.0.0.1', 1143),
  smtp: starttls('127.0.0.1', 1025),
  auth: 'password',
  copySentToSentFolder: false,
};

const CASES: readonly (readonly [string, Expected])[] = [
  ['gmail.com', GMAIL],
  ['googlemail.com', GMAIL],
  ['outlook.com', OUTLOOK],
  ['hotmail.com', OUTLOOK],
  ['live.com', OUTLOOK],
  ['msn.com', OUTLOOK],
  ['hotmail.co.uk', OUTLOOK],
  ['outlook.de', OUTLOOK],
  ['yahoo.com', YAHOO],
  ['ymail.com', YAHOO],
  ['rocketmail.com', YAHOO],
  ['yahoo.co.uk', YAHOO],
  ['icloud.com', ICLOUD],
  ['me.com', ICLOUD],
  ['mac.com', ICLOUD],
  ['aol.com', AOL],
  ['zoho.com', ZOHO],
  ['zohomail.com', ZOHO],
  ['fastmail.com', FASTMAIL],
  ['fastmail.fm', FASTMAIL],
  ['gmx.com', GMX_COM],
  ['gmx.net', GMX_NET],
  ['gmx.de', GMX_NET],
  ['yandex.com', YANDEX],
  ['yandex.ru', YANDEX],
  ['proton.me', PROTON],
  ['protonmail.com', PROTON],
  ['pm.me', PROTON],
];

let dns: SilentDns;
beforeAll(async () => {
  dns = await startSilentDns();
});
afterAll(async () => {
  expect(dns.queries()).toBe(0);
  await dns.close();
});

describe('preset detection', () => {
  it.each(CASES)('%s', async (domain, expected) => {
    const resolver = createNodeDnsResolver([dns.address], { timeoutMs: 200, tries: 1 });
    const result = await detectProvider(`someone@${domain}`, { dns: resolver });
    expect(result).toMatchObject({ ...expected, source: 'preset' });
    expect(result.providerName).toBe(providerName(expected.provider));
    expect(result.hint).toBe(providerHint(expected.provider));
  });

  it('trims and lower-cases the address before looking it up', async () => {
    const resolver = createNodeDnsResolver([dns.address], { timeoutMs: 200, tries: 1 });
    const result = await detectProvider('  Someone@GMail.COM. ', { dns: resolver });
    expect(result).toMatchObject({ provider: 'gmail', source: 'preset' });
  });

  it('lists every preset domain once, in lower case', () => {
    const domains = PROVIDER_PRESETS.flatMap((preset) => preset.domains);
    expect(new Set(domains).size).toBe(domains.length);
    for (const domain of domains) expect(domain).toBe(domain.toLowerCase());
  });
});

describe('provider names and hints', () => {
  it('names every provider', () => {
    for (const provider of providerIdSchema.options) {
      expect(providerName(provider).length).toBeGreaterThan(0);
    }
  });

  it.each<readonly [ProviderId, RegExp]>([
    ['gmail', /app password/i],
    ['yahoo', /app password/i],
    ['icloud', /app-specific password/i],
    ['aol', /app password/i],
    ['zoho', /IMAP access/i],
    ['fastmail', /app password/i],
    ['gmx', /IMAP access/i],
    ['yandex', /app password/i],
    ['microsoft', /OAuth/],
    ['proton-bridge', /Bridge must be running/i],
  ])('hints for %s', (provider, pattern) => {
    expect(providerHint(provider)).toMatch(pattern);
  });

  it('has no hint for a custom server', () => {
    expect(providerHint('custom')).toBeUndefined();
  });
});
