/**
 * TLS trust: the options tls-trust.ts builds, used by a real TLS client against loopback
 * servers, and host resolution through the rig's DNS only.
 */
import { connect as tlsConnect, rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createNodeDnsResolver } from '../../../src/main/core/adapters/node-dns-resolver';
import {
  connectionTarget,
  pinnedCertificatePem,
  resolveHostAddress,
  secureContextOptions,
  tlsOptions,
} from '../../../src/main/core/connection/tls-trust';
import type { ServerSettings } from '../../../src/shared/account';
import { AppFailure } from '../../../src/shared/errors';
import { privateCaLeaf, type TestCertificate } from './certs';
import { listenLoopback, rigTrust, type LoopbackServer } from './helpers';

const rig = inject('rig');
const dns = createNodeDnsResolver([rig.dnsServer]);

/** Connects with the options tls-trust.ts builds; resolves with the handshake's outcome. */
async function handshake(server: ServerSettings): Promise<string> {
  const target = await connectionTarget(server, { dns });
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: target.address, port: target.port, ...target.tls });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve('ok');
    });
    socket.once('error', (error: Error & { code?: string }) =>
      resolve(error.code ?? error.message),
    );
  });
}

let leaf: TestCertificate;
let leafServer: LoopbackServer;

beforeAll(async () => {
  ({ leaf } = await privateCaLeaf(rig.tempDir));
  leafServer = await listenLoopback(() => undefined, { key: leaf.key, cert: leaf.cert });
});

afterAll(async () => {
  await leafServer.close();
});

describe('tlsOptions', () => {
  it("keeps Node's roots, verifies, and sends the configured name for SNI and the host check", () => {
    const server = { host: 'mail.example.test', port: 993, security: 'tls' as const };
    expect(tlsOptions(server)).toMatchObject({
      rejectUnauthorized: true,
      servername: 'mail.example.test',
    });
    const context = secureContextOptions(server);
    expect(context).toMatchObject({ minVersion: 'TLSv1.2' });
    expect(context.ca).toBeUndefined();
    expect(context.allowPartialTrustChain).toBeUndefined();
  });

  it('adds the pinned certificate and extra CAs beside the roots, and no SNI for an IP literal', () => {
    const server = {
      host: '[::1]',
      port: 993,
      security: 'tls' as const,
      trustedCertificate: rigTrust(rig),
    };
    expect(tlsOptions(server, [rig.certificate.pem]).servername).toBeUndefined();
    const options = secureContextOptions(server, ['-----EXTRA-----']);
    const ca = options.ca as string[];
    expect(ca).toHaveLength(rootCertificates.length + 2);
    expect(ca).toContain('-----EXTRA-----');
    expect(options.allowPartialTrustChain).toBe(true);
  });

  it('shares one secure context among servers that trust the same anchors', () => {
    const imap = { host: rig.hostname, port: 993, security: 'tls' as const };
    const smtp = { host: rig.hostname, port: 465, security: 'tls' as const };
    const extra = [rig.certificate.pem];
    const shared = tlsOptions(imap, extra).secureContext;
    expect(shared).toBeDefined();
    expect(tlsOptions(smtp, [...extra]).secureContext).toBe(shared);
    expect(tlsOptions(smtp).secureContext).not.toBe(shared);
    expect(
      tlsOptions({ ...smtp, trustedCertificate: rigTrust(rig) }, extra).secureContext,
    ).not.toBe(shared);
  });

  it('ignores a pin whose PEM does not have the stated fingerprint, or does not parse', () => {
    expect(pinnedCertificatePem(rigTrust(rig))).toContain('BEGIN CERTIFICATE');
    expect(
      pinnedCertificatePem({ pem: rig.certificate.pem, fingerprint256: leaf.fingerprint256 }),
    ).toBeUndefined();
    expect(
      pinnedCertificatePem({
        pem: 'not a certificate',
        fingerprint256: rig.certificate.fingerprint256,
      }),
    ).toBeUndefined();
  });

  it('trusts a pinned leaf even when it is not self-signed, for its own name only', async () => {
    const server = { host: rig.hostname, port: leafServer.port, security: 'tls' as const };
    expect(await handshake(server)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    const trustedCertificate = { pem: leaf.cert, fingerprint256: leaf.fingerprint256 };
    expect(await handshake({ ...server, trustedCertificate })).toBe('ok');
    expect(await handshake({ ...server, host: rig.mismatchedHostname, trustedCertificate })).toBe(
      'ERR_TLS_CERT_ALTNAME_INVALID',
    );
  });
});

describe('resolveHostAddress', () => {
  it('resolves through the injected DNS and passes IP literals through', async () => {
    expect(await resolveHostAddress(rig.hostname, dns)).toBe('127.0.0.1');
    expect(await resolveHostAddress('[::1]', dns)).toBe('::1');
  });

  it('turns an unknown name into DNS_NOT_FOUND', async () => {
    const failure: unknown = await resolveHostAddress('nowhere.example.test', dns).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(AppFailure);
    expect((failure as AppFailure).error.code).toBe('DNS_NOT_FOUND');
  });

  it('turns a resolver that throws a plain error into DNS_NOT_FOUND', async () => {
    const broken = { ...dns, lookupHost: () => Promise.reject(new Error('resolver exploded')) };
    const failure: unknown = await resolveHostAddress('mail.example.test', broken).catch(
      (error: unknown) => error,
    );
    expect((failure as AppFailure).error).toMatchObject({ code: 'DNS_NOT_FOUND' });
  });
});
