/**
 * Where the CLI's OAuth sign-ins live, and the flags that move them. Apart from cli-oauth.ts so
 * parsing arguments does not load the keychain and settings stores.
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

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
