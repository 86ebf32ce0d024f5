/**
 * OAuth end to end on loopback: headless Chromium follows the authorization URL through the
 * rig's scripted login to the loopback listener; the tokens go to the real test keyring; then
 * Test Connection (IMAP + SMTP), an IMAP session and an SMTP send all sign in with XOAUTH2 /
 * OAUTHBEARER, checked by Dovecot and the rig's SMTP through token introspection. Finally, the
 * refresh token is in the keyring and nowhere in the app's data folder.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAccountService } from '../../../src/main/core/accounts/account-service';
import { smtpTransportOptions } from '../../../src/main/core/connection/smtp-check';
import { openImapSession } from '../../../src/main/core/imap/imap-session';
import { createAuthorizationFlow } from '../../../src/main/core/oauth/authorization-flow';
import { createTokenManager } from '../../../src/main/core/oauth/token-manager';
import { refreshTokenKey } from '../../../src/main/core/oauth/token-store';
import type { ExternalOpener } from '../../../src/main/core/ports';
import { draftOf } from '../../../src/main/core/sync/sync-account';
import { addRigUser } from '../../servers/rig-users';
import { createTestCore, keytar, rigDraft } from '../accounts/core-deps';
import { rigProvider } from './oauth-helpers';
import { CHROMIUM_LAUNCH } from '../../servers/chromium';

const rig = inject('rig');

let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch({
    ...CHROMIUM_LAUNCH,
  });
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
});

/** The system browser, played by Chromium: opening a URL navigates the page to it. */
function chromiumOpener(navigations: Promise<unknown>[]): ExternalOpener {
  return {
    open(url) {
      navigations.push(page.goto(url, { waitUntil: 'load' }));
      return Promise.resolve();
    },
  };
}

/** Every file under `dir`, as text. */
async function filesUnder(dir: string): Promise<{ path: string; text: string }[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        return { path, text: await readFile(path, 'latin1') };
      }),
  );
}

describe('OAuth sign-in, then IMAP and SMTP with XOAUTH2', () => {
  it('signs in through Chromium, tests, syncs and sends with the token, and keeps the refresh token only in the keyring', async () => {
    const core = await createTestCore(rig);
    const user = await addRigUser(rig);
    const tokens = createTokenManager({
      secrets: core.deps.secrets,
      settings: core.deps.settings,
      clock: core.deps.clock,
      logger: core.deps.logger,
    });
    const accounts = createAccountService(core.deps, { oauth: tokens });
    const account = await accounts.create(rigDraft(rig, user, { auth: 'oauth' }), {});

    const navigations: Promise<unknown>[] = [];
    const flow = createAuthorizationFlow({
      browser: chromiumOpener(navigations),
      clock: core.deps.clock,
      logger: core.deps.logger,
    });
    const signIn = await flow.signIn({ provider: await rigProvider(rig), loginHint: user.email });
    await Promise.all(navigations);
    expect(page.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?code=/);
    expect(await page.textContent('body')).toContain('You can return to mailcrm');
    await tokens.completeSignIn(account.id, signIn);

    // Test Connection: IMAP login + LIST and SMTP EHLO + AUTH, both with the access token.
    const tested = await accounts.testConnection(draftOf(account), {}, account.id);
    expect(tested.imap.error).toBeUndefined();
    expect(tested.smtp.error).toBeUndefined();
    expect(tested.imap.folders.map((folder) => folder.path)).toContain('INBOX');

    // An SMTP send with XOAUTH2 that arrives in the mailbox.
    const subject = `OAuth send ${Date.now()}`;
    const transport = createTransport(
      await smtpTransportOptions(
        account.smtp,
        { user: user.login, accessToken: await tokens.getAccessToken(account.id) },
        { dns: core.deps.dns, extraCaPem: core.deps.extraCaPem, timeoutMs: 10_000 },
      ),
    );
    try {
      const sent = await transport.sendMail({
        from: user.email,
        to: user.email,
        subject,
        text: 'Sent with an OAuth 2 access token.',
      });
      expect(sent.accepted).toEqual([user.email]);
    } finally {
      transport.close();
    }

    // A sync-style IMAP session (openImapSession, as the sync engine opens it) finds it.
    const session = await openImapSession(account, {
      dns: core.deps.dns,
      extraCaPem: core.deps.extraCaPem,
      timeoutMs: 10_000,
      readCredentials: () => accounts.readCredentials(account.id),
      oauth: tokens,
    });
    try {
      const lock = await session.client.getMailboxLock('INBOX');
      try {
        const found = await session.client.search({ header: { subject } }, { uid: true });
        expect(found).toHaveLength(1);
      } finally {
        lock.release();
      }
      // The header pass's second, raw connection signs in with the same token.
      const raw = await session.openRawConnection();
      expect(raw.capabilities.has('IMAP4REV1')).toBe(true);
      await raw.close();
    } finally {
      await session.close();
    }

    // The refresh token is in the keyring, and in no file of the app's data folder.
    const refreshToken = signIn.tokens.refreshToken ?? '';
    expect(refreshToken.length).toBeGreaterThan(20);
    expect(await keytar.getPassword(core.service, refreshTokenKey(account.id))).toBe(refreshToken);
    const files = await filesUnder(core.settingsDir);
    expect(files.map((file) => file.path)).toContain(core.settingsFile);
    expect(await core.readSettingsText()).toContain(rig.oidc.issuer);
    for (const file of files) {
      expect(file.text.includes(refreshToken), file.path).toBe(false);
      expect(file.text.includes(signIn.tokens.accessToken), file.path).toBe(false);
    }

    // Removing the account removes the refresh token from the keyring too.
    await accounts.remove(account.id);
    expect(await keytar.getPassword(core.service, refreshTokenKey(account.id))).toBeNull();
  });
});
