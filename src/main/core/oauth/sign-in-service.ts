/**
 * "Sign in with Google / Microsoft / your provider" for a stored OAuth account: the provider
 * from the configuration (Google, Microsoft) or by discovery (the account's own issuer), the
 * browser flow signing in as the account's login, the tokens handed to the token manager, and
 * the account's "sign in again" state cleared. Sign-out revokes the grant at the provider.
 */
import type { AccountView } from '../../../shared/account';
import { fail } from '../../../shared/errors';
import type { AccountService } from '../accounts/account-service';
import type { Logger } from '../ports';
import type { AuthorizationFlow } from './authorization-flow';
import type { OAuthHttpDeps } from './oauth-http';
import {
  configuredProvider,
  DEFAULT_OIDC_SCOPES,
  discoverProvider,
  oauthKindOf,
  type OAuthConfigSources,
  type OAuthProvider,
} from './providers';
import type { OAuthTokenStatus, TokenManager } from './token-manager';

/** Signing an account in and out. */
export interface OAuthSignIn {
  /** Opens the browser, waits for the sign-in (up to 5 minutes), keeps the tokens. */
  signIn(accountId: string): Promise<OAuthTokenStatus>;
  status(accountId: string): Promise<OAuthTokenStatus>;
  /** Revokes the grant where the provider allows it and forgets the tokens. */
  signOut(accountId: string): ReturnType<TokenManager['signOut']>;
}

export interface OAuthSignInDeps {
  readonly accounts: AccountService;
  readonly tokens: TokenManager;
  readonly flow: AuthorizationFlow;
  readonly sources: OAuthConfigSources;
  readonly http?: OAuthHttpDeps;
  readonly logger: Logger;
}

/** The authorization server an account signs in with. */
export async function providerFor(
  account: AccountView,
  sources: OAuthConfigSources,
  http: OAuthHttpDeps = {},
): Promise<OAuthProvider> {
  const kind = oauthKindOf(account.provider);
  if (kind !== undefined) return configuredProvider(kind, sources);
  if (account.oauth === undefined) {
    return fail(
      'INVALID_INPUT',
      `The account "${account.name}" has no sign-in provider for browser sign-in.`,
      {
        hint: 'Enter the sign-in provider (issuer) and client id in the account settings, or use a password.',
        retryable: false,
      },
    );
  }
  return discoverProvider(
    account.oauth.issuer,
    { clientId: account.oauth.clientId },
    { ...http, scopes: account.oauth.scopes ?? DEFAULT_OIDC_SCOPES },
  );
}

/** Creates the service. */
export function createOAuthSignIn(deps: OAuthSignInDeps): OAuthSignIn {
  async function oauthAccount(accountId: string): Promise<AccountView> {
    const account = (await deps.accounts.list()).find((candidate) => candidate.id === accountId);
    if (account === undefined) {
      return fail('NOT_FOUND', 'This account no longer exists. Reload the account list.');
    }
    if (account.auth !== 'oauth') {
      fail('INVALID_INPUT', `The account "${account.name}" signs in with a password.`, {
        hint: 'Choose browser sign-in (OAuth) in its settings first.',
      });
    }
    return account;
  }

  return {
    async signIn(accountId) {
      const account = await oauthAccount(accountId);
      const provider = await providerFor(account, deps.sources, deps.http);
      // A shared mailbox signs in as its delegate; the mailbox itself is still the login.
      const delegate = account.oauthDelegate === '' ? undefined : account.oauthDelegate;
      const result = await deps.flow.signIn({ provider, loginHint: delegate ?? account.login });
      await deps.tokens.completeSignIn(accountId, result);
      // A "sign in again" error belongs to the old grant.
      await deps.accounts.recordConnectionOutcome(accountId, undefined);
      deps.logger.info('OAuth account signed in', { accountId, provider: provider.name });
      return deps.tokens.status(accountId);
    },

    async status(accountId) {
      await oauthAccount(accountId);
      return deps.tokens.status(accountId);
    },

    async signOut(accountId) {
      const outcome = await deps.tokens.signOut(accountId);
      deps.logger.info('OAuth account signed out', { accountId, revoked: outcome.revoked });
      return outcome;
    },
  };
}
