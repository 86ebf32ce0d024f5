/**
 * OAuth 2 authorization servers: Google and Microsoft with their published endpoints, and any
 * OpenID provider found by discovery. Client ids (and, for Google's desktop clients, the client
 * "secret" Google issues with them, which an installed app cannot keep secret anyway) come from
 * the environment or the settings, never from the source code: each organisation registers its
 * own app with Google and Microsoft.
 */
import { z } from 'zod';
import type { ProviderId } from '../../../shared/account';
import { AppFailure, appError } from '../../../shared/errors';
import type { SettingsStore } from '../ports';
import { jsonObject, oauthFetch, secureEndpoint, type OAuthHttpDeps } from './oauth-http';

/** Which kind of authorization server an account signs in with. */
export type OAuthProviderKind = 'google' | 'microsoft' | 'oidc';

/** The app's registration at a provider. */
export interface OAuthClient {
  readonly clientId: string;
  /** Only where the provider requires one even for installed apps (Google). */
  readonly clientSecret?: string;
}

/** Everything a sign-in and a refresh need to know about an authorization server. */
export interface OAuthProvider {
  readonly kind: OAuthProviderKind;
  /** Shown to the user ("Sign in with ..."). */
  readonly name: string;
  /** The issuer identifier; compared with the `iss` of authorization responses (RFC 9207). */
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly revocationEndpoint?: string;
  readonly scopes: readonly string[];
  /**
   * The server promises `iss` in every authorization response (RFC 9207 section 3), so one
   * without it is refused. Where false, an `iss` that is present is still checked.
   */
  readonly issParameterSupported: boolean;
  /** Provider-specific parameters of the authorization request. */
  readonly extraAuthorizationParameters: Readonly<Record<string, string>>;
  readonly client: OAuthClient;
}

/** Full IMAP and SMTP access (Google's only mail scope that covers both), plus the address. */
export const GOOGLE_SCOPES: readonly string[] = ['https://mail.google.com/', 'openid', 'email'];

/** IMAP and SMTP for Exchange Online; offline_access asks for a refresh token. */
export const MICROSOFT_SCOPES: readonly string[] = [
  'https://outlook.office.com/IMAP.AccessAsUser.All',
  'https://outlook.office.com/SMTP.Send',
  'offline_access',
  'openid',
  'email',
];

/** Scopes for a self-hosted OpenID provider when the user gives none. */
export const DEFAULT_OIDC_SCOPES: readonly string[] = ['openid', 'email', 'offline_access'];

/** Google's OAuth 2 endpoints for installed apps. */
export function googleProvider(client: OAuthClient): OAuthProvider {
  return {
    kind: 'google',
    name: 'Google',
    issuer: 'https://accounts.google.com',
    authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenEndpoint: 'https://oauth2.googleapis.com/token',
    revocationEndpoint: 'https://oauth2.googleapis.com/revoke',
    scopes: GOOGLE_SCOPES,
    issParameterSupported: false,
    // Google returns a refresh token only for access_type=offline, and again after the first
    // consent only when asked to show the consent screen.
    extraAuthorizationParameters: { access_type: 'offline', prompt: 'consent' },
    client,
  };
}

/**
 * Microsoft identity platform v2.0 endpoints. `tenant` is "common" (work, school and personal
 * accounts), "organizations", "consumers" or a tenant id. With "common" the issuer differs per
 * tenant, so there is no fixed issuer to compare an `iss` with; Microsoft sends none anyway.
 */
export function microsoftProvider(client: OAuthClient, tenant = 'common'): OAuthProvider {
  if (!/^[A-Za-z0-9.-]{1,100}$/.test(tenant)) {
    throw new AppFailure(appError('INVALID_INPUT', `"${tenant}" is not a Microsoft tenant.`));
  }
  const base = `https://login.microsoftonline.com/${tenant}`;
  return {
    kind: 'microsoft',
    name: 'Microsoft',
    issuer: `${base}/v2.0`,
    authorizationEndpoint: `${base}/oauth2/v2.0/authorize`,
    tokenEndpoint: `${base}/oauth2/v2.0/token`,
    scopes: MICROSOFT_SCOPES,
    issParameterSupported: false,
    extraAuthorizationParameters: {},
    client,
  };
}

/** The OAuth provider of a detected mailbox provider, where it has one. */
export function oauthKindOf(provider: ProviderId): 'google' | 'microsoft' | undefined {
  if (provider === 'gmail') return 'google';
  if (provider === 'microsoft') return 'microsoft';
  return undefined;
}

/** The settings key holding client registrations: `{ google?: {...}, microsoft?: {...} }`. */
export const OAUTH_CLIENTS_SETTING = 'oauthClients';

/** One registration in the settings, as an administrator or the user enters it. */
const clientSettingsSchema = z.object({
  clientId: z.string().trim().min(1).max(500),
  clientSecret: z.string().trim().min(1).max(500).optional(),
  tenant: z.string().trim().min(1).max(100).optional(),
});

/** Environment variable names per provider, e.g. MAILCRM_GOOGLE_CLIENT_ID. */
function envName(kind: 'google' | 'microsoft', field: string): string {
  return `MAILCRM_${kind.toUpperCase()}_${field}`;
}

