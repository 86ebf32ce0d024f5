/**
 * OAuth tokens of the CLI: the refresh token in the OS keychain (a keychain service of its own,
 * so the CLI never touches the desktop app's entries), the grant's non-secret binding in a
 * settings file under the user's config folder. `mailcrm oauth login` fills them; `--oauth` on
 * `mailcrm test`, `sync` and `send` reads an access token from them, refreshed as needed.
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
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

/** Where the CLI keeps OAuth state; flags override the defaults. */
export interface CliOAuthPlaces {
  readonly keychainService: string;
  readonly configDir: string;
}

/** Flags every OAuth-aware command accepts. */
export const OAUTH_PLACE_OPTIONS = {
  'keychain-service': { type: 'string' },
  'config-dir': { type: 'string' },
} as const;

/** The places from the flags, else `mailcrm-cli` and $XDG_CONFIG_HOME/mailcrm-cli. */
export function cliOAuthPlaces(
  values: { readonly 'keychain-service'?: string; readonly 'config-dir'?: string },
  env: Readonly<Record<string, string | undefined>> = process.env,
): CliOAuthPlaces {
  const configHome = env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
  return {
    keychainService: values['keychain-service'] ?? 'mailcrm-cli',
    configDir: values['config-dir'] ?? join(configHome, 'mailcrm-cli'),
  };
}

/** The key of a login's tokens: stable per address, and no address in the keychain's index. */
export function oauthTokenKey(user: string): string {
  return `cli-${createHash('sha256').update(user.trim().toLowerCase()).digest('hex').slice(0, 24)}`;
}

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
