/**
 * Detection by MX record: a custom domain whose mail is hosted by a known provider (Google
 * Workspace, Microsoft 365, ...) uses that provider's IMAP and SMTP servers.
 */
import type { DnsResolver } from '../ports';
import {
  providerSettings,
  type Endpoint,
  type PresetProviderId,
  type ProviderSettings,
} from './providers';

/** MX host suffixes that identify a provider, and the servers its hosted domains use. */
interface MxRule {
  readonly provider: PresetProviderId;
  /** Matches the exchange itself or any name below it. */
  readonly suffixes: readonly string[];
  /** Servers for hosted domains when they differ from the provider's consumer servers. */
  readonly servers?: { readonly imap: Endpoint; readonly smtp: Endpoint };
}

const MX_RULES: readonly MxRule[] = [
  // Google Workspace: aspmx.l.google.com and alternates, smtp.google.com, aspmx2.googlemail.com.
  { provider: 'gmail', suffixes: ['google.com', 'googlemail.com'] },
  {
    // Microsoft 365: <tenant>.mail.protection.outlook.com. Its SMTP submission host is
    // smtp.office365.com, not the consumer smtp-mail.outlook.com.
    provider: 'microsoft',
    suffixes: ['outlook.com'],
    servers: {
      imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
      smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
    },
  },
  // AOL's exchanges live under Yahoo's DNS too, so this rule must come before Yahoo's.
  { provider: 'aol', suffixes: ['mx-aol.mail.gm0.yahoodns.net'] },
  { provider: 'yahoo', suffixes: ['yahoodns.net'] },
  // iCloud+ custom domains: mx01.mail.icloud.com, mx02.mail.icloud.com.
  { provider: 'icloud', suffixes: ['mail.icloud.com'] },
  // Zoho organisations use the "pro" hosts, per data centre (Zoho's help: "organization users").
  zohoRule('com'),
  zohoRule('eu'),
  zohoRule('in'),
  zohoRule('com.au'),
  zohoRule('jp'),
  { provider: 'fastmail', suffixes: ['messagingengine.com'] },
  // Yandex 360 for business: mx.yandex.net.
  { provider: 'yandex', suffixes: ['yandex.net', 'yandex.ru'] },
  // Proton custom domains: mail.protonmail.ch, mailsec.protonmail.ch; reached through Bridge.
  { provider: 'proton-bridge', suffixes: ['protonmail.ch'] },
];

function zohoRule(tld: string): MxRule {
  return {
    provider: 'zoho',
    suffixes: [`zoho.${tld}`],
    servers: {
      imap: { host: `imappro.zoho.${tld}`, port: 993, security: 'tls' },
      smtp: { host: `smtppro.zoho.${tld}`, port: 465, security: 'tls' },
    },
  };
}

/** The provider hosting `domain`'s mail according to its MX records, if we know it. */
export async function detectByMx(
  domain: string,
  dns: DnsResolver,
): Promise<ProviderSettings | undefined> {
  const records = await dns.resolveMx(domain);
  // Most preferred first (lowest preference value, RFC 5321 §5.1): a backup MX at a known
  // provider says less about where the mailboxes are than the primary does.
  const exchanges = [...records]
    .sort((a, b) => a.priority - b.priority)
    .map((record) => record.exchange.toLowerCase().replace(/\.$/, ''));
  for (const exchange of exchanges) {
    const rule = MX_RULES.find((candidate) =>
      candidate.suffixes.some((suffix) => exchange === suffix || exchange.endsWith(`.${suffix}`)),
    );
    if (rule !== undefined) return providerSettings(rule.provider, rule.servers);
  }
  return undefined;
}
