/**
 * Detection by guessing: imap./mail. and smtp./mail. host names on the standard ports, kept
 * only when the name resolves and a TCP connection to it succeeds. Nothing is sent on the
 * connection; Test Connection checks the protocol later.
 */
import { connect } from 'node:net';
import type { Security } from '../../../shared/account';
import { AppFailure } from '../../../shared/errors';
import type { DnsResolver } from '../ports';
import type { Endpoint } from './providers';

/** A port to try and the security it implies. */
export interface GuessPort {
  readonly port: number;
  readonly security: Security;
}

/** Ports to try per side, most preferred first. */
export interface GuessPorts {
  readonly imap: readonly GuessPort[];
  readonly smtp: readonly GuessPort[];
}

/** Tells whether a TCP connection to `address` (an IP) on `port` can be opened. */
export type Probe = (address: string, port: number) => Promise<boolean>;

/**
 * Implicit TLS before STARTTLS, as RFC 8314 recommends: IMAP 993 then 143, submission 465
 * (RFC 8314) then 587 (RFC 6409).
 */
export const DEFAULT_GUESS_PORTS: GuessPorts = {
  imap: [
    { port: 993, security: 'tls' },
    { port: 143, security: 'starttls' },
  ],
  smtp: [
    { port: 465, security: 'tls' },
    { port: 587, security: 'starttls' },
  ],
};

const HOST_PREFIXES: Readonly<Record<'imap' | 'smtp', readonly string[]>> = {
  imap: ['imap', 'mail'],
  smtp: ['smtp', 'mail'],
};

/** A probe that opens a TCP connection and closes it at once; false on error or timeout. */
export function tcpProbe(timeoutMs: number): Probe {
  return (address, port) =>
    new Promise<boolean>((resolve) => {
      const socket = connect({ host: address, port });
      const finish = (reachable: boolean): void => {
        socket.destroy();
        resolve(reachable);
      };
      socket.setTimeout(timeoutMs, () => finish(false));
      socket.once('connect', () => finish(true));
      // Refused, unreachable, reset: all mean "not this candidate", which is the answer we want.
      socket.once('error', () => finish(false));
    });
}

/** What a guess found for one side, and a DNS failure that may explain why it found nothing. */
export interface GuessOutcome {
  readonly endpoint?: Endpoint;
  readonly dnsFailure?: AppFailure;
}

/**
 * Finds the most preferred reachable candidate for one side. Host names are resolved and all
 * candidates probed in parallel, so the slowest probe bounds the wait, not their sum.
 */
export async function guessServer(
  domain: string,
  side: 'imap' | 'smtp',
  deps: { dns: DnsResolver; probe: Probe; ports: GuessPorts },
): Promise<GuessOutcome> {
  const hosts = HOST_PREFIXES[side].map((prefix) => `${prefix}.${domain}`);
  const resolved = await Promise.all(hosts.map((host) => resolveCandidate(host, deps.dns)));
  const probes = new Map<string, Promise<boolean>>();
  const probeOnce = (address: string, port: number): Promise<boolean> => {
    // imap.<domain> and mail.<domain> are often the same machine: connect once per address.
    const key = `${address}|${port}`;
    const known = probes.get(key);
    if (known !== undefined) return known;
    const started = deps.probe(address, port);
    probes.set(key, started);
    return started;
  };
  const candidates = deps.ports[side].flatMap((guess) =>
    resolved.flatMap((entry) =>
      entry.address === undefined
        ? []
        : [
            {
              endpoint: { host: entry.host, ...guess },
              reachable: probeOnce(entry.address, guess.port),
            },
          ],
    ),
  );
  const reachable = await Promise.all(candidates.map((candidate) => candidate.reachable));
  const found = candidates.find((_candidate, index) => reachable[index] === true);
  const dnsFailure = resolved.find((entry) => entry.failure !== undefined)?.failure;
  return {
    ...(found === undefined ? {} : { endpoint: found.endpoint }),
    ...(dnsFailure === undefined ? {} : { dnsFailure }),
  };
}

async function resolveCandidate(
  host: string,
  dns: DnsResolver,
): Promise<{ host: string; address?: string; failure?: AppFailure }> {
  try {
    return { host, address: await dns.lookupHost(host) };
  } catch (error) {
    // An unknown name is the usual, expected answer for a guess; only other failures (the DNS
    // server broke or went away) are worth reporting if nothing else is found.
    if (error instanceof AppFailure) {
      const unknownName = error.error.code === 'DNS_NOT_FOUND' && !error.error.retryable;
      return unknownName ? { host } : { host, failure: error };
    }
    throw error;
  }
}
