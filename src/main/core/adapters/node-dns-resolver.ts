/**
 * The DnsResolver port over node:dns. With explicit servers (tests, or a DNS server the user set)
 * every query goes to those servers only; without, MX/SRV go to the system's configured servers
 * and host names go through the OS (getaddrinfo, so /etc/hosts and VPN split-DNS apply).
 */
import { lookup, Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AppFailure, appError, fail } from '../../../shared/errors';
import type { DnsResolver } from '../ports';

/** How long one query waits for an answer, and how many times it is sent. */
export interface NodeDnsResolverOptions {
  readonly timeoutMs?: number;
  readonly tries?: number;
}

// "No such name" (NXDOMAIN) and "no record of this type" (NODATA, RFC 2308 §2.2) are answers,
// not failures: detection simply moves on to its next step.
const NO_RECORDS = new Set(['ENOTFOUND', 'ENODATA']);
// The server did not answer at all: the network or the DNS server is down, so try again later.
const NO_ANSWER = new Set(['ETIMEOUT', 'ECONNREFUSED', 'EAI_AGAIN', 'ECANCELLED']);

/**
 * Creates a resolver. `servers` are "IP" or "IP:PORT" strings; when given, the system resolver
 * is never used, not even for host names.
 */
export function createNodeDnsResolver(
  servers?: readonly string[],
  options: NodeDnsResolverOptions = {},
): DnsResolver {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 3000, tries: options.tries ?? 2 });
  const ownServers = servers !== undefined && servers.length > 0;
  if (ownServers) resolver.setServers([...servers]);

  return {
    async resolveMx(domain) {
      try {
        return await resolver.resolveMx(domain);
      } catch (error) {
        if (NO_RECORDS.has(errorCode(error) ?? '')) return [];
        throw dnsFailure(error, `MX records of ${domain}`);
      }
    },
    async resolveSrv(name) {
      try {
        return await resolver.resolveSrv(name);
      } catch (error) {
        if (NO_RECORDS.has(errorCode(error) ?? '')) return [];
        throw dnsFailure(error, `SRV records of ${name}`);
      }
    },
    async lookupHost(host) {
      const literal = ipLiteral(host);
      if (literal !== undefined) return literal;
      return ownServers ? resolveWith(resolver, host) : lookupWithSystem(host);
    },
  };
}

/** An IP address written as one (IPv6 possibly in brackets, RFC 3986 §3.2.2), unbracketed. */
function ipLiteral(host: string): string | undefined {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return isIP(bare) === 0 ? undefined : bare;
}

/** A then AAAA through our own servers; IPv4 first because it is what most mail hosts serve. */
async function resolveWith(resolver: Resolver, host: string): Promise<string> {
  for (const family of [4, 6] as const) {
    let addresses: string[];
    try {
      addresses = family === 4 ? await resolver.resolve4(host) : await resolver.resolve6(host);
    } catch (error) {
      if (NO_RECORDS.has(errorCode(error) ?? '')) continue;
      throw dnsFailure(error, host);
    }
    const first = addresses[0];
    if (first !== undefined) return first;
  }
  return hostNotFound(host);
}

async function lookupWithSystem(host: string): Promise<string> {
  try {
    // ipv4first matches resolveWith: the port promises "A, then AAAA".
    const { address } = await lookup(host, { family: 0, order: 'ipv4first' });
    return address;
  } catch (error) {
    if (NO_RECORDS.has(errorCode(error) ?? '')) return hostNotFound(host);
    throw dnsFailure(error, host);
  }
}

function hostNotFound(host: string): never {
  return fail('DNS_NOT_FOUND', `The server name ${host} was not found in DNS`, {
    hint: 'Check the spelling of the server name',
  });
}

/** Turns a node:dns error into an AppFailure that says whether waiting may help. */
function dnsFailure(error: unknown, what: string): AppFailure {
  const code = errorCode(error) ?? 'unknown error';
  if (NO_ANSWER.has(code)) {
    return new AppFailure(
      appError('TIMEOUT', `No DNS server answered while looking up ${what} (${code})`, {
        hint: 'Check your internet connection, then try again',
      }),
    );
  }
  // SERVFAIL, REFUSED, a malformed answer: the domain's DNS is broken, often only for a while.
  return new AppFailure(
    appError('DNS_NOT_FOUND', `The DNS lookup of ${what} failed (${code})`, {
      hint: 'Try again in a few minutes, or enter the server names by hand',
      retryable: true,
    }),
  );
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error;
  return typeof code === 'string' ? code : undefined;
}