/** Where client registrations are read from. */
export interface OAuthConfigSources {
  readonly settings: SettingsStore;
  /** The process environment (composition roots pass process.env). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A registration with its Microsoft tenant, as configured. */
interface ConfiguredClient {
  readonly client: OAuthClient;
  readonly tenant?: string;
}

/**
 * The configured registration for Google or Microsoft, or undefined. The environment
 * (MAILCRM_GOOGLE_CLIENT_ID, MAILCRM_GOOGLE_CLIENT_SECRET, MAILCRM_MICROSOFT_CLIENT_ID,
 * MAILCRM_MICROSOFT_TENANT) wins over the settings entry `oauthClients.google` /
 * `oauthClients.microsoft`, so an administrator can impose the organisation's registration.
 */
function configuredClient(
  kind: 'google' | 'microsoft',
  sources: OAuthConfigSources,
): ConfiguredClient | undefined {
  const all = sources.settings.get<Readonly<Record<string, unknown>>>(OAUTH_CLIENTS_SETTING);
  const stored = clientSettingsSchema.safeParse(all?.[kind]);
  const fromSettings = stored.success ? stored.data : undefined;
  const env = (field: string): string | undefined => {
    const value = sources.env[envName(kind, field)]?.trim();
    return value === undefined || value.length === 0 ? undefined : value;
  };
  const clientId = env('CLIENT_ID') ?? fromSettings?.clientId;
  if (clientId === undefined) return undefined;
  const clientSecret = env('CLIENT_SECRET') ?? fromSettings?.clientSecret;
  const tenant = env('TENANT') ?? fromSettings?.tenant;
  return {
    client: { clientId, ...(clientSecret === undefined ? {} : { clientSecret }) },
    ...(tenant === undefined ? {} : { tenant }),
  };
}

/**
 * The provider for Google or Microsoft sign-in with the configured registration (see
 * configuredClient); INVALID_INPUT naming the setting when there is none.
 */
export function configuredProvider(
  kind: 'google' | 'microsoft',
  sources: OAuthConfigSources,
): OAuthProvider {
  const configured = configuredClient(kind, sources);
  if (configured === undefined) {
    const name = kind === 'google' ? 'Google' : 'Microsoft';
    throw new AppFailure(
      appError('INVALID_INPUT', `No OAuth client is configured for ${name} sign-in.`, {
        hint: `Register mailcrm with ${name} (see the README), then set ${envName(kind, 'CLIENT_ID')} or the "${OAUTH_CLIENTS_SETTING}.${kind}" setting.`,
        retryable: false,
      }),
    );
  }
  return kind === 'google'
    ? googleProvider(configured.client)
    : microsoftProvider(configured.client, configured.tenant);
}

/**
 * The client secret for a stored grant, looked up in the configuration at refresh time (for
 * TokenManagerDeps.clientSecretFor): only for the registration the grant was made with.
 */
export function configuredClientSecret(
  sources: OAuthConfigSources,
): (binding: {
  readonly kind: OAuthProviderKind;
  readonly clientId: string;
}) => string | undefined {
  return (binding) => {
    if (binding.kind === 'oidc') return undefined;
    const configured = configuredClient(binding.kind, sources);
    return configured?.client.clientId === binding.clientId
      ? configured.client.clientSecret
      : undefined;
  };
}

/** OpenID Connect Discovery 1.0 section 4: the issuer without a trailing slash, plus the path. */
function discoveryUrl(issuer: string): URL {
  return secureEndpoint(
    `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
    'discovery address',
  );
}

function stringList(value: unknown): readonly string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
    ? value
    : undefined;
}

/**
 * Any OpenID provider, by discovery (/.well-known/openid-configuration). The document must name
 * the same issuer it was fetched for (Discovery section 4.3, against mix-up attacks), offer the
 * code flow, and, where it lists PKCE methods, S256.
 */
export async function discoverProvider(
  issuer: string,
  client: OAuthClient,
  options: OAuthHttpDeps & { readonly scopes?: readonly string[] } = {},
): Promise<OAuthProvider> {
  const url = discoveryUrl(issuer);
  const response = await oauthFetch(url, { headers: { accept: 'application/json' } }, options);
  if (!response.ok) {
    throw new AppFailure(
      appError('PROTOCOL', `${url.host} has no OpenID configuration (HTTP ${response.status}).`, {
        hint: 'Check the issuer address of your sign-in provider.',
      }),
    );
  }
  const document = await jsonObject(response, 'OpenID configuration');
  if (document.issuer !== issuer) {
    throw new AppFailure(
      appError(
        'PROTOCOL',
        `The OpenID configuration at ${url.host} names the issuer "${String(document.issuer)}", not "${issuer}".`,
        { retryable: false },
      ),
    );
  }
  const responseTypes = stringList(document.response_types_supported) ?? [];
  const pkceMethods = stringList(document.code_challenge_methods_supported);
  if (
    !responseTypes.includes('code') ||
    (pkceMethods !== undefined && !pkceMethods.includes('S256'))
  ) {
    throw new AppFailure(
      appError(
        'AUTH_MECHANISM_UNSUPPORTED',
        `The sign-in provider ${url.host} does not offer the authorization code flow with PKCE (S256).`,
        { retryable: false },
      ),
    );
  }
  const revocation =
    document.revocation_endpoint === undefined
      ? {}
      : {
          revocationEndpoint: secureEndpoint(document.revocation_endpoint, 'revocation endpoint')
            .href,
        };
  return {
    kind: 'oidc',
    name: url.host,
    issuer,
    authorizationEndpoint: secureEndpoint(document.authorization_endpoint, 'authorization endpoint')
      .href,
    tokenEndpoint: secureEndpoint(document.token_endpoint, 'token endpoint').href,
    ...revocation,
    scopes: options.scopes ?? DEFAULT_OIDC_SCOPES,
    issParameterSupported: document.authorization_response_iss_parameter_supported === true,
    extraAuthorizationParameters: {},
    client,
  };
}
