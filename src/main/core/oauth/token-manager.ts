/**
 * Access tokens for OAuth accounts. A token is refreshed a minute before it expires, so a
 * connection never starts with one about to die; once more when a server refuses it
 * (`invalidate`, e.g. revoked early or the clocks disagree); a rotated refresh token (Microsoft,
 * RFC 6749 section 6, RFC 9700 section 4.14.2) replaces the old one in the keychain before
 * anything else. When the provider says `invalid_grant` (revoked, expired, password changed),
 * the tokens are cleared and the account needs "Sign in again": that is reported once, and
 * later calls fail at once without asking the provider again, so nothing loops.
 */
import { AppFailure, appError, toAppError, type AppError } from '../../../shared/errors';
import type { Clock, Logger, SecretStore, SettingsStore } from '../ports';
import type { SignInResult } from './authorization-flow';
import type { OAuthHttpDeps } from './oauth-http';
import type { OAuthClient } from './providers';
import { revokeRefreshToken } from './revocation';
import { refreshTokens } from './token-endpoint';
import { createTokenStore, type OAuthBinding, type TokenStore } from './token-store';

/** Refresh this long before the access token's expiry. */
export const REFRESH_MARGIN_MS = 60_000;

/** What a connection needs: a usable access token, and a way to say it was refused. */
export interface AccessTokenSource {
  /** A token valid for at least another minute; rejects with AUTH_FAILED "Sign in again". */
  getAccessToken(accountId: string): Promise<string>;
  /** The server refused the token: the next getAccessToken refreshes. */
  invalidate(accountId: string): void;
}

/** An account's OAuth state, without any secret. */
export interface OAuthTokenStatus {
  /** A refresh token is in the keychain. */
  readonly signedIn: boolean;
  readonly binding?: OAuthBinding;
  /** When the access token held in memory expires (ISO 8601), if one is held. */
  readonly accessTokenExpiresAt?: string;
}

/** The token manager behind every OAuth connection. */
export interface TokenManager extends AccessTokenSource {
  /** Keeps a finished sign-in: refresh token to the keychain, binding to settings, access token in memory. */
  completeSignIn(accountId: string, signIn: SignInResult): Promise<void>;
  status(accountId: string): Promise<OAuthTokenStatus>;
  /**
   * Ends the grant at the provider (RFC 7009) where it offers revocation, then forgets every
   * token of the account and where they came from. The local tokens go even when revocation
   * fails; `revocationError` says why it did, so the user can revoke at the provider.
   */
  signOut(
    accountId: string,
  ): Promise<{ readonly revoked: boolean; readonly revocationError?: AppError }>;
}

/** What the manager needs. */
export interface TokenManagerDeps extends OAuthHttpDeps {
  readonly secrets: SecretStore;
  readonly settings: SettingsStore;
  readonly clock: Clock;
  readonly logger?: Logger;
  /**
   * The client secret for a binding, where the provider requires one (Google's installed-app
   * clients): looked up at refresh time from the configuration, never stored with the tokens.
   */
  readonly clientSecretFor?: (binding: OAuthBinding) => string | undefined;
}

/** AUTH_FAILED with the one thing the user can do. */
function signInRequired(binding: OAuthBinding | undefined, serverResponse?: string): AppFailure {
  const where = binding === undefined ? '' : ` at ${new URL(binding.issuer).host}`;
  return new AppFailure(
    appError('AUTH_FAILED', `The sign-in${where} has expired or was revoked.`, {
      hint: 'Sign in again.',
      retryable: false,
      ...(serverResponse === undefined ? {} : { serverResponse }),
    }),
  );
}

function describeOAuthError(error: string, description: string | undefined): string {
  return description === undefined ? error : `${error}: ${description}`;
}

