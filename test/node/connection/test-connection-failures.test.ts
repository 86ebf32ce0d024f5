/**
 * Test Connection naming the cause: wrong passwords per side (one side failing never hides the
 * other), refused ports, unknown names, silent servers, and a missing password.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createNodeDnsResolver } from '../../../src/main/core/adapters/node-dns-resolver';
import { testConnection } from '../../../src/main/core/connection/test-connection';
import type { AccountDraft } from '../../../src/shared/account';
import { listenLoopback, rigDraft, type LoopbackServer } from './helpers';

const rig = inject('rig');
const anna = rig.users[0] ?? fail('the rig has no users');
const deps = { dns: createNodeDnsResolver([rig.dnsServer]), timeoutMs: 5000 };

/** Throws: a precondition of the whole file does not hold. */
function fail(message: string): never {
  throw new Error(message);
}

/** A draft whose SMTP side has its own login and password field. */
function separateSmtpLogin(draft: AccountDraft): AccountDraft {
  return { ...draft, smtp: { ...draft.smtp, sameCredentialsAsImap: false, login: anna.login } };
}

/** The draft with both sides on `port` (and `host`, if given). */
function onPort(draft: AccountDraft, port: number, host?: string): AccountDraft {
  const where = { port, ...(host !== undefined ? { host } : {}) };
  return { ...draft, imap: { ...draft.imap, ...where }, smtp: { ...draft.smtp, ...where } };
}

describe('wrong passwords', () => {
  it('fails IMAP alone when only the IMAP password is wrong', async () => {
    const draft = separateSmtpLogin(rigDraft(rig, anna));
    const result = await testConnection(
      draft,
      { password: 'wrong-password', smtpPassword: anna.password },
      deps,
    );
    expect(result.imap.error?.code).toBe('AUTH_FAILED');
    expect(result.imap.error?.serverResponse).toMatch(/AUTHENTICATIONFAILED/i);
    expect(result.imap.folders).toEqual([]);
    expect(result.smtp).toEqual({ ok: true });
  });

  it('fails SMTP alone when only the SMTP password is wrong', async () => {
    const draft = separateSmtpLogin(rigDraft(rig, anna, { security: 'starttls' }));
    const result = await testConnection(
      draft,
      { password: anna.password, smtpPassword: 'wrong-password' },
      deps,
    );
    expect(result.imap.ok).toBe(true);
    expect(result.smtp.error?.code).toBe('AUTH_FAILED');
    expect(result.smtp.error?.serverResponse).toMatch(/^535/);
  });

  it("adds the provider's advice (Gmail: an app password) to a refused login", async () => {
    const draft: AccountDraft = { ...rigDraft(rig, anna), provider: 'gmail' };
    const result = await testConnection(draft, { password: 'wrong-password' }, deps);
    expect(result.imap.error?.code).toBe('AUTH_FAILED');
    expect(result.smtp.error?.code).toBe('AUTH_FAILED');
    expect(result.imap.error?.hint).toMatch(/app password/i);
    expect(result.smtp.error?.hint).toMatch(/app password/i);
  });
});

describe('unreachable servers', () => {
  let silent: LoopbackServer;

  beforeAll(async () => {
    // Accepts connections and never says a word: no greeting, no TLS handshake.
    silent = await listenLoopback(() => undefined);
  });

  afterAll(async () => {
    await silent.close();
  });

  it('reports CONNECTION_REFUSED for a closed port', async () => {
    const result = await testConnection(
      onPort(rigDraft(rig, anna), rig.closedPort),
      { password: anna.password },
      deps,
    );
    expect(result.imap.error).toMatchObject({ code: 'CONNECTION_REFUSED', retryable: true });
    expect(result.smtp.error).toMatchObject({ code: 'CONNECTION_REFUSED', retryable: true });
  });

  it("reports DNS_NOT_FOUND for a name the rig's DNS does not know", async () => {
    const result = await testConnection(
      onPort(rigDraft(rig, anna), rig.imap.tlsPort, 'nowhere.example.test'),
      { password: anna.password },
      deps,
    );
    expect(result.imap.error?.code).toBe('DNS_NOT_FOUND');
    expect(result.smtp.error?.code).toBe('DNS_NOT_FOUND');
  });

  it.each(['tls', 'starttls'] as const)(
    'reports TIMEOUT for a server that never speaks (%s)',
    async (security) => {
      const started = Date.now();
      const result = await testConnection(
        onPort(rigDraft(rig, anna, { security }), silent.port),
        { password: anna.password },
        { ...deps, timeoutMs: 300 },
      );
      expect(result.imap.error?.code).toBe('TIMEOUT');
      expect(result.smtp.error?.code).toBe('TIMEOUT');
      expect(Date.now() - started).toBeLessThan(3000);
    },
  );
});

describe('missing secrets', () => {
  let listener: LoopbackServer;

  beforeAll(async () => {
    listener = await listenLoopback((socket) => socket.destroy());
  });

  afterAll(async () => {
    await listener.close();
  });

  it('asks for the password without connecting', async () => {
    const draft = separateSmtpLogin(onPort(rigDraft(rig, anna), listener.port));
    const result = await testConnection(draft, {}, deps);
    expect(result.imap.error).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Enter the password.',
    });
    expect(result.smtp.error).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Enter the SMTP password.',
    });
    expect(listener.received()).toEqual([]);
  });

  it('checks SMTP without a login when the server needs none', async () => {
    const draft = rigDraft(rig, anna, { security: 'starttls' });
    const result = await testConnection(
      { ...draft, smtp: { ...draft.smtp, noAuth: true } },
      { password: anna.password },
      deps,
    );
    expect(result.smtp).toEqual({ ok: true });
  });
});
