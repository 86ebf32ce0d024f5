/**
 * Suggests IMAP and SMTP settings for an email address, trying in order: the built-in preset
 * table, the domain's MX records (a custom domain hosted by a known provider), RFC 6186 SRV
 * records, and a guess (imap./mail./smtp.) confirmed by a TCP connection. The user may change
 * every field afterwards; this only saves typing.
 */
import type { DetectionResult, DetectionSource } from '../../../shared/account';
import { AppFailure, fail } from '../../../shared/errors';
import type { DnsResolver } from '../ports';
import { domainOfAddress } from './detect-address';
import {
  DEFAULT_GUESS_PORTS,
  guessServer,
  tcpProbe,
  type GuessPorts,
  type Probe,
} from './detect-guess';
import { detectByMx } from './detect-mx';
import { findSrvServers } from './detect-srv';
import { customSettings, presetForDomain, type Endpoint, type ProviderSettings } from './providers';

/** What detection needs from the world. */
export interface DetectDeps {
  readonly dns: DnsResolver;
  /**
   * Tells whether a TCP connection to an IP address and port can be opened; called with the
   * address `dns.lookupHost` returned. Default: a node:net connect with `timeoutMs`.
   */
  readonly probe?: Probe;
  /** Ports a guess tries, most preferred first. Default: IMAP 993, 143; SMTP 465, 587. */
  readonly guessPorts?: GuessPorts;
  /** Milliseconds one probe may take. Default 4000. */
  readonly timeoutMs?: number;
}

const DEFAULT_PROBE_TIMEOUT_MS = 4000;

/**
 * Detects the provider and servers for `address`. Throws AppFailure 'INVALID_INPUT' for an
 * address without a valid domain, 'NOT_FOUND' when no step finds both servers, and 'TIMEOUT'
 * when DNS does not answer at all.
 */
export async function detectProvider(address: string, deps: DetectDeps): Promise<DetectionResult> {
  const domain = domainOfAddress(address);

  const preset = presetForDomain(domain);
  if (preset !== undefined) return withSource(preset, 'preset');

  // A broken answer for one lookup (SERVFAIL) should not stop the next step; it is reported
  // only if no step finds anything, because then it is the likely reason.
  const failures: AppFailure[] = [];

  const byMx = await tolerate(() => detectByMx(domain, deps.dns), failures);
  if (byMx !== undefined) return withSource(byMx, 'mx');

  const srv = (await tolerate(() => findSrvServers(domain, deps.dns), failures)) ?? {};

  const guessDeps = {
    dns: deps.dns,
    probe: deps.probe ?? tcpProbe(deps.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS),
    ports: deps.guessPorts ?? DEFAULT_GUESS_PORTS,
  };
  const guess = async (side: 'imap' | 'smtp'): Promise<Endpoint | undefined> => {
    const outcome = await guessServer(domain, side, guessDeps);
    if (outcome.dnsFailure !== undefined) failures.push(outcome.dnsFailure);
    return outcome.endpoint;
  };
  // A domain may publish SRV for one side only; the other side is then guessed.
  const [imap, smtp] = await Promise.all([srv.imap ?? guess('imap'), srv.smtp ?? guess('smtp')]);

  if (imap !== undefined && smtp !== undefined) {
    const source: DetectionSource =
      srv.imap !== undefined || srv.smtp !== undefined ? 'srv' : 'guess';
    return withSource(customSettings(imap, smtp), source);
  }
  const firstFailure = failures[0];
  if (firstFailure !== undefined) throw firstFailure;
  return notFound(domain, imap, smtp);
}

function notFound(domain: string, imap?: Endpoint, smtp?: Endpoint): never {
  const hint = "Enter the IMAP and SMTP servers by hand (your provider's help pages list them)";
  if (imap !== undefined) {
    fail('NOT_FOUND', `Found the IMAP server ${imap.host} but no SMTP server for ${domain}`, {
      hint,
    });
  }
  if (smtp !== undefined) {
    fail('NOT_FOUND', `Found the SMTP server ${smtp.host} but no IMAP server for ${domain}`, {
      hint,
    });
  }
  return fail('NOT_FOUND', `Could not find mail settings for ${domain}`, { hint });
}

/**
 * Runs a DNS step; an AppFailure is kept in `failures` and the step counts as "found nothing",
 * except TIMEOUT: when no DNS server answers, later steps would only wait for the same silence.
 */
async function tolerate<T>(step: () => Promise<T>, failures: AppFailure[]): Promise<T | undefined> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof AppFailure) || error.error.code === 'TIMEOUT') throw error;
    failures.push(error);
    return undefined;
  }
}

function withSource(settings: ProviderSettings, source: DetectionSource): DetectionResult {
  return { ...settings, source };
}
