/**
 * The built-in provider table: server settings of the big mailbox providers, by address domain.
 * Detection (detect-provider.ts) tries this table first, then DNS. Host names, ports and
 * security come from each provider's own help pages; implicit TLS is preferred where the
 * provider offers it (RFC 8314).
 */
import type { DetectionResult, ProviderId, Security } from '../../../shared/account';
import { fail } from '../../../shared/errors';

/** A server's host, port and security, as suggested to the user. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
}

/** A provider that has presets (every provider but 'custom'). */
export type PresetProviderId = Exclude<ProviderId, 'custom'>;

/** What detection suggests, before it says where the suggestion came from. */
export type ProviderSettings = Omit<DetectionResult, 'source'>;

/** What is true of a provider whatever domain or server set is used. */
interface ProviderInfo {
  readonly name: string;
  readonly auth: 'password' | 'oauth';
  /** False where the provider's SMTP server files sent mail in Sent itself. */
  readonly copySentToSentFolder: boolean;
  /** Advice beside the password field and for AUTH_FAILED. */
  readonly hint?: string;
}

/** One row of the preset table: the domains that share one set of servers. */
export interface ProviderPreset {
  readonly provider: PresetProviderId;
  readonly domains: readonly string[];
  readonly imap: Endpoint;
  readonly smtp: Endpoint;
}

const PROVIDERS: Readonly<Record<ProviderId, ProviderInfo>> = {
  gmail: {
    name: 'Gmail / Google Workspace',
    auth: 'password',
    // Gmail's SMTP server files every sent message in [Gmail]/Sent Mail; an APPEND duplicates it.
    copySentToSentFolder: false,
    hint:
      'Use an app password, not your Google password: turn on 2-Step Verification, then create ' +
      'one at myaccount.google.com/apppasswords. On Google Workspace, your administrator must ' +
      'allow IMAP.',
  },
  microsoft: {
    name: 'Microsoft 365 / Outlook.com',
    // Microsoft has turned basic authentication off for IMAP and SMTP (Exchange Online, 2022-2026).
    auth: 'oauth',
    copySentToSentFolder: false,
    hint:
      'Microsoft no longer accepts passwords for IMAP and SMTP: sign in with your Microsoft ' +
      'account (OAuth) instead.',
  },
  yahoo: {
    name: 'Yahoo Mail',
    auth: 'password',
    copySentToSentFolder: false,
    hint:
      'Use an app password, not your Yahoo password: create one under Account Info → Account ' +
      'security → Generate app password.',
  },
  icloud: {
    name: 'iCloud Mail',
    auth: 'password',
    copySentToSentFolder: true,
    hint:
      'Use an app-specific password: create one at appleid.apple.com (Sign-In and Security → ' +
      'App-Specific Passwords; two-factor authentication must be on). Log in with your iCloud ' +
      'address.',
  },
  aol: {
    name: 'AOL Mail',
    auth: 'password',
    copySentToSentFolder: true,
    hint:
      'Use an app password, not your AOL password: create one under Account Info → Account ' +
      'security → Generate app password.',
  },
  zoho: {
    name: 'Zoho Mail',
    auth: 'password',
    copySentToSentFolder: true,
    hint:
      'Turn on IMAP access in Zoho Mail (Settings → Mail Accounts → IMAP Access). With ' +
      'two-factor authentication on, use an application-specific password from accounts.zoho.com.',
  },
  fastmail: {
    name: 'Fastmail',
    auth: 'password',
    copySentToSentFolder: true,
    hint:
      'Use an app password, not your Fastmail password: create one under Settings → Privacy & ' +
      'Security → App passwords, with access to IMAP and SMTP.',
  },
  gmx: {
    name: 'GMX',
    auth: 'password',
    copySentToSentFolder: true,
    hint:
      'Turn on POP3/IMAP access in GMX (E-mail → Settings → POP3 & IMAP). With two-factor ' +
      'authentication on, use an application-specific password.',
  },
  yandex: {
    name: 'Yandex Mail',
    auth: 'password',
    copySentToSentFolder: true,
    hint:
      'Turn on IMAP in Yandex Mail (Settings → Email clients), then use an app password from ' +
      'id.yandex.com → Security → App passwords.',
  },
  'proton-bridge': {
    name: 'Proton Mail (Bridge)',
    auth: 'password',
    // Proton keeps every message sent through Bridge in Sent; an APPEND would file it twice.
    copySentToSentFolder: false,
    hint:
      'Proton Mail Bridge must be running on this computer. Use the IMAP/SMTP password Bridge ' +
      'shows, not your Proton password, and trust Bridge’s own certificate when asked.',
  },
  custom: {
    name: 'Other IMAP/SMTP server',
    auth: 'password',
    copySentToSentFolder: true,
  },
};

const tls = (host: string, port: number): Endpoint => ({ host, port, security: 'tls' });
const starttls = (host: string, port: number): Endpoint => ({ host, port, security: 'starttls' });

/**
 * The preset table. The first row of a provider is its default server set (used when the MX
 * record names the provider but the domain is a custom one).
 */
