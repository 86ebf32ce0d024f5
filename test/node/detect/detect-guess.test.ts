/**
 * Detection by guessing host names, confirmed by real TCP connections: the DNS server maps the
 * guessed names to loopback addresses and the "mail ports" are servers this file opens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDnsResolver } from '../../../src/main/core/adapters/node-dns-resolver';
import type { GuessPorts } from '../../../src/main/core/accounts/detect-guess';
import { detectProvider } from '../../../src/main/core/accounts/detect-provider';
import type { DnsResolver } from '../../../src/main/core/ports';
import { startDnsServer, type DnsServer } from '../../servers/dns-server';
import { freePort } from '../../servers/free-port';
import { expectFailure, listenTcp, type Listener } from './helpers';

const LOOPBACK = [{ type: 'A', address: '127.0.0.1' }] as const;
// Also loopback on Linux, but nothing of ours listens there: it resolves and then refuses.
const OTHER_LOOPBACK = [{ type: 'A', address: '127.0.0.2' }] as const;

let server: DnsServer;
let dns: DnsResolver;
let imap: Listener;
let smtp: Listener;
let closedPort: number;
let ports: GuessPorts;

beforeAll(async () => {
  server = await startDnsServer({
    'imap.guess.test': LOOPBACK,
    'smtp.guess.test': LOOPBACK,
    'mail.onehost.test': LOOPBACK,
    'imap.prefer.test': OTHER_LOOPBACK,
    'mail.prefer.test': LOOPBACK,
    'smtp.prefer.test': LOOPBACK,
    'imap.closed.test': OTHER_LOOPBACK,
    'smtp.closed.test': OTHER_LOOPBACK,
    'imap.half.test': LOOPBACK,
    'imap.injected.test': LOOPBACK,
    'smtp.injected.test': LOOPBACK,
    // SRV names IMAP only; SMTP is then guessed.
    '_imaps._tcp.halfsrv.test': [
      { type: 'SRV', target: 'imap.halfsrv.test', port: 993, priority: 0, weight: 0 },
    ],
    'smtp.halfsrv.test': LOOPBACK,
  });
  dns = createNodeDnsResolver([server.address]);
  [imap, smtp, closedPort] = await Promise.all([listenTcp(), listenTcp(), freePort()]);
  // The preferred (implicit TLS) port of each side is closed, so the test also shows the order.
  ports = {
    imap: [
      { port: closedPort, security: 'tls' },
      { port: imap.port, security: 'starttls' },
    ],
    smtp: [
      { port: smtp.port, security: 'tls' },
      { port: closedPort, security: 'starttls' },
    ],
  };
});
afterAll(async () => {
  await Promise.all([server.close(), imap.close(), smtp.close()]);
});

describe('detection by a probed guess', () => {
  it('keeps imap./smtp. names that resolve and accept a connection', async () => {
    const before = imap.accepted();
    const result = await detectProvider('anna@guess.test', { dns, guessPorts: ports });
    expect(result).toEqual({
      provider: 'custom',
      providerName: 'Other IMAP/SMTP server',
      source: 'guess',
      imap: { host: 'imap.guess.test', port: imap.port, security: 'starttls' },
      smtp: { host: 'smtp.guess.test', port: smtp.port, security: 'tls' },
      auth: 'password',
      copySentToSentFolder: true,
    });
    expect(imap.accepted()).toBeGreaterThan(before);
  });

  it('uses mail.<domain> for both sides when that is the only name', async () => {
    const result = await detectProvider('ben@onehost.test', { dns, guessPorts: ports });
    expect(result).toMatchObject({
      source: 'guess',
      imap: { host: 'mail.onehost.test', port: imap.port },
      smtp: { host: 'mail.onehost.test', port: smtp.port },
    });
  });

  it('skips a name that resolves but refuses connections', async () => {
    const result = await detectProvider('c@prefer.test', { dns, guessPorts: ports });
    expect(result.imap.host).toBe('mail.prefer.test');
    expect(result.smtp.host).toBe('smtp.prefer.test');
  });

  it('finds nothing when nothing listens', async () => {
    const failure = await expectFailure(
      detectProvider('d@closed.test', { dns, guessPorts: ports, timeoutMs: 1000 }),
      'NOT_FOUND',
    );
    expect(failure.message).toBe('Could not find mail settings for closed.test');
  });

  it('says which side is missing when only one is found', async () => {
    const failure = await expectFailure(
      detectProvider('e@half.test', { dns, guessPorts: ports }),
      'NOT_FOUND',
    );
    expect(failure.message).toBe(
      'Found the IMAP server imap.half.test but no SMTP server for half.test',
    );
  });

  it('guesses the side SRV does not name, and says the result came from SRV', async () => {
    const result = await detectProvider('f@halfsrv.test', { dns, guessPorts: ports });
    expect(result).toMatchObject({
      source: 'srv',
      imap: { host: 'imap.halfsrv.test', port: 993, security: 'tls' },
      smtp: { host: 'smtp.halfsrv.test', port: smtp.port, security: 'tls' },
    });
  });

  it('probes the resolved address on the standard ports unless told otherwise', async () => {
    const probed: string[] = [];
    const probe = (address: string, port: number): Promise<boolean> => {
      probed.push(`${address}:${port}`);
      return Promise.resolve(port === 143 || port === 587);
    };
    const result = await detectProvider('g@injected.test', { dns, probe });
    expect(result).toMatchObject({
      source: 'guess',
      imap: { host: 'imap.injected.test', port: 143, security: 'starttls' },
      smtp: { host: 'smtp.injected.test', port: 587, security: 'starttls' },
    });
    // Both names resolve to the same address: each address and port is probed once.
    expect([...probed].sort()).toEqual(
      ['127.0.0.1:143', '127.0.0.1:465', '127.0.0.1:587', '127.0.0.1:993'].sort(),
    );
  });
});
