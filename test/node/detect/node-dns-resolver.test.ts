/** The node:dns adapter against a real DNS server on 127.0.0.1; never the system resolver. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDnsResolver } from '../../../src/main/core/adapters/node-dns-resolver';
import type { DnsResolver } from '../../../src/main/core/ports';
import { startDnsServer, type DnsServer } from '../../servers/dns-server';
import { expectFailure, startSilentDns } from './helpers';

let server: DnsServer;
let dns: DnsResolver;
beforeAll(async () => {
  server = await startDnsServer({
    'v4.resolver.test': [
      { type: 'A', address: '127.0.0.1' },
      { type: 'AAAA', address: '::1' },
    ],
    'v6.resolver.test': [{ type: 'AAAA', address: '::1' }],
    'mx.resolver.test': [{ type: 'MX', exchange: 'in.resolver.test', priority: 5 }],
    '_imaps._tcp.resolver.test': [
      { type: 'SRV', target: 'imap.resolver.test', port: 993, priority: 1, weight: 2 },
    ],
  });
  dns = createNodeDnsResolver([server.address]);
});
afterAll(async () => {
  await server.close();
});

describe('lookupHost', () => {
  it('returns the A record first', async () => {
    expect(await dns.lookupHost('v4.resolver.test')).toBe('127.0.0.1');
  });

  it('falls back to AAAA when there is no A record', async () => {
    expect(await dns.lookupHost('v6.resolver.test')).toBe('::1');
  });

  it('says DNS_NOT_FOUND for an unknown name', async () => {
    const failure = await expectFailure(dns.lookupHost('nope.resolver.test'), 'DNS_NOT_FOUND');
    expect(failure).toMatchObject({
      message: 'The server name nope.resolver.test was not found in DNS',
      hint: 'Check the spelling of the server name',
      retryable: false,
    });
  });

  it('returns IP literals without asking DNS', async () => {
    const silent = await startSilentDns();
    try {
      const resolver = createNodeDnsResolver([silent.address], { timeoutMs: 200, tries: 1 });
      expect(await resolver.lookupHost('127.0.0.1')).toBe('127.0.0.1');
      expect(await resolver.lookupHost('::1')).toBe('::1');
      expect(await resolver.lookupHost('[::1]')).toBe('::1');
      expect(silent.queries()).toBe(0);
    } finally {
      await silent.close();
    }
  });

  it('says TIMEOUT when the DNS server never answers', async () => {
    const silent = await startSilentDns();
    try {
      const resolver = createNodeDnsResolver([silent.address], { timeoutMs: 200, tries: 1 });
      const failure = await expectFailure(resolver.lookupHost('slow.resolver.test'), 'TIMEOUT');
      expect(failure.retryable).toBe(true);
      expect(silent.queries()).toBeGreaterThan(0);
    } finally {
      await silent.close();
    }
  });
});

describe('resolveMx and resolveSrv', () => {
  it('return the records', async () => {
    expect(await dns.resolveMx('mx.resolver.test')).toEqual([
      { exchange: 'in.resolver.test', priority: 5 },
    ]);
    expect(await dns.resolveSrv('_imaps._tcp.resolver.test')).toEqual([
      { name: 'imap.resolver.test', port: 993, priority: 1, weight: 2 },
    ]);
  });

  it('return [] for NXDOMAIN and for NODATA (a name without such records)', async () => {
    expect(await dns.resolveMx('nope.resolver.test')).toEqual([]);
    expect(await dns.resolveMx('v4.resolver.test')).toEqual([]);
    expect(await dns.resolveSrv('_imap._tcp.nope.resolver.test')).toEqual([]);
    expect(await dns.resolveSrv('v4.resolver.test')).toEqual([]);
  });

  it('throw TIMEOUT when the DNS server never answers', async () => {
    const silent = await startSilentDns();
    try {
      const resolver = createNodeDnsResolver([silent.address], { timeoutMs: 200, tries: 1 });
      await expectFailure(resolver.resolveMx('slow.resolver.test'), 'TIMEOUT');
      await expectFailure(resolver.resolveSrv('_imaps._tcp.slow.resolver.test'), 'TIMEOUT');
    } finally {
      await silent.close();
    }
  });
});
