import { promises as dns } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsServer } from '../../servers/dns-server';

describe('test DNS server', () => {
  let server: DnsServer;
  let resolver: dns.Resolver;

  beforeAll(async () => {
    server = await startDnsServer({
      'mail.example.test': [
        { type: 'A', address: '127.0.0.1' },
        { type: 'AAAA', address: '::1' },
      ],
      'example.test': [{ type: 'MX', exchange: 'mail.example.test', priority: 10 }],
      '_imaps._tcp.example.test': [
        { type: 'SRV', target: 'mail.example.test', port: 993, priority: 0, weight: 1 },
      ],
    });
    // Short timeout and no retries: a broken server should fail the test, not stall it.
    resolver = new dns.Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([server.address]);
  });

  afterAll(async () => {
    await server.close();
  });

  it('listens on loopback', () => {
    expect(server.address).toBe(`127.0.0.1:${server.port}`);
  });

  it('resolves A and AAAA records', async () => {
    await expect(resolver.resolve4('mail.example.test')).resolves.toEqual(['127.0.0.1']);
    await expect(resolver.resolve6('mail.example.test')).resolves.toEqual(['::1']);
  });

  it('matches names case-insensitively', async () => {
    await expect(resolver.resolve4('MAIL.Example.TEST')).resolves.toEqual(['127.0.0.1']);
  });

  it('resolves MX records', async () => {
    await expect(resolver.resolveMx('example.test')).resolves.toEqual([
      { exchange: 'mail.example.test', priority: 10 },
    ]);
  });

  it('resolves SRV records', async () => {
    await expect(resolver.resolveSrv('_imaps._tcp.example.test')).resolves.toEqual([
      { name: 'mail.example.test', port: 993, priority: 0, weight: 1 },
    ]);
  });

  it('answers NXDOMAIN for an unknown name', async () => {
    await expect(resolver.resolve4('nowhere.example.test')).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
  });

  it('answers NODATA for a known name without records of the asked type', async () => {
    await expect(resolver.resolveMx('mail.example.test')).rejects.toMatchObject({
      code: 'ENODATA',
    });
  });
});
