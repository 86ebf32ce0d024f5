/**
 * Where an account's OAuth state lives. The refresh token is a long-lived secret: it goes to the
 * OS keychain (SecretStore, entry `${accountId}:oauth-refresh`) and nowhere else. The access
 * token lives an hour and is only ever kept in this process's memory. What is not secret (the
 * issuer, token endpoint, client id and scopes a refresh token belongs to) is kept in the
 * settings file, so a refresh after a restart knows where to go.
 */
import { z } from 'zod';
import type { SecretStore, SettingsStore } from '../ports';
import type { OAuthProviderKind } from './providers';

/** The settings key of the bindings: `{ [accountId]: OAuthBinding }`. */
export const OAUTH_GRANTS_SETTING = 'oauthGrants';

/** The keychain entry of an account's refresh token. */
export function refreshTokenKey(accountId: string): string {
  return `${accountId}:oauth-refresh`;
}

const bindingSchema = z.object({
  kind: z.enum(['google', 'microsoft', 'oidc']),
  issuer: z.string().min(1).max(2000),
  tokenEndpoint: z.string().min(1).max(2000),
  revocationEndpoint: z.string().min(1).max(2000).optional(),
  clientId: z.string().min(1).max(500),
  scopes: z.array(z.string().max(500)).max(50),
});

/** Which server and client an account's tokens belong to. Not secret. */
export interface OAuthBinding {
  readonly kind: OAuthProviderKind;
  readonly issuer: string;
  readonly tokenEndpoint: string;
  readonly revocationEndpoint?: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
}

/** An access token held in memory. */
export interface CachedAccessToken {
  readonly token: string;
  /** Epoch ms on the injected clock. */
  readonly expiresAt: number;
}

/** Reads and writes an account's OAuth state. */
export interface TokenStore {
  readBinding(accountId: string): OAuthBinding | undefined;
  writeBinding(accountId: string, binding: OAuthBinding): void;
  removeBinding(accountId: string): void;
  /** Undefined when the keychain holds none; rejects when the keychain is unreachable. */
  readRefreshToken(accountId: string): Promise<string | undefined>;
  writeRefreshToken(accountId: string, token: string): Promise<void>;
  deleteRefreshToken(accountId: string): Promise<void>;
  accessToken(accountId: string): CachedAccessToken | undefined;
  rememberAccessToken(accountId: string, token: CachedAccessToken): void;
  forgetAccessToken(accountId: string): void;
}

/** Creates the store over the keychain and the settings file. */
export function createTokenStore(secrets: SecretStore, settings: SettingsStore): TokenStore {
  const accessTokens = new Map<string, CachedAccessToken>();

  function bindings(): Record<string, unknown> {
    const stored = settings.get<unknown>(OAUTH_GRANTS_SETTING);
    return typeof stored === 'object' && stored !== null && !Array.isArray(stored)
      ? { ...(stored as Record<string, unknown>) }
      : {};
  }

  return {
    readBinding(accountId) {
      const parsed = bindingSchema.safeParse(bindings()[accountId]);
      return parsed.success ? parsed.data : undefined;
    },
    writeBinding(accountId, binding) {
      settings.set(OAUTH_GRANTS_SETTING, {
        ...bindings(),
        [accountId]: bindingSchema.parse(binding),
      });
    },
    removeBinding(accountId) {
      const all = bindings();
      if (!(accountId in all)) return;
      delete all[accountId];
      settings.set(OAUTH_GRANTS_SETTING, all);
    },
    async readRefreshToken(accountId) {
      return (await secrets.get(refreshTokenKey(accountId))) ?? undefined;
    },
    async writeRefreshToken(accountId, token) {
      await secrets.set(refreshTokenKey(accountId), token);
    },
    async deleteRefreshToken(accountId) {
      await secrets.delete(refreshTokenKey(accountId));
    },
    accessToken(accountId) {
      return accessTokens.get(accountId);
    },
    rememberAccessToken(accountId, token) {
      accessTokens.set(accountId, token);
    },
    forgetAccessToken(accountId) {
      accessTokens.delete(accountId);
    },
  };
}
