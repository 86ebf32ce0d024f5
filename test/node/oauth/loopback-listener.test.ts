/** The RFC 8252 redirect listener and PKCE, on 127.0.0.1 with fake time. */
import { request } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CALLBACK_PAGE_CSP, RETURN_TO_APP } from '../../../src/main/core/oauth/callback-page';
import {
  LISTENER_TIMEOUT_MS,
  startLoopbackListener,
} from '../../../src/main/core/oauth/loopback-listener';
import { createPkcePair, isValidVerifier, pkceChallenge } from '../../../src/main/core/oauth/pkce';
import { manualTimers } from './oauth-helpers';

const STATE = 'state-0123456789abcdefghijklmnopqrstuvwxyz';

function callbackUrl(redirectUri: string, parameters: Record<string, string>): string {
  return `${redirectUri}?${new URLSearchParams(parameters).toString()}`;
}

/** Resolves with the socket error when nothing accepts a TCP connection there. */
function refusedAt(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      reject(new Error(`${host}:${port} accepted a connection`));
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('PKCE (RFC 7636)', () => {
  it('makes S256 challenges of 43 to 128 character verifiers', () => {
    // RFC 7636 Appendix B.
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    const pair = createPkcePair();
    expect(pair.method).toBe('S256');
    expect(pair.verifier).toHaveLength(43);
    expect(isValidVerifier(pair.verifier)).toBe(true);
    expect(pair.challenge).toBe(pkceChallenge(pair.verifier));
    expect(createPkcePair(96).verifier).toHaveLength(128);
    expect(createPkcePair().verifier).not.toBe(pair.verifier);
    expect(isValidVerifier('short')).toBe(false);
    expect(() => createPkcePair(97)).toThrow(RangeError);
  });
});

describe('the loopback redirect listener (RFC 8252 section 7.3)', () => {
  it('listens on 127.0.0.1 only, on an ephemeral port, at /callback', async () => {
    const listener = await startLoopbackListener({ state: STATE, timers: manualTimers() });
    try {
      expect(listener.redirectUri).toBe(`http://127.0.0.1:${listener.port}/callback`);
      expect(listener.port).toBeGreaterThan(1023);
      // The IPv6 loopback (or any other address of this machine) does not reach it.
      expect(await refusedAt('::1', listener.port)).toMatch(
        /ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH/,
      );
      const other = await fetch(`http://127.0.0.1:${listener.port}/favicon.ico`);
      expect(other.status).toBe(404);
    } finally {
      await listener.close();
    }
    await expect(listener.callback).rejects.toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('refuses a wrong state and keeps waiting; answers the right one with a strict page, then closes', async () => {
    const listener = await startLoopbackListener({ state: STATE, timers: manualTimers() });
    const wrong = await fetch(
      callbackUrl(listener.redirectUri, { state: 'forged', code: 'stolen' }),
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('does not belong to the sign-in');
    const missing = await fetch(callbackUrl(listener.redirectUri, { code: 'no-state' }));
    expect(missing.status).toBe(400);
    const doubled = await fetch(`${listener.redirectUri}?state=${STATE}&state=${STATE}&code=twice`);
    expect(doubled.status).toBe(400);

    const right = await fetch(
      callbackUrl(listener.redirectUri, {
        state: STATE,
        code: 'the-code',
        iss: 'https://issuer.test',
      }),
    );
    expect(right.status).toBe(200);
    expect(right.headers.get('content-security-policy')).toBe(CALLBACK_PAGE_CSP);
    expect(right.headers.get('cache-control')).toBe('no-store');
    expect(right.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await right.text()).toContain(RETURN_TO_APP);
    await expect(listener.callback).resolves.toEqual({
      kind: 'code',
      code: 'the-code',
      iss: 'https://issuer.test',
    });

    // Exactly one callback: the listener is gone, a second one finds nothing to talk to.
    expect(await refusedAt('127.0.0.1', listener.port)).toBe('ECONNREFUSED');
    await listener.close();
  });

  it('refuses a request naming another host (DNS rebinding)', async () => {
    const listener = await startLoopbackListener({ state: STATE, timers: manualTimers() });
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const sent = request(
        {
          host: '127.0.0.1',
          port: listener.port,
          path: `/callback?state=${STATE}&code=x`,
          headers: { host: `rebound.example:${listener.port}` },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      );
      sent.once('error', reject);
      sent.end();
    });
    expect(status).toBe(400);
    await listener.close();
  });

  it('passes an error answer on and still closes after it', async () => {
    const listener = await startLoopbackListener({ state: STATE, timers: manualTimers() });
    const page = await fetch(
      callbackUrl(listener.redirectUri, {
        state: STATE,
        error: 'access_denied',
        error_description: 'The user said no',
      }),
    );
    expect(page.status).toBe(200);
    await expect(listener.callback).resolves.toEqual({
      kind: 'error',
      error: 'access_denied',
      description: 'The user said no',
    });
    expect(await refusedAt('127.0.0.1', listener.port)).toBe('ECONNREFUSED');
  });

  it('gives up after 5 minutes: TIMEOUT, and nothing listens any more', async () => {
    const timers = manualTimers();
    const listener = await startLoopbackListener({ state: STATE, timers });
    expect(timers.pending()).toEqual([LISTENER_TIMEOUT_MS]);
    expect(LISTENER_TIMEOUT_MS).toBe(5 * 60_000);
    timers.fireAll();
    await expect(listener.callback).rejects.toMatchObject({
      error: { code: 'TIMEOUT', message: expect.stringContaining('5 minutes') as unknown },
    });
    expect(await refusedAt('127.0.0.1', listener.port)).toBe('ECONNREFUSED');
    await listener.close();
  });
});