/** Creates the manager over the keychain and settings. */
export function createTokenManager(deps: TokenManagerDeps): TokenManager {
  const store: TokenStore = createTokenStore(deps.secrets, deps.settings);
  // One refresh per account at a time: with rotation, a second concurrent refresh would
  // present the token the first just retired and be told invalid_grant.
  const refreshing = new Map<string, Promise<string>>();

  function clientFor(binding: OAuthBinding): OAuthClient {
    const secret = deps.clientSecretFor?.(binding);
    return {
      clientId: binding.clientId,
      ...(secret === undefined ? {} : { clientSecret: secret }),
    };
  }

  async function clearTokens(accountId: string): Promise<void> {
    store.forgetAccessToken(accountId);
    await store.deleteRefreshToken(accountId);
  }

  async function refresh(accountId: string): Promise<string> {
    const binding = store.readBinding(accountId);
    const refreshToken = await store.readRefreshToken(accountId);
    if (binding === undefined || refreshToken === undefined) {
      // No refresh token (the server issued none, or it was revoked): the access token serves
      // until it really expires, then the user has to sign in.
      const cached = store.accessToken(accountId);
      if (cached !== undefined && deps.clock.now() < cached.expiresAt) return cached.token;
      throw signInRequired(binding);
    }
    // Microsoft asks for the scopes again on refresh; elsewhere omitting them means "as granted".
    const scope = binding.kind === 'microsoft' ? binding.scopes.join(' ') : undefined;
    const outcome = await refreshTokens(
      binding.tokenEndpoint,
      clientFor(binding),
      refreshToken,
      scope,
      deps,
    );
    if (!outcome.ok) {
      const detail = describeOAuthError(outcome.error, outcome.description);
      if (outcome.error === 'invalid_grant') {
        // RFC 6749 section 5.2: the grant is gone for good. Clear, report once, never retry.
        await clearTokens(accountId);
        deps.logger?.warn('OAuth grant no longer valid; the account must sign in again', {
          accountId,
          issuer: binding.issuer,
        });
        throw signInRequired(binding, detail);
      }
      throw new AppFailure(
        appError('AUTH_FAILED', `The sign-in provider refused to renew the sign-in (${detail}).`, {
          hint:
            outcome.error === 'invalid_client' || outcome.error === 'unauthorized_client'
              ? "Check mailcrm's OAuth client registration, then sign in again."
              : 'Sign in again.',
          serverResponse: detail,
          retryable: false,
        }),
      );
    }
    const { tokens } = outcome;
    if (tokens.refreshToken !== undefined && tokens.refreshToken !== refreshToken) {
      // Rotation: the old refresh token is already void at the server.
      await store.writeRefreshToken(accountId, tokens.refreshToken);
    }
    store.rememberAccessToken(accountId, {
      token: tokens.accessToken,
      expiresAt: tokens.expiresAt,
    });
    deps.logger?.info('OAuth access token refreshed', {
      accountId,
      rotated: tokens.refreshToken !== undefined && tokens.refreshToken !== refreshToken,
    });
    return tokens.accessToken;
  }

  return {
    getAccessToken(accountId) {
      const cached = store.accessToken(accountId);
      if (cached !== undefined && deps.clock.now() < cached.expiresAt - REFRESH_MARGIN_MS) {
        return Promise.resolve(cached.token);
      }
      const running = refreshing.get(accountId);
      if (running !== undefined) return running;
      const started = refresh(accountId).finally(() => refreshing.delete(accountId));
      refreshing.set(accountId, started);
      return started;
    },

    invalidate(accountId) {
      store.forgetAccessToken(accountId);
    },

    async completeSignIn(accountId, signIn) {
      const { provider, tokens } = signIn;
      const previous = store.readBinding(accountId);
      if (tokens.refreshToken !== undefined) {
        await store.writeRefreshToken(accountId, tokens.refreshToken);
      } else {
        // An older refresh token may still serve the same grant; one of another server never.
        if (
          previous !== undefined &&
          (previous.issuer !== provider.issuer || previous.clientId !== provider.client.clientId)
        ) {
          await store.deleteRefreshToken(accountId);
        }
        deps.logger?.warn(
          'The sign-in returned no refresh token; it lasts as long as its access token',
          {
            accountId,
            issuer: provider.issuer,
          },
        );
      }
      store.writeBinding(accountId, {
        kind: provider.kind,
        issuer: provider.issuer,
        tokenEndpoint: provider.tokenEndpoint,
        ...(provider.revocationEndpoint === undefined
          ? {}
          : { revocationEndpoint: provider.revocationEndpoint }),
        clientId: provider.client.clientId,
        scopes: [...provider.scopes],
      });
      store.rememberAccessToken(accountId, {
        token: tokens.accessToken,
        expiresAt: tokens.expiresAt,
      });
    },

    async status(accountId) {
      const binding = store.readBinding(accountId);
      const cached = store.accessToken(accountId);
      return {
        signedIn: (await store.readRefreshToken(accountId)) !== undefined,
        ...(binding === undefined ? {} : { binding }),
        ...(cached === undefined
          ? {}
          : { accessTokenExpiresAt: new Date(cached.expiresAt).toISOString() }),
      };
    },

    async signOut(accountId) {
      const binding = store.readBinding(accountId);
      const refreshToken = await store.readRefreshToken(accountId);
      let revoked = false;
      let revocationError: AppError | undefined;
      if (binding?.revocationEndpoint !== undefined && refreshToken !== undefined) {
        try {
          await revokeRefreshToken(
            binding.revocationEndpoint,
            clientFor(binding),
            refreshToken,
            deps,
          );
          revoked = true;
        } catch (thrown) {
          revocationError = toAppError(thrown);
          deps.logger?.warn('OAuth revocation failed; local tokens removed anyway', {
            accountId,
            code: revocationError.code,
          });
        }
      }
      await clearTokens(accountId);
      store.removeBinding(accountId);
      return { revoked, ...(revocationError === undefined ? {} : { revocationError }) };
    },
  };
}
