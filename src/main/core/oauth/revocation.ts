/**
 * Token revocation (RFC 7009): signing out ends the grant at the provider, so a refresh token
 * copied before sign-out is worthless. Revoking a refresh token revokes its access tokens too
 * (section 2.1, "SHOULD").
 */
import { AppFailure, appError } from '../../../shared/errors';
import { oauthFetch, secureEndpoint, type OAuthHttpDeps } from './oauth-http';
import type { OAuthClient } from './providers';

/** Revokes `refreshToken` at `endpoint`; rejects with an AppFailure when the provider refuses. */
export async function revokeRefreshToken(
  endpoint: string,
  client: OAuthClient,
  refreshToken: string,
  deps: OAuthHttpDeps,
): Promise<void> {
  const url = secureEndpoint(endpoint, 'revocation endpoint');
  const body = new URLSearchParams({
    token: refreshToken,
    token_type_hint: 'refresh_token',
    client_id: client.clientId,
    ...(client.clientSecret === undefined ? {} : { client_secret: client.clientSecret }),
  });
  const response = await oauthFetch(
    url,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    },
    deps,
  );
  await response.body?.cancel();
  // 200 also for a token the server did not know (section 2.2): it is invalid either way.
  if (!response.ok) {
    throw new AppFailure(
      appError(
        response.status === 503 ? 'THROTTLED' : 'PROTOCOL',
        `The sign-in provider ${url.host} did not revoke the sign-in (HTTP ${response.status}).`,
        {
          hint: 'The tokens were removed from this computer; revoke the app in your account settings at the provider too.',
        },
      ),
    );
  }
}
