/**
 * OAuth tokens of the CLI: the refresh token in the OS keychain (a keychain service of its own,
 * so the CLI never touches the desktop app's entries), the grant's non-secret binding in a
 * settings file under the user's config folder. `mailcrm oauth login` fills them; `--oauth` on
 * `mailcrm test`, `sync` and `send` reads an access token from them, refreshed as needed.
 */
import { fail } from '../shared/errors';
import { createConsoleLogger } from '../main/core/adapters/console-logger';
import { createConfSettingsStore } from '../main/core/adapters/conf-settings-store';
import { createKeytarSecretStore } from '../main/core/adapters/keytar-secret-store';
import {
  createTokenManager,
  type AccessTokenSource,
  type TokenManager,
} from '../main/core/oauth/token-manager';
import type { Logger } from '../main/core/ports';
import { oauthTokenKey, type CliOAuthPlaces } from './cli-oauth-places';

/** The token manager over the CLI's keychain service and settings file. */
export function createCliTokens(places: CliOAuthPlaces, logger: Logger): TokenManager {
  return createTokenManager({
    secrets: createKeytarSecretStore(places.keychainService),
    settings: createConfSettingsStore({ cwd: places.configDir }),
    clock: { now: () => Date.now() },
    logger,
  });
}

/**
 * A fresh access token for `user` from the CLI's stored sign-in; AUTH_FAILED "Sign in again"
 * when there is none (run `mailcrm oauth login` first).
 */
export async function cliAccessToken(
  places: CliOAuthPlaces,
  user: string,
  io: { readonly stderr: NodeJS.WritableStream },
): Promise<string> {
  const tokens = createCliTokens(places, createConsoleLogger({ stream: io.stderr, quiet: true }));
  const accountId = oauthTokenKey(user);
  if (!(await tokens.status(accountId)).signedIn) {
    fail('AUTH_FAILED', `${user} is not signed in with OAuth on this computer.`, {
      hint: `Run \`mailcrm oauth login --issuer URL --client-id ID --user ${user}\` first.`,
      retryable: false,
    });
  }
  return tokens.getAccessToken(accountId);
}

/**
 * Access tokens of the CLI's stored sign-in for `user`, whatever id the caller's account has
 * (the outbox keys accounts its own way).
 */
export function cliTokenSource(
  places: CliOAuthPlaces,
  user: string,
  logger: Logger,
): AccessTokenSource {
  const tokens = createCliTokens(places, logger);
  const key = oauthTokenKey(user);
  return {
    getAccessToken: () => tokens.getAccessToken(key),
    invalidate: () => tokens.invalidate(key),
  };
}