export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  {
    provider: 'gmail',
    domains: ['gmail.com', 'googlemail.com'],
    imap: tls('imap.gmail.com', 993),
    smtp: tls('smtp.gmail.com', 465),
  },
  {
    // Outlook.com consumer addresses; Microsoft 365 custom domains are found by MX instead.
    provider: 'microsoft',
    domains: [
      'outlook.com',
      'hotmail.com',
      'live.com',
      'msn.com',
      'windowslive.com',
      'passport.com',
      'outlook.de',
      'outlook.fr',
      'outlook.es',
      'outlook.it',
      'outlook.jp',
      'outlook.com.au',
      'hotmail.co.uk',
      'hotmail.fr',
      'hotmail.de',
      'hotmail.it',
      'hotmail.es',
      'hotmail.nl',
      'hotmail.ca',
      'hotmail.com.au',
      'live.co.uk',
      'live.fr',
      'live.de',
      'live.it',
      'live.nl',
      'live.ca',
      'live.com.au',
    ],
    // Microsoft's Outlook.com page: SMTP is STARTTLS on 587 only (no implicit TLS on 465).
    imap: tls('outlook.office365.com', 993),
    smtp: starttls('smtp-mail.outlook.com', 587),
  },
  {
    provider: 'yahoo',
    domains: [
      'yahoo.com',
      'ymail.com',
      'rocketmail.com',
      'yahoo.co.uk',
      'yahoo.fr',
      'yahoo.de',
      'yahoo.it',
      'yahoo.es',
      'yahoo.ca',
      'yahoo.com.au',
      'yahoo.com.br',
      'yahoo.co.in',
      'yahoo.in',
    ],
    imap: tls('imap.mail.yahoo.com', 993),
    smtp: tls('smtp.mail.yahoo.com', 465),
  },
  {
    provider: 'icloud',
    domains: ['icloud.com', 'me.com', 'mac.com'],
    // Apple documents STARTTLS on 587 for iCloud SMTP.
    imap: tls('imap.mail.me.com', 993),
    smtp: starttls('smtp.mail.me.com', 587),
  },
  {
    provider: 'aol',
    domains: ['aol.com', 'aim.com'],
    imap: tls('imap.aol.com', 993),
    smtp: tls('smtp.aol.com', 465),
  },
  {
    provider: 'zoho',
    domains: ['zoho.com', 'zohomail.com'],
    imap: tls('imap.zoho.com', 993),
    smtp: tls('smtp.zoho.com', 465),
  },
  {
    provider: 'fastmail',
    domains: ['fastmail.com', 'fastmail.fm'],
    imap: tls('imap.fastmail.com', 993),
    smtp: tls('smtp.fastmail.com', 465),
  },
  {
    provider: 'gmx',
    domains: ['gmx.com', 'gmx.us'],
    imap: tls('imap.gmx.com', 993),
    smtp: tls('mail.gmx.com', 465),
  },
  {
    provider: 'gmx',
    domains: ['gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch'],
    imap: tls('imap.gmx.net', 993),
    smtp: tls('mail.gmx.net', 465),
  },
  {
    provider: 'yandex',
    domains: ['yandex.com', 'yandex.ru', 'ya.ru'],
    imap: tls('imap.yandex.com', 993),
    smtp: tls('smtp.yandex.com', 465),
  },
  {
    // Proton has no IMAP of its own: Bridge runs on the user's computer and listens on loopback,
    // STARTTLS on both ports with a certificate it generates.
    provider: 'proton-bridge',
    domains: ['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'],
    imap: starttls('127.0.0.1', 1143),
    smtp: starttls('127.0.0.1', 1025),
  },
];

const PRESET_BY_DOMAIN: ReadonlyMap<string, ProviderPreset> = new Map(
  PROVIDER_PRESETS.flatMap((preset) => preset.domains.map((domain) => [domain, preset] as const)),
);

/** The provider's display name, e.g. "Gmail / Google Workspace". */
export function providerName(provider: ProviderId): string {
  return PROVIDERS[provider].name;
}

/**
 * Advice for the password field and for an AUTH_FAILED error (app passwords, IMAP to turn on,
 * OAuth needed); undefined for a custom server.
 */
export function providerHint(provider: ProviderId): string | undefined {
  return PROVIDERS[provider].hint;
}

/**
 * Settings for a known provider: its default servers unless others are given (a Microsoft 365
 * or Zoho organisation found by MX uses other hosts than the consumer service).
 */
export function providerSettings(
  provider: PresetProviderId,
  servers?: { readonly imap: Endpoint; readonly smtp: Endpoint },
): ProviderSettings {
  const chosen = servers ?? PROVIDER_PRESETS.find((preset) => preset.provider === provider);
  if (chosen === undefined) {
    // Only reachable if a provider's row is deleted from the table above.
    fail('INTERNAL', `No preset servers are known for ${providerName(provider)}.`, {
      hint: 'Enter the IMAP and SMTP servers by hand.',
    });
  }
  return settingsFrom(provider, chosen.imap, chosen.smtp);
}

/** Settings for a server pair that no provider owns (found by SRV or a probed guess). */
export function customSettings(imap: Endpoint, smtp: Endpoint): ProviderSettings {
  return settingsFrom('custom', imap, smtp);
}

/** The preset for an address domain (lower-case ASCII, no trailing dot), if there is one. */
export function presetForDomain(domain: string): ProviderSettings | undefined {
  const preset = PRESET_BY_DOMAIN.get(domain);
  return preset === undefined ? undefined : settingsFrom(preset.provider, preset.imap, preset.smtp);
}

function settingsFrom(provider: ProviderId, imap: Endpoint, smtp: Endpoint): ProviderSettings {
  const info = PROVIDERS[provider];
  return {
    provider,
    providerName: info.name,
    imap: { ...imap },
    smtp: { ...smtp },
    auth: info.auth,
    copySentToSentFolder: info.copySentToSentFolder,
    ...(info.hint === undefined ? {} : { hint: info.hint }),
  };
}
