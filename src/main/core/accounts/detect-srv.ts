/**
 * Detection by SRV records (RFC 6186): a domain may publish where its IMAP and submission
 * servers are. Implicit TLS services (_imaps, _submissions) are preferred over their STARTTLS
 * twins, as RFC 8314 recommends to mail clients.
 */
import type { Security } from '../../../shared/account';
import type { DnsResolver } from '../ports';
import type { Endpoint } from './providers';

/** The SRV services to ask for, most preferred first, per side. */
const SERVICES: Readonly<
  Record<'imap' | 'smtp', readonly { label: string; security: Security }[]>
> = {
  imap: [
    { label: '_imaps._tcp', security: 'tls' },
    { label: '_imap._tcp', security: 'starttls' },
  ],
  smtp: [
    { label: '_submissions._tcp', security: 'tls' },
    { label: '_submission._tcp', security: 'starttls' },
  ],
};

/** The servers a domain's SRV records name; a side is missing when no record offers it. */
export interface SrvServers {
  readonly imap?: Endpoint;
  readonly smtp?: Endpoint;
}

/** Looks up the RFC 6186 records of `domain`; all four names are asked at once. */
export async function findSrvServers(domain: string, dns: DnsResolver): Promise<SrvServers> {
  const [imap, smtp] = await Promise.all([
    firstOffered(domain, SERVICES.imap, dns),
    firstOffered(domain, SERVICES.smtp, dns),
  ]);
  return { ...(imap === undefined ? {} : { imap }), ...(smtp === undefined ? {} : { smtp }) };
}

async function firstOffered(
  domain: string,
  services: readonly { label: string; security: Security }[],
  dns: DnsResolver,
): Promise<Endpoint | undefined> {
  const answers = await Promise.all(
    services.map((service) => dns.resolveSrv(`${service.label}.${domain}`)),
  );
  for (const [index, service] of services.entries()) {
    const best = bestTarget(answers[index] ?? []);
    if (best !== undefined) return { ...best, security: service.security };
  }
  return undefined;
}

/**
 * The record to suggest: lowest priority first (RFC 2782), then the highest weight, as the
 * server meant to take most of the load. A target of "." means "decidedly not available"
 * (RFC 2782, RFC 6186 §3.4), so such records are skipped.
 */
function bestTarget(
  records: readonly { name: string; port: number; priority: number; weight: number }[],
): { host: string; port: number } | undefined {
  const offered = records
    .map((record) => ({ ...record, host: record.name.toLowerCase().replace(/\.$/, '') }))
    .filter((record) => record.host !== '' && record.port > 0)
    .sort((a, b) => a.priority - b.priority || b.weight - a.weight);
  const best = offered[0];
  return best === undefined ? undefined : { host: best.host, port: best.port };
}
