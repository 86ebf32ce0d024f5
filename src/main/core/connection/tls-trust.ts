/**
 * Where and how to connect to a mail server: the IP address resolved through the injected DNS
 * port (so the app and the tests decide name resolution, never the system resolver behind our
 * back), and the TLS options that decide which certificates are trusted.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import {
  createSecureContext,
  rootCertificates,
  type ConnectionOptions,
  type SecureContext,
  type SecureContextOptions,
} from 'node:tls';
import type { ServerSettings } from '../../../shared/account';
import { AppFailure, appError, isAppError } from '../../../shared/errors';
import type { DnsResolver, Logger } from '../ports';

/** What a connection check needs from its composition root. */
export interface ConnectionDeps {
  readonly dns: DnsResolver;
  /** Extra CA certificates (PEM), e.g. a company CA, trusted beside Node's roots. */
  readonly extraCaPem?: readonly string[];
  /** Milliseconds each connection step (connect, greeting, TLS, each reply) may take. */
  readonly timeoutMs?: number;
  /** Told about problems that do not change the result, such as an unreadable certificate. */
  readonly logger?: Logger;
}

/** The default for `ConnectionDeps.timeoutMs`: long enough for a slow provider, short for a UI. */
export const DEFAULT_TIMEOUT_MS = 20_000;

/** The address to open a socket to and the TLS options for that socket. */
export interface ConnectionTarget {
  /** An IP address (v4 or v6, without brackets). */
  readonly address: string;
  readonly port: number;
  /** TLS options with `servername` set to the configured host (SNI and the hostname check). */
  readonly tls: ConnectionOptions;
}

/** A host as typed, without the brackets of an IPv6 literal ("[::1]" → "::1"). */
function bareHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Resolves a configured host to the IP address to connect to. An IP literal is used as is; a
 * name goes through `dns.lookupHost`, and any failure there is DNS_NOT_FOUND.
 */
export async function resolveHostAddress(host: string, dns: DnsResolver): Promise<string> {
  const bare = bareHost(host);
  if (isIP(bare) !== 0) return bare;
  try {
    return await dns.lookupHost(bare);
  } catch (thrown) {
    // A resolver that already classified the failure (e.g. TIMEOUT) keeps its verdict.
    if (thrown instanceof AppFailure) throw thrown;
    if (isAppError(thrown)) throw new AppFailure(thrown);
    const detail = thrown instanceof Error ? thrown.message : String(thrown);
    throw new AppFailure(
      appError('DNS_NOT_FOUND', `The server name ${bare} could not be found.`, {
        hint: `Check the spelling of the server name and that this computer is online. (${detail})`,
      }),
    );
  }
}

/**
 * The PEM of a certificate the user trusted, re-encoded from the parsed certificate, or
 * undefined when the PEM does not parse or its SHA-256 fingerprint is not the one the user saw.
 * The fingerprint is what the user compared and agreed to; a PEM that does not match it trusts
 * nothing, and the connection then fails as TLS_CERT_UNTRUSTED and shows the real certificate.
 * Re-encoding keeps a PEM with several certificates from smuggling in extra trust anchors.
 */
export function pinnedCertificatePem(
  trusted: ServerSettings['trustedCertificate'],
): string | undefined {
  if (trusted === undefined) return undefined;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(trusted.pem);
  } catch (thrown) {
    // Deliberately not rethrown: an unreadable pin must degrade to "not trusted", never to an
    // error that hides what the server presents (see above).
    if (!(thrown instanceof Error)) throw thrown;
    return undefined;
  }
  return certificate.fingerprint256 === trusted.fingerprint256.toUpperCase()
    ? certificate.toString()
    : undefined;
}

/** The anchors a server adds to Node's roots: `extraCaPem`, then its pinned certificate. */
interface ExtraTrust {
  readonly anchors: readonly string[];
  /** Whether the last anchor is the server's pinned certificate. */
  readonly pinned: boolean;
}

function extraTrust(server: ServerSettings, extraCaPem: readonly string[]): ExtraTrust {
  const pinned = pinnedCertificatePem(server.trustedCertificate);
  return {
    anchors: [...extraCaPem, ...(pinned !== undefined ? [pinned] : [])],
    pinned: pinned !== undefined,
  };
}

function contextOptions(trust: ExtraTrust): SecureContextOptions {
  return {
    minVersion: 'TLSv1.2',
    // `ca` replaces Node's roots, so they are listed again beside the extra anchors.
    ...(trust.anchors.length > 0 ? { ca: [...rootCertificates, ...trust.anchors] } : {}),
    // A pinned certificate need not be self-signed (a leaf from a private CA): let chain
    // building stop at it (OpenSSL X509_V_FLAG_PARTIAL_CHAIN). Node's roots are all
    // self-signed, so this widens trust only to what the user or the admin added.
    ...(trust.pinned ? { allowPartialTrustChain: true } : {}),
  };
}

/**
 * What decides which certificates one server's connections trust: Node's root CAs plus
 * `extraCaPem` plus the server's pinned certificate (a trust anchor for this account only).
 */
export function secureContextOptions(
  server: ServerSettings,
  extraCaPem: readonly string[] = [],
): SecureContextOptions {
  return contextOptions(extraTrust(server, extraCaPem));
}

/** Secure contexts by the trust they carry; a handful of accounts make a handful of entries. */
const contexts = new Map<string, SecureContext>();
const MAX_CONTEXTS = 16;

/**
 * One SecureContext per set of trust anchors, shared by every connection that trusts the same
 * set: building one parses Node's ~140 root PEMs again (about 30 ms of CPU), which per
 * connection was a visible share of a mail merge's sending. A context holds only trust anchors
 * and protocol limits (no session, no client key), so sharing it shares nothing else.
 */
function sharedSecureContext(trust: ExtraTrust): SecureContext {
  const key = JSON.stringify(trust);
  const context = contexts.get(key) ?? createSecureContext(contextOptions(trust));
  // Re-inserted last: the least recently used set is the one dropped.
  contexts.delete(key);
  contexts.set(key, context);
  for (const oldest of contexts.keys()) {
    if (contexts.size <= MAX_CONTEXTS) break;
    contexts.delete(oldest);
  }
  return context;
}

/**
 * TLS options for one server: a shared SecureContext that trusts what secureContextOptions
 * lists, with hostname verification left on. `servername` is the configured name unless it is
 * an IP literal (RFC 6066 forbids IP literals in SNI; Node then checks the certificate against
 * the IP it connects to).
 */
export function tlsOptions(
  server: ServerSettings,
  extraCaPem: readonly string[] = [],
): ConnectionOptions {
  const host = bareHost(server.host);
  return {
    rejectUnauthorized: true,
    ...(isIP(host) === 0 ? { servername: host } : {}),
    // tls.connect takes the context as it is, and would ignore `ca` or `minVersion` beside it.
    secureContext: sharedSecureContext(extraTrust(server, extraCaPem)),
  };
}

/** Resolves the server's address and builds its TLS options, ready for imapflow or nodemailer. */
export async function connectionTarget(
  server: ServerSettings,
  deps: ConnectionDeps,
): Promise<ConnectionTarget> {
  const address = await resolveHostAddress(server.host, deps.dns);
  return { address, port: server.port, tls: tlsOptions(server, deps.extraCaPem) };
}
