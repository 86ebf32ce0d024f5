/**
 * Token refresh against the rig's real provider, with a fake clock for "a minute ahead":
 * refresh before expiry with rotation, one refresh after a refusal (a token the server has let
 * expire while our clock lags), and a revoked grant reported as "Sign in again" exactly once.
 * The IMAP side is the rig's Dovecot, checking tokens by introspection.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Account } from '../../../src/shared/account';
import { createNodeDnsResolver } from '../../../src/main/core/adapters/node-dns-resolver';
import { openImapSession } from '../../../src/main/core/imap/imap-session';
import {
  createAuthorizationFlow,
  type SignInResult,
} from '../../../src/main/core/oauth/authorization-flow';
import { refreshTokens } from '../../../src/main/core/oauth/token-endpoint';
import {
  createTokenManager,
  REFRESH_MARGIN_MS,
  type TokenManager,
} from '../../../src/main/core/oauth/token-manager';
import { refreshTokenKey } from '../../../src/main/core/oauth/token-store';
import { introspectToken } from '../../servers/oidc-introspect';
import type { RigOidcClient, RigUser } from '../../servers/rig-info';
import { addRigUser } from '../../servers/rig-users';
import { rigDraft } from '../connection/helpers';
import {
  countingFetch,
  fakeClock,
  httpBrowser,
  memorySecrets,
  memorySettings,
  revokeToken,
  rigProvider,
  type CountingFetch,
  type FakeClock,
} from './oauth-helpers';

const rig = inject('rig');
const ACCOUNT = 'account-1';

interface Setup {
  readonly clock: FakeClock;
  readonly counter: CountingFetch;
  readonly secrets: ReturnType<typeof memorySecrets>;
  readonly manager: TokenManager;
  readonly signIn: SignInResult;
}

/** Signs `user` in through the rig and hands the result to a fresh token manager. */
async function signedIn(user: RigUser, client: RigOidcClient = rig.oidc.client): Promise<Setup> {
  const clock = fakeClock();
  const counter = countingFetch();
  const secrets = memorySecrets();
  const flow = createAuthorizationFlow({ browser: httpBrowser(), clock, fetch: counter.fetch });
  const signIn = await flow.signIn({
    provider: await rigProvider(rig, client),
    loginHint: user.email,
  });
  const manager = createTokenManager({
    secrets,
    settings: memorySettings(),
    clock,
    fetch: counter.fetch,
  });
  await manager.completeSignIn(ACCOUNT, signIn);
  return { clock, counter, secrets, manager, signIn };
}

function refreshes(counter: CountingFetch): number {
  return counter.grants.filter((grant) => grant === 'refresh_token').length;
}

/** A saved OAuth account for `user` on the rig's Dovecot. */
function oauthAccount(user: RigUser): Account & { readonly enabled: boolean } {
  return {
    ...rigDraft(rig, user),
    auth: 'oauth',
    id: ACCOUNT,
    createdAt: new Date().toISOString(),
    awaitingPassword: true,
  };
}

function sessionDeps(manager: TokenManager) {
  return {
    dns: createNodeDnsResolver([rig.dnsServer]),
    timeoutMs: 10_000,
    readCredentials: () => Promise.reject(new Error('an OAuth account has no password')),
    oauth: manager,
  };
}

describe('the token manager', () => {
  it('refreshes a minute before expiry, keeps the rotated refresh token at once, and refreshes once for concurrent callers', async () => {
    const { clock, counter, secrets, manager, signIn } = await signedIn(rig.users[0] as RigUser);
    const first = signIn.tokens;
    expect(secrets.entries.get(refreshTokenKey(ACCOUNT))).toBe(first.refreshToken);
    expect(await manager.getAccessToken(ACCOUNT)).toBe(first.accessToken);

    clock.advance(first.expiresAt - clock.now() - REFRESH_MARGIN_MS - 1000);
    expect(await manager.getAccessToken(ACCOUNT)).toBe(first.accessToken);
    expect(refreshes(counter)).toBe(0);

    clock.advance(2000);
    const [second, again] = await Promise.all([
      manager.getAccessToken(ACCOUNT),
      manager.getAccessToken(ACCOUNT),
    ]);
    expect(second).not.toBe(first.accessToken);
    expect(again).toBe(second);
    expect(refreshes(counter)).toBe(1);
    const rotated = secrets.entries.get(refreshTokenKey(ACCOUNT));
    expect(rotated).toBeDefined();
    expect(rotated).not.toBe(first.refreshToken);
    expect(await introspectToken(rig.oidc.introspection, second)).toMatchObject({ active: true });
    expect(await manager.status(ACCOUNT)).toMatchObject({
      signedIn: true,
      binding: { kind: 'oidc', issuer: rig.oidc.issuer, clientId: rig.oidc.client.clientId },
    });

    // The old refresh token is spent: the provider no longer accepts it.
    const replay = await refreshTokens(
      signIn.provider.tokenEndpoint,
      signIn.provider.client,
      first.refreshToken ?? '',
      undefined,
      { clock },
    );
    expect(replay).toMatchObject({ ok: false, error: 'invalid_grant' });
  });

  it('refreshes once when the server refuses a token that looked fresh, and logs in with the new one', async () => {
    const user = await addRigUser(rig);
    const { clock, counter, manager, signIn } = await signedIn(user, rig.oidc.shortLivedClient);
    // Our clock lags two minutes: the token looks fresh here while the provider lets it expire.
    clock.advance(-120_000);
    expect(await manager.getAccessToken(ACCOUNT)).toBe(signIn.tokens.accessToken);
    await expect
      .poll(
        async () =>
          (await introspectToken(rig.oidc.introspection, signIn.tokens.accessToken)).active,
        {
          timeout: (rig.oidc.shortLivedClient.accessTokenSeconds + 3) * 1000,
          interval: 250,
        },
      )
      .toBe(false);

    const session = await openImapSession(oauthAccount(user), sessionDeps(manager));
    try {
      expect(session.alive()).toBe(true);
      expect(refreshes(counter)).toBe(1);
    } finally {
      await session.close();
    }
  });

  it('turns a revoked grant into "Sign in again" once: tokens cleared, no second attempt', async () => {
    const user = await addRigUser(rig);
    const { counter, secrets, manager, signIn } = await signedIn(user);
    await revokeToken(rig, rig.oidc.client.clientId, signIn.tokens.refreshToken ?? '');

    // The access token still looks fresh here; Dovecot refuses it, one refresh is tried.
    const refused = openImapSession(oauthAccount(user), sessionDeps(manager));
    await expect(refused).rejects.toMatchObject({
      error: { code: 'AUTH_FAILED', hint: 'Sign in again.', retryable: false },
    });
    expect(refreshes(counter)).toBe(1);
    expect(secrets.entries.has(refreshTokenKey(ACCOUNT))).toBe(false);
    expect(await manager.status(ACCOUNT)).toMatchObject({ signedIn: false });

    // Later attempts fail at once, without asking the provider again.
    await expect(manager.getAccessToken(ACCOUNT)).rejects.toMatchObject({
      error: { code: 'AUTH_FAILED', hint: 'Sign in again.' },
    });
    await expect(openImapSession(oauthAccount(user), sessionDeps(manager))).rejects.toMatchObject({
      error: { code: 'AUTH_FAILED' },
    });
    expect(refreshes(counter)).toBe(1);
  });
});
