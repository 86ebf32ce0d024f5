/**
 * The token endpoint (RFC 6749 section 3.2): redeem an authorization code with its PKCE verifier
 * (section 4.1.3, RFC 7636 section 4.5), or a refresh token (section 6). An OAuth error answer
 * (section 5.2) comes back as data, because callers act on its code (`invalid_grant` means
 * "sign in again"); anything else that goes wrong is thrown as an AppFailure.
 */
import { AppFailure, appError } from '../../../shared/errors';
import type { Clock } from '../ports';
import { jsonObject, oauthFetch, secureEndpoint, type OAuthHttpDeps } from './oauth-http';
import type { OAuthClient } from './providers';

/** Tokens as received, with the access token's expiry on our clock. */
export interface TokenSet {
  readonly accessToken: string;
  /** When the access token expires (epoch ms): receipt time plus `expires_in`. */
  readonly expiresAt: number;
  /** Present when the server issued (or rotated) one. */
  readonly refreshToken?: string;
  readonly scope?: string;
}

/** A token endpoint answer: tokens, or the OAuth error it named. */
export type TokenOutcome =
  | { readonly ok: true; readonly tokens: TokenSet }
  | {
      readonly ok: false;
      /** RFC 6749 section 5.2: invalid_grant, invalid_client, invalid_request, ... */
      readonly error: string;
      readonly description?: string;
      readonly status: number;
    };

/** What a token request needs. */
export interface TokenEndpointDeps extends OAuthHttpDeps {
  readonly clock: Clock;
}

/**
 * Used when a server leaves `expires_in` out (RFC 6749 section 5.1 only recommends it). An hour
 * is what Google and Microsoft issue; a token that dies sooner is refreshed after the server
 * refuses it (token-manager.ts invalidate).
 */
const ASSUMED_LIFETIME_SECONDS = 3600;

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function parseTokens(body: Readonly<Record<string, unknown>>, receivedAt: number): TokenSet {
  const accessToken = optionalString(body.access_token);
  const tokenType = optionalString(body.token_type);
  // XOAUTH2 and OAUTHBEARER send the token as a bearer token (RFC 6750); nothing else fits.
  if (accessToken === undefined || tokenType?.toLowerCase() !== 'bearer') {
    throw new AppFailure(
      appError(
        'PROTOCOL',
        `The sign-in provider returned no bearer access token (token_type ${String(tokenType)}).`,
      ),
    );
  }
  const expiresIn =
    typeof body.expires_in === 'number' && body.expires_in > 0
      ? body.expires_in
      : typeof body.expires_in === 'string' && Number(body.expires_in) > 0
        ? Number(body.expires_in)
        : ASSUMED_LIFETIME_SECONDS;
  const refreshToken = optionalString(body.refresh_token);
  const scope = optionalString(body.scope);
  return {
    accessToken,
    expiresAt: receivedAt + expiresIn * 1000,
    ...(refreshToken === undefined ? {} : { refreshToken }),
    ...(scope === undefined ? {} : { scope }),
  };
}

/** POSTs a grant to the token endpoint with the client's identification (RFC 6749 2.3.1). */
export async function requestTokens(
  endpoint: string,
  client: OAuthClient,
  grant: Readonly<Record<string, string>>,
  deps: TokenEndpointDeps,
): Promise<TokenOutcome> {
  const url = secureEndpoint(endpoint, 'token endpoint');
  const body = new URLSearchParams({ ...grant, client_id: client.clientId });
  // client_secret_post: Google's installed-app clients carry a secret it does not treat as one.
  if (client.clientSecret !== undefined) body.set('client_secret', client.clientSecret);
  const sentAt = deps.clock.now();
  const response = await oauthFetch(
    url,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: body.toString(),
    },
    deps,
  );
  if (response.ok) {
    // The request's start, not its end: the token cannot outlive what the server granted.
    return { ok: true, tokens: parseTokens(await jsonObject(response, 'token answer'), sentAt) };
  }
  if (response.status === 400 || response.status === 401) {
    const answer = await jsonObject(response, 'token error');
    const error = optionalString(answer.error);
    if (error !== undefined) {
      const description = optionalString(answer.error_description);
      return {
        ok: false,
        error,
        status: response.status,
        ...(description === undefined ? {} : { description }),
      };
    }
  }
  const busy = response.status === 429 || response.status === 503;
  throw new AppFailure(
    appError(
      busy ? 'THROTTLED' : 'PROTOCOL',
      `The sign-in provider ${url.host} answered HTTP ${response.status} to a token request.`,
      { retryable: busy || response.status >= 500 },
    ),
  );
}

/** Redeems an authorization code (RFC 6749 section 4.1.3) with its PKCE verifier. */
export function exchangeCode(
  endpoint: string,
  client: OAuthClient,
  exchange: { readonly code: string; readonly redirectUri: string; readonly verifier: string },
  deps: TokenEndpointDeps,
): Promise<TokenOutcome> {
  return requestTokens(
    endpoint,
    client,
    {
      grant_type: 'authorization_code',
      code: exchange.code,
      // Must equal the redirect_uri of the authorization request (section 4.1.3).
      redirect_uri: exchange.redirectUri,
      code_verifier: exchange.verifier,
    },
    deps,
  );
}

/**
 * Uses a refresh token (RFC 6749 section 6). `scope` only where the provider wants it repeated
 * (Microsoft); elsewhere leaving it out means "the same as granted".
 */
export function refreshTokens(
  endpoint: string,
  client: OAuthClient,
  refreshToken: string,
  scope: string | undefined,
  deps: TokenEndpointDeps,
): Promise<TokenOutcome> {
  return requestTokens(
    endpoint,
    client,
    {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      ...(scope === undefined ? {} : { scope }),
    },
    deps,
  );
}
