/**
 * OAuth sign-in end to end: an account added in the app's dialog with browser sign-in against
 * the rig's OpenID provider. The bridge's "system browser" ($BROWSER) is a script that writes
 * the authorization URL to a file; a second Chromium tab opens it as the user's browser would,
 * signs in (the rig's scripted login) and lands on the loopback callback. The dialog then tests
 * both servers with XOAUTH2 (Dovecot and the rig's SMTP check the token by introspection), the
 * account is saved, and its Inbox syncs with the token.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { CHROMIUM_LAUNCH } from '../servers/chromium';
import { deliver } from '../servers/deliver';
import { addRigUser } from '../servers/rig-users';
import { fillServerSettings, openAddAccount, SLOW, trustOfferedCertificates } from './account-ui';
import { startBridge, type Bridge } from './bridge';

const rig = inject('rig');
const RESULTS = resolve(import.meta.dirname, '../../test-results');

let bridge: Bridge | undefined;
let browser: Browser | undefined;
let page: Page;
let openedUrls: string;

beforeAll(async () => {
  openedUrls = join(rig.tempDir, `oauth-opened-${Date.now()}.txt`);
  const opener = join(rig.tempDir, `oauth-opener-${Date.now()}.sh`);
  await writeFile(opener, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${openedUrls}'\n`, { mode: 0o755 });
  bridge = await startBridge({
    tempDir: rig.tempDir,
    dnsServer: rig.dnsServer,
    env: { BROWSER: opener },
  });
  browser = await chromium.launch({ ...CHROMIUM_LAUNCH });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(bridge.url);
});

afterAll(async () => {
  await browser?.close();
  await bridge?.stop();
});

/** The URL the app asked the system browser to open. */
async function openedUrl(): Promise<string> {
  let url: string | undefined;
  await expect
    .poll(
      async () => {
        const text = await readFile(openedUrls, 'utf8').catch(() => '');
        url = text.split('\n').find((line) => line.startsWith('http://127.0.0.1:'));
        return url !== undefined;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return url ?? '';
}

test(
  'adds an OAuth account by signing in through the browser, tests and syncs it',
  { timeout: 120_000 },
  async () => {
    const user = await addRigUser(rig);
    const subject = `Waiting for the OAuth account ${Date.now()}`;
    const raw = [
      'From: Rig <rig@example.test>',
      `To: ${user.email}`,
      `Subject: ${subject}`,
      `Message-ID: <oauth-${Date.now()}@example.test>`,
      `Date: ${new Date().toUTCString()}`,
      '',
      'Synced with an access token.',
      '',
    ].join('\r\n');
    await deliver(rig, [{ from: 'rig@example.test', to: [user.email], raw }]);

    const dialog = await openAddAccount(page);
    await fillServerSettings(dialog, rig, user, 'Signed in with OAuth');
    await dialog.getByLabel('Sign-in method').selectOption({ label: 'Browser sign-in (OAuth)' });
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByLabel('Sign-in provider (issuer URL)').fill(rig.oidc.issuer);
    await dialog.getByLabel('Client ID').fill(rig.oidc.client.clientId);
    await page.screenshot({ path: resolve(RESULTS, 'oauth-sign-in.png') });
    await dialog.getByRole('button', { name: 'Sign in with your provider' }).click();
    await dialog.getByText(/Waiting for you to finish signing in/).waitFor();

    // The user's browser: follows the authorization request to the loopback callback.
    const url = new URL(await openedUrl());
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('login_hint')).toBe(user.login);
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const userBrowser = await browser?.newPage();
    await userBrowser?.goto(url.href);
    await userBrowser?.getByText('You can return to mailcrm').waitFor(SLOW);
    await userBrowser?.close();

    // Back in the app, the account is saved (the dialog now edits it): Test Connection runs
    // with the new token, and the rig's certificate is trusted.
    const editing = page.getByRole('dialog');
    await editing.getByRole('region', { name: 'Test results' }).waitFor(SLOW);
    await trustOfferedCertificates(editing);
    await editing.getByText('IMAP (incoming): OK').waitFor(SLOW);
    await editing.getByText('SMTP (outgoing): OK').waitFor();
    await page.screenshot({ path: resolve(RESULTS, 'oauth-tested.png') });
    await editing.getByRole('button', { name: 'Continue', exact: true }).click();
    await editing.getByRole('button', { name: 'Save changes' }).click();
    await editing.waitFor({ state: 'hidden', ...SLOW });
    const row = page.getByRole('row', { name: /Signed in with OAuth/ });
    await row.getByText('Active', { exact: true }).waitFor(SLOW);

    await page.getByRole('button', { name: 'Mail', exact: true }).click();
    await page.getByText(subject).first().waitFor(SLOW);
    await page.screenshot({ path: resolve(RESULTS, 'oauth-synced.png') });
  },
);
