/**
 * The sign-in flow against the rig's real OpenID provider: discovery, the authorization URL,
 * the scripted login, the loopback redirect, RFC 9207 `iss`, the code exchange with PKCE. The
 * "browser" follows the URL over HTTP (the Chromium run is in oauth-mail.test.ts).
 */
import { describe, expect, inject, it } from 'vitest';
import {
  createAuthorizationFlow,
  type AuthorizationFlowDeps,
} from '../../../src/main/core/oauth/authorization-flow';
import {
  configuredProvider,
  discoverProvider,
  GOOGLE_SCOPES,
  MICROSOFT_SCOPES,
} from '../../../src/main/core/oauth/providers';
import type { ExternalOpener } from '../../../src/main/core/ports';
import { introspectToken } from '../../servers/oidc-introspect';
import {
  countingFetch,
  followSignIn,
  httpBrowser,
  memorySettings,
  rigProvider,
} from './oauth-helpers';

const rig = inject('rig');
const anna = rig.users[0];
if (anna === undefined) throw new Error('the rig has no users');

function flowDeps(browser: ExternalOpener, extra: Partial<AuthorizationFlowDeps> = {}) {
  return { browser, clock: { now: () => Date.now() }, ...extra };
}

/** A browser that answers the listener itself, with the request's state and what we choose. */
function forgingBrowser(answer: Record<string, string>): ExternalOpener {
  return {
    async open(url) {
      const request = new URL(url);
      const redirect = new URL(request.searchParams.get('redirect_uri') ?? '');
      redirect.search = new URLSearchParams({
        state: request.searchParams.get('state') ?? '',
        ...answer,
      }).toString();
      await (await fetch(redirect)).text();
    },
  };
}

describe('OAuth sign-in through the system browser (RFC 8252)', () => {
  it('opens the authorization URL, takes the loopback redirect and redeems the code with PKCE', async () => {
    const provider = await rigProvider(rig);
    expect(provider.issParameterSupported).toBe(true);
    const browser = httpBrowser();
    const started = Date.now();
    const { tokens } = await createAuthorizationFlow(flowDeps(browser)).signIn({
      provider,
      loginHint: anna.email,
    });

    expect(browser.opened).toHaveLength(1);
    const url = new URL(browser.opened[0] ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(provider.authorizationEndpoint);
    const query = url.searchParams;
    expect(query.get('response_type')).toBe('code');
    expect(query.get('client_id')).toBe(rig.oidc.client.clientId);
    expect(query.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(query.get('scope')).toBe(rig.oidc.client.scope);
    expect(query.get('state')?.length).toBeGreaterThanOrEqual(43);
    expect(query.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.get('login_hint')).toBe(anna.email);

    const page = await browser.pages[0];
    expect(page?.status).toBe(200);
    expect(page?.body).toContain('You can return to mailcrm');

    expect(tokens.refreshToken).toBeDefined();
    expect(tokens.expiresAt).toBeGreaterThanOrEqual(
      started + rig.oidc.client.accessTokenSeconds * 1000 - 2000,
    );
    const seen = await introspectToken(rig.oidc.introspection, tokens.accessToken);
    expect(seen).toMatchObject({ active: true, sub: anna.login, token_type: 'Bearer' });
  });

  it('returns the open sign-in to a second request instead of starting another', async () => {
    const provider = await rigProvider(rig);
    const opened: string[] = [];
    const flow = createAuthorizationFlow(
      flowDeps({
        open(url) {
          opened.push(url);
          return Promise.resolve();
        },
      }),
    );
    const first = flow.signIn({ provider, loginHint: anna.email });
    const second = flow.signIn({ provider, loginHint: anna.email });
    expect(second).toBe(first);
    await expect.poll(() => opened.length).toBe(1);
    await followSignIn(opened[0] ?? '');
    await expect(first).resolves.toMatchObject({ provider: { issuer: rig.oidc.issuer } });
    expect(opened).toHaveLength(1);
  });

  it('refuses an answer from another issuer, or none where iss is promised (RFC 9207), before any token request', async () => {
    const provider = await rigProvider(rig);
    const counter = countingFetch();
    const mixedUp = createAuthorizationFlow(
      flowDeps(forgingBrowser({ code: 'x', iss: 'http://127.0.0.1:9/attacker' }), {
        fetch: counter.fetch,
      }),
    );
    await expect(mixedUp.signIn({ provider })).rejects.toMatchObject({
      error: { code: 'PROTOCOL', message: expect.stringContaining('attacker') as unknown },
    });
    const silent = createAuthorizationFlow(
      flowDeps(forgingBrowser({ code: 'x' }), { fetch: counter.fetch }),
    );
    await expect(silent.signIn({ provider })).rejects.toMatchObject({
      error: { code: 'PROTOCOL' },
    });
    expect(counter.grants).toEqual([]);
  });

  it('reports a refused sign-in (access_denied) as such', async () => {
    const provider = await rigProvider(rig);
    const flow = createAuthorizationFlow(flowDeps(httpBrowser()));
    await expect(flow.signIn({ provider, loginHint: 'nobody@example.test' })).rejects.toMatchObject(
      {
        error: {
          code: 'AUTH_FAILED',
          message: expect.stringContaining('cancelled or not allowed') as unknown,
          serverResponse: expect.stringContaining('access_denied') as unknown,
        },
      },
    );
  });
});

describe('OAuth providers', () => {
  it('discovers an OpenID provider only under its own issuer name, and only over HTTPS or loopback', async () => {
    await expect(
      discoverProvider(`${rig.oidc.issuer}/`, { clientId: 'any' }),
    ).rejects.toMatchObject({ error: { code: 'PROTOCOL' } });
    await expect(
      discoverProvider('http://sso.example.test', { clientId: 'any' }),
    ).rejects.toMatchObject({
      error: { code: 'PROTOCOL', message: expect.stringContaining('HTTPS') as unknown },
    });
  });

  it('takes Google and Microsoft client ids from the environment before the settings, never from code', () => {
    const settings = memorySettings();
    expect(() => configuredProvider('google', { settings, env: {} })).toThrow(/No OAuth client/);
    settings.set('oauthClients', { google: { clientId: 'from-settings', clientSecret: 's1' } });
    const google = configuredProvider('google', { settings, env: {} });
    expect(google.client).toEqual({ clientId: 'from-settings', clientSecret: 's1' });
    expect(google.scopes).toEqual(GOOGLE_SCOPES);
    expect(GOOGLE_SCOPES).toEqual(['https://mail.google.com/', 'openid', 'email']);
    const fromEnv = configuredProvider('google', {
      settings,
      env: { MAILCRM_GOOGLE_CLIENT_ID: 'from-env', MAILCRM_GOOGLE_CLIENT_SECRET: 's2' },
    });
    expect(fromEnv.client).toEqual({ clientId: 'from-env', clientSecret: 's2' });
    const microsoft = configuredProvider('microsoft', {
      settings,
      env: { MAILCRM_MICROSOFT_CLIENT_ID: 'ms-app', MAILCRM_MICROSOFT_TENANT: 'organizations' },
    });
    expect(microsoft.client).toEqual({ clientId: 'ms-app' });
    expect(microsoft.tokenEndpoint).toBe(
      'https://login.microsoftonline.com/organizations/oauth2/v2.0/token',
    );
    expect(microsoft.scopes).toEqual(MICROSOFT_SCOPES);
  });
});
