/**
 * Helpers for the OAuth tests: the rig's provider as an OAuthProvider, a browser stand-in that
 * follows the authorization URL over HTTP (cookies kept) through the rig's scripted login to
 * the loopback callback, fake clocks and timers, a fetch that counts token requests, and
 * in-memory stores. Every request goes to 127.0.0.1.
 */
import type { ExternalOpener, SecretStore, SettingsStore } from '../../../src/main/core/ports';
import type { FetchLike } from '../../../src/main/core/oauth/oauth-http';
import type { OAuthTimers } from '../../../src/main/core/oauth/loopback-listener';
import { discoverProvider, type OAuthProvider } from '../../../src/main/core/oauth/providers';
import type { RigInfo, RigOidcClient } from '../../servers/rig-info';

/** The rig's provider, found by discovery, for one of its test clients. */
export function rigProvider(
  rig: RigInfo,
  client: RigOidcClient = rig.oidc.client,
): Promise<OAuthProvider> {
  return discoverProvider(
    rig.oidc.issuer,
    { clientId: client.clientId },
    { scopes: client.scope.split(' ') },
  );
}

/** The last answer of a followed sign-in: the loopback listener's page, or where it stopped. */
export interface FollowedPage {
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

/** Refuses to leave loopback: a test must never contact another address. */
function loopbackOnly(url: URL): void {
  if (url.hostname !== '127.0.0.1') throw new Error(`test refused a non-loopback URL: ${url.href}`);
}

/**
 * Follows an authorization URL as a browser would: GET, keep cookies, follow redirects, until
 * a response that is not a redirect (the loopback listener's page, or an error page).
 */
export async function followSignIn(start: string, maxHops = 10): Promise<FollowedPage> {
  const cookies = new Map<string, string>();
  let url = new URL(start);
  for (let hop = 0; hop < maxHops; hop += 1) {
    loopbackOnly(url);
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const separator = pair.indexOf('=');
      if (separator > 0) cookies.set(pair.slice(0, separator), pair.slice(separator + 1));
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || location === null) {
      return {
        url: url.href,
        status: response.status,
        headers: response.headers,
        body: await response.text(),
      };
    }
    await response.body?.cancel();
    url = new URL(location, url);
  }
  throw new Error(`more than ${maxHops} redirects from ${start}`);
}

/** A browser stand-in: records each URL and follows it over HTTP in the background. */
export interface HttpBrowser extends ExternalOpener {
  readonly opened: string[];
  /** The pages the followed sign-ins ended on, in order. */
  readonly pages: Promise<FollowedPage>[];
}

/** Opens URLs by following them with followSignIn. */
export function httpBrowser(): HttpBrowser {
  const opened: string[] = [];
  const pages: Promise<FollowedPage>[] = [];
  return {
    opened,
    pages,
    open(url) {
      opened.push(url);
      const page = followSignIn(url);
      // The test awaits `pages`; the rejection must not count as unhandled meanwhile.
      page.catch(() => undefined);
      pages.push(page);
      return Promise.resolve();
    },
  };
}

/** A clock the test moves by hand. */
export interface FakeClock {
  now(): number;
  advance(ms: number): void;
}

/** Starts at the real time, so tokens from the real provider look as fresh as they are. */
export function fakeClock(start = Date.now()): FakeClock {
  let now = start;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
  };
}

/** Timers that fire only when the test says so. */
export interface ManualTimers extends OAuthTimers {
  /** Delays of the timers still pending. */
  pending(): number[];
  /** Fires every pending timer. */
  fireAll(): void;
}

export function manualTimers(): ManualTimers {
  const timers = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  return {
    setTimeout(callback, ms) {
      const id = next;
      next += 1;
      timers.set(id, { callback, ms });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    pending: () => [...timers.values()].map((timer) => timer.ms),
    fireAll() {
      const due = [...timers.values()];
      timers.clear();
      for (const timer of due) timer.callback();
    },
  };
}

/** A fetch that records each request's grant_type (or URL path) before passing it on. */
export interface CountingFetch {
  readonly fetch: FetchLike;
  readonly grants: string[];
}

export function countingFetch(): CountingFetch {
  const grants: string[] = [];
  return {
    grants,
    fetch(url, init) {
      const target = new URL(url);
      loopbackOnly(target);
      const body = typeof init.body === 'string' ? new URLSearchParams(init.body) : undefined;
      grants.push(body?.get('grant_type') ?? target.pathname);
      return fetch(url, init);
    },
  };
}

/** Revokes a token at the rig's provider as the public client (RFC 7009); for a refresh token this ends the grant. */
export async function revokeToken(rig: RigInfo, clientId: string, token: string): Promise<void> {
  const response = await fetch(rig.oidc.revocationUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      token,
      token_type_hint: 'refresh_token',
      client_id: clientId,
    }).toString(),
  });
  if (!response.ok)
    throw new Error(`revocation answered ${response.status}: ${await response.text()}`);
}

/** An in-memory keychain that records what it was given. */
export function memorySecrets(): SecretStore & { readonly entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: (account) => Promise.resolve(entries.get(account) ?? null),
    set(account, secret) {
      entries.set(account, secret);
      return Promise.resolve();
    },
    delete: (account) => Promise.resolve(entries.delete(account)),
    probe: () => Promise.resolve({ available: true }),
  };
}

/** In-memory settings. */
export function memorySettings(): SettingsStore {
  const values = new Map<string, unknown>();
  return {
    get: <T>(key: string) => values.get(key) as T | undefined,
    set(key, value) {
      values.set(key, value);
    },
  };
}
