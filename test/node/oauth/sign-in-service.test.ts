/**
 * Sign-in of a stored OAuth account against the rig's OpenID provider (found by discovery from
 * the account's issuer): the account is never "awaiting password", signing in stores a refresh
 * token in the keychain and clears "sign in again", IMAP then logs in with it, and signing out
 * revokes the grant at the provider, so the old refresh token is refused afterwards.
 */
import { describe, expect, inject, it } from 'vitest';
import { createAccountService } from '../../../src/main/core/accounts/account-service';
import { createAuthorizationFlow } from '../../../src/main/core/oauth/authorization-flow';
import { createOAuthSignIn } from '../../../src/main/core/oauth/sign-in-service';
import { refreshTokens } from '../../../src/main/core/oauth/token-endpoint';
import { createTokenManager } from '../../../src/main/core/oauth/token-manager';
import { refreshTokenKey } from '../../../src/main/core/oauth/token-store';
import { openImapSession } from '../../../src/main/core/imap/imap-session';
import { appError } from '../../../src/shared/errors';
import { addRigUser } from '../../servers/rig-users';
import { createTestCore, rigDraft } from '../accounts/core-deps';
import { httpBrowser, rigProvider } from './oauth-helpers';

const rig = inject('rig');

describe('OAuth sign-in service', () => {
  it('signs a stored account in through the browser flow, then out with revocation', async () => {
    const core = await createTestCore(rig);
    const user = await addRigUser(rig);
    const tokens = createTokenManager({
      secrets: core.deps.secrets,
      settings: core.deps.settings,
      clock: core.deps.clock,
      logger: core.deps.logger,
    });
    const accounts = createAccountService(core.deps, { oauth: tokens });
    const browser = httpBrowser();
    const service = createOAuthSignIn({
      accounts,
      tokens,
      flow: createAuthorizationFlow({ browser, clock: core.deps.clock, logger: core.deps.logger }),
      sources: { settings: core.deps.settings, env: {} },
      logger: core.deps.logger,
    });

    const account = await accounts.create(
      rigDraft(rig, user, {
        auth: 'oauth',
        oauth: {
          issuer: rig.oidc.issuer,
          clientId: rig.oidc.client.clientId,
          scopes: rig.oidc.client.scope.split(' '),
        },
      }),
      {},
    );
    // No password to wait for: an OAuth account signs in instead.
    expect(account.status).toBe('active');
    // A stale "sign in again" from an earlier grant is cleared by a new sign-in.
    await accounts.recordConnectionOutcome(
      account.id,
      appError('AUTH_FAILED', 'The sign-in has expired or was revoked.'),
    );

    const status = await service.signIn(account.id);
    expect(browser.opened).toHaveLength(1);
    expect(new URL(browser.opened[0] ?? '').searchParams.get('login_hint')).toBe(user.login);
    expect((await browser.pages[0])?.body).toContain('You can return to mailcrm');
    expect(status.signedIn).toBe(true);
    expect((await accounts.list()).find((a) => a.id === account.id)?.status).toBe('active');
    const refreshToken = await core.deps.secrets.get(refreshTokenKey(account.id));
    expect(refreshToken).toBeTruthy();

    const session = await openImapSession((await accounts.list())[0] ?? account, {
      dns: core.deps.dns,
      extraCaPem: core.deps.extraCaPem,
      timeoutMs: 10_000,
      readCredentials: () => accounts.readCredentials(account.id),
      oauth: tokens,
    });
    await session.close();

    const out = await service.signOut(account.id);
    expect(out).toEqual({ revoked: true });
    expect(await core.deps.secrets.get(refreshTokenKey(account.id))).toBeNull();
    expect((await service.status(account.id)).signedIn).toBe(false);
    // Revoked at the provider: the old refresh token no longer buys an access token.
    const provider = await rigProvider(rig);
    const refused = await refreshTokens(
      provider.tokenEndpoint,
      provider.client,
      refreshToken ?? '',
      undefined,
      { clock: core.deps.clock },
    );
    expect(refused).toMatchObject({ ok: false, error: 'invalid_grant' });
  });

  it('signs a shared mailbox in as its delegate, while the mailbox stays the login', async () => {
    const core = await createTestCore(rig);
    const delegate = await addRigUser(rig);
    const tokens = createTokenManager({
      secrets: core.deps.secrets,
      settings: core.deps.settings,
      clock: core.deps.clock,
    });
    const accounts = createAccountService(core.deps, { oauth: tokens });
    const browser = httpBrowser();
    const service = createOAuthSignIn({
      accounts,
      tokens,
      flow: createAuthorizationFlow({ browser, clock: core.deps.clock }),
      sources: { settings: core.deps.settings, env: {} },
      logger: core.deps.logger,
    });
    const shared = await accounts.create(
      rigDraft(rig, delegate, {
        auth: 'oauth',
        email: 'team@example.test',
        login: 'team@example.test',
        oauthDelegate: delegate.login,
        oauth: { issuer: rig.oidc.issuer, clientId: rig.oidc.client.clientId },
      }),
      {},
    );
    const status = await service.signIn(shared.id);
    expect(status.signedIn).toBe(true);
    expect(new URL(browser.opened[0] ?? '').searchParams.get('login_hint')).toBe(delegate.login);
    expect((await accounts.list()).find((a) => a.id === shared.id)?.login).toBe(
      'team@example.test',
    );
  });

  it('refuses a password account and an OAuth account without a provider, saying what to do', async () => {
    const core = await createTestCore(rig);
    const user = await addRigUser(rig);
    const tokens = createTokenManager({
      secrets: core.deps.secrets,
      settings: core.deps.settings,
      clock: core.deps.clock,
    });
    const accounts = createAccountService(core.deps, { oauth: tokens });
    const service = createOAuthSignIn({
      accounts,
      tokens,
      flow: createAuthorizationFlow({ browser: httpBrowser(), clock: core.deps.clock }),
      sources: { settings: core.deps.settings, env: {} },
      logger: core.deps.logger,
    });
    const withPassword = await accounts.create(rigDraft(rig, user), { password: user.password });
    await expect(service.signIn(withPassword.id)).rejects.toMatchObject({
      error: { code: 'INVALID_INPUT', hint: expect.stringContaining('OAuth') as unknown },
    });
    const noProvider = await accounts.create(rigDraft(rig, user, { auth: 'oauth' }), {});
    await expect(service.signIn(noProvider.id)).rejects.toMatchObject({
      error: { code: 'INVALID_INPUT', hint: expect.stringContaining('issuer') as unknown },
    });
    const gmail = await accounts.create(
      rigDraft(rig, user, { auth: 'oauth', provider: 'gmail' }),
      {},
    );
    await expect(service.signIn(gmail.id)).rejects.toMatchObject({
      error: {
        code: 'INVALID_INPUT',
        hint: expect.stringContaining('MAILCRM_GOOGLE_CLIENT_ID') as unknown,
      },
    });
  });
});
