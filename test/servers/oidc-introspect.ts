/**
 * Token introspection (RFC 7662) at the rig's authorization server, as a resource server does
 * it: the rig's SMTP server checks XOAUTH2 tokens with it, and tests may ask whether a token is
 * still active.
 */
import type { RigOidc } from './rig-info';

/** The fields of an introspection response the rig relies on. */
export interface Introspection {
  readonly active: boolean;
  readonly sub?: string;
  readonly token_type?: string;
  readonly client_id?: string;
  readonly exp?: number;
}

/** POSTs the token with the resource server's client credentials (client_secret_basic). */
export async function introspectToken(
  introspection: RigOidc['introspection'],
  token: string,
): Promise<Introspection> {
  const credentials = Buffer.from(
    `${encodeURIComponent(introspection.clientId)}:${encodeURIComponent(introspection.clientSecret)}`,
  ).toString('base64');
  const response = await fetch(introspection.url, {
    method: 'POST',
    headers: {
      authorization: `Basic ${credentials}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams({ token }).toString(),
  });
  if (!response.ok) {
    throw new Error(`introspection answered HTTP ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as Introspection;
}

/**
 * True when `token` is an active access token (not a refresh token) of `user`: what Dovecot's
 * oauth2 passdb checks too (active_attribute token_type = Bearer, username_attribute sub).
 */
export function isAccessTokenOf(result: Introspection, user: string): boolean {
  return (
    result.active &&
    result.token_type === 'Bearer' &&
    result.sub !== undefined &&
    result.sub.toLowerCase() === user.toLowerCase()
  );
}
