/**
 * Sign-in for a native app (RFC 8252): the authorization request opens in the user's own
 * browser through the ExternalOpener port, never in a window of ours (section 8.12: the app
 * must not see the password); the answer comes back to a one-time listener on 127.0.0.1
 * (loopback-listener.ts); PKCE S256 (RFC 7636) binds the code to this app instance; a random
 * `state` ties the answer to this request; the `iss` parameter is checked against the expected
 * issuer (RFC 9207); then the code is redeemed at the token endpoint.
 */
import { randomBytes } from 'node:crypto';
import { AppFailure, appError } from '../../../shared/errors';
import type { Clock, ExternalOpener, Logger } from '../ports';
import {
  startLoopbackListener,
  type AuthorizationCallback,
  type OAuthTimers,
} from './loopback-listener';
import type { OAuthHttpDeps } from './oauth-http';
import { createPkcePair } from './pkce';
import type { OAuthProvider } from './providers';
import { exchangeCode, type TokenSet } from './token-endpoint';

/** One sign-in: where, and as whom. */
export interface SignInRequest {
  readonly provider: OAuthProvider;
  /** The address to sign in as (OpenID `login_hint`): the provider preselects the account. */
  readonly loginHint?: string;
}

/** A finished sign-in: the tokens and the provider that issued them. */
export interface SignInResult {
  readonly provider: OAuthProvider;
  readonly tokens: TokenSet;
}

/** What the flow needs from the world. */
export interface AuthorizationFlowDeps extends OAuthHttpDeps {
  /** The system browser. */
  readonly browser: ExternalOpener;
  readonly clock: Clock;
  /** For the listener's timeout (5 minutes unless `listenerTimeoutMs`). */
  readonly timers?: OAuthTimers;
  readonly listenerTimeoutMs?: number;
  readonly logger?: Logger;
}

/** Starts sign-ins; one per provider, client and address at a time. */
export interface AuthorizationFlow {
  /**
   * Signs in through the browser. While the same sign-in (provider, client, address) is still
   * open, a second call returns the first one's promise instead of opening another tab: a
   * double click must not leave two listeners and two half-finished consents behind.
   */
  signIn(request: SignInRequest): Promise<SignInResult>;
  /** Stops every sign-in still waiting for the browser; they reject as cancelled. */
  cancelAll(): Promise<void>;
}

/** The parameters of an authorization request besides the provider's. */
export interface AuthorizationUrlInput {
  readonly redirectUri: string;
  readonly state: string;
  readonly codeChallenge: string;
  readonly loginHint?: string;
}

/** The authorization request (RFC 6749 section 4.1.1 with RFC 7636 section 4.3). */
export function buildAuthorizationUrl(provider: OAuthProvider, input: AuthorizationUrlInput): URL {
  const url = new URL(provider.authorizationEndpoint);
  const parameters: Record<string, string> = {
    ...provider.extraAuthorizationParameters,
    response_type: 'code',
    client_id: provider.client.clientId,
    redirect_uri: input.redirectUri,
    scope: provider.scopes.join(' '),
    state: input.state,
    code_challenge: input.codeChallenge,
    code_challenge_method: 'S256',
    ...(input.loginHint === undefined ? {} : { login_hint: input.loginHint }),
  };
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  return url;
}

/**
 * RFC 9207 section 2.4: an `iss` that differs from the issuer we sent the user to means the
 * answer came from another server (a mix-up attack); a missing one is refused only where the
 * server promised to send it.
 */
function checkIssuer(provider: OAuthProvider, callback: AuthorizationCallback): void {
  if (callback.iss === undefined) {
    if (!provider.issParameterSupported) return;
    throw new AppFailure(
      appError('PROTOCOL', `The sign-in answer did not say which server sent it (no "iss").`, {
        hint: 'Try signing in again.',
        retryable: false,
      }),
    );
  }
  if (callback.iss !== provider.issuer) {
    throw new AppFailure(
      appError(
        'PROTOCOL',
        `The sign-in answer came from "${callback.iss}", not from ${provider.name} (${provider.issuer}), so it was refused.`,
        { hint: 'Try signing in again.', retryable: false },
      ),
    );
  }
}

/** An error answer from the authorization endpoint (RFC 6749 section 4.1.2.1). */
function refusal(provider: OAuthProvider, error: string, description: string | undefined): never {
  const detail = description === undefined ? error : `${error}: ${description}`;
  throw new AppFailure(
    appError(
      'AUTH_FAILED',
      error === 'access_denied'
        ? `The sign-in with ${provider.name} was cancelled or not allowed.`
        : `${provider.name} did not complete the sign-in (${detail}).`,
      { hint: 'Try signing in again.', serverResponse: detail, retryable: false },
    ),
  );
}

/** Creates the flow. */
export function createAuthorizationFlow(deps: AuthorizationFlowDeps): AuthorizationFlow {
  const pending = new Map<string, Promise<SignInResult>>();
  const listeners = new Set<{ close(): Promise<void> }>();

  async function run(request: SignInRequest): Promise<SignInResult> {
    const { provider } = request;
    const pkce = createPkcePair();
    const state = randomBytes(32).toString('base64url');
    const listener = await startLoopbackListener({
      state,
      ...(deps.listenerTimeoutMs === undefined ? {} : { timeoutMs: deps.listenerTimeoutMs }),
      ...(deps.timers === undefined ? {} : { timers: deps.timers }),
      ...(deps.logger === undefined ? {} : { logger: deps.logger }),
    });
    listeners.add(listener);
    let callback: AuthorizationCallback;
    try {
      const url = buildAuthorizationUrl(provider, {
        redirectUri: listener.redirectUri,
        state,
        codeChallenge: pkce.challenge,
        ...(request.loginHint === undefined ? {} : { loginHint: request.loginHint }),
      });
      deps.logger?.info('OAuth sign-in opened in the browser', {
        provider: provider.name,
        port: listener.port,
      });
      await deps.browser.open(url.toString());
      callback = await listener.callback;
    } finally {
      listeners.delete(listener);
      await listener.close();
    }
    checkIssuer(provider, callback);
    if (callback.kind === 'error') return refusal(provider, callback.error, callback.description);
    const outcome = await exchangeCode(
      provider.tokenEndpoint,
      provider.client,
      { code: callback.code, redirectUri: listener.redirectUri, verifier: pkce.verifier },
      deps,
    );
    if (!outcome.ok) {
      const detail =
        outcome.description === undefined
          ? outcome.error
          : `${outcome.error}: ${outcome.description}`;
      throw new AppFailure(
        appError('AUTH_FAILED', `${provider.name} did not accept the sign-in (${detail}).`, {
          hint: 'Try signing in again.',
          serverResponse: detail,
          retryable: false,
        }),
      );
    }
    deps.logger?.info('OAuth sign-in completed', {
      provider: provider.name,
      refreshToken: outcome.tokens.refreshToken !== undefined,
    });
    return { provider, tokens: outcome.tokens };
  }

  return {
    signIn(request) {
      const key = [request.provider.issuer, request.provider.client.clientId, request.loginHint]
        .map((part) => part ?? '')
        .join('\n');
      const open = pending.get(key);
      if (open !== undefined) return open;
      const started = run(request).finally(() => pending.delete(key));
      pending.set(key, started);
      return started;
    },

    async cancelAll() {
      await Promise.all([...listeners].map((listener) => listener.close()));
    },
  };
}
