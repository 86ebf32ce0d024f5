/**
 * End to end: the Email Accounts screen in headless Chromium, through the built browser bridge,
 * against the rig's real Dovecot, SMTP server and DNS on 127.0.0.1. The rig's certificate is
 * self-signed, so adding an account goes through "Trust this certificate" as a user would.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { RigUser } from '../servers/rig-info';
import {
  fillServerSettings,
  openAddAccount as openDialog,
  SLOW,
  trustOfferedCertificates,
} from './account-ui';
import { startBridge, type Bridge } from './bridge';
import { CHROMIUM_LAUNCH } from '../servers/chromium';

const rig = inject('rig');
const RESULTS = resolve(import.meta.dirname, '../../test-results');

let bridge: Bridge | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  await mkdir(RESULTS, { recursive: true });
  bridge = await startBridge({ tempDir: rig.tempDir, dnsServer: rig.dnsServer });
  browser = await chromium.launch({
    ...CHROMIUM_LAUNCH,
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(bridge.url);
});

afterAll(async () => {
  await browser?.close();
  await bridge?.stop();
});

function user(index: number): RigUser {
  const found = rig.users[index];
  if (!found) throw new Error(`The rig has no user #${index}`);
  return found;
}

/** Steps 1 and 2: the address and server settings, then on to the password step. */
async function enterSettings(
  dialog: Locator,
  who: RigUser,
  accountName: string,
  screenshot?: string,
): Promise<void> {
  await fillServerSettings(dialog, rig, who, accountName);
  if (screenshot) await page.screenshot({ path: resolve(RESULTS, screenshot) });
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await dialog.getByLabel('Password', { exact: true }).waitFor();
}

/** Runs Test Connection and trusts the rig's self-signed certificate wherever it is offered. */
async function testAndTrust(dialog: Locator, screenshot?: string): Promise<void> {
  await dialog.getByRole('button', { name: 'Test Connection' }).click();
  const imapLine = dialog.getByText(/^IMAP \(incoming\): (OK|Failed)$/);
  await imapLine.waitFor(SLOW);
  expect(await imapLine.textContent()).toBe('IMAP (incoming): Failed');

  const card = dialog.getByRole('region', { name: /^Certificate presented by/ }).first();
  await card.waitFor();
  await card.getByText(rig.certificate.fingerprint256).waitFor();
  await card.getByText('Subject').waitFor();
  if (screenshot) await page.screenshot({ path: resolve(RESULTS, screenshot) });
  await trustOfferedCertificates(dialog);
  expect(await dialog.getByRole('button', { name: /^Trust this certificate/ }).count()).toBe(0);
}

describe('Email Accounts', () => {
  test('starts empty and offers to add an account', async () => {
    await page.getByRole('heading', { name: 'Email Accounts', exact: true }).waitFor();
    await page.getByText('No email accounts yet').waitFor(SLOW);
    expect(await page.getByRole('button', { name: 'Add account' }).isEnabled()).toBe(true);
    // The page runs under the strict CSP: anything it blocked would be a bug in the build.
    expect(pageErrors.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
    await page.screenshot({ path: resolve(RESULTS, 'accounts-empty.png') });
  });

  test(
    'adds an account: settings, certificate, test, folders, save',
    { timeout: 120_000 },
    async () => {
      const anna = user(0);
      const dialog = await openDialog(page);
      await enterSettings(dialog, anna, 'Anna at the rig', 'add-account-settings.png');
      await dialog.getByLabel('Password', { exact: true }).fill(anna.password);
      await testAndTrust(dialog, 'add-account-certificate.png');

      await dialog.getByText('IMAP (incoming): OK').waitFor();
      await dialog.getByText('SMTP (outgoing): OK').waitFor();
      await dialog.getByText('Both servers work.').waitFor();
      await page.screenshot({ path: resolve(RESULTS, 'add-account-test.png') });

      await dialog.getByRole('button', { name: 'Continue', exact: true }).click();
      await dialog.getByLabel('Sent folder').waitFor();
      expect(await dialog.getByLabel('Inbox folder').inputValue()).toBe('INBOX');
      expect(await dialog.getByLabel('Sent folder').inputValue()).toBe('Sent');
      expect(await dialog.getByLabel('Drafts folder').inputValue()).toBe('Drafts');
      expect(await dialog.getByLabel('Trash folder').inputValue()).toBe('Trash');
      await page.screenshot({ path: resolve(RESULTS, 'add-account-folders.png') });

      await dialog.getByRole('button', { name: 'Save account' }).click();
      await dialog.waitFor({ state: 'hidden', ...SLOW });
      const row = page.getByRole('row', { name: /Anna at the rig/ });
      await row.waitFor();
      await row.getByText(anna.email).waitFor();
      await row.getByText('Active', { exact: true }).waitFor();
      await row.getByText('Personal', { exact: true }).waitFor();
      await page.screenshot({ path: resolve(RESULTS, 'accounts-list.png') });
    },
  );

  test('a wrong password shows the refusal and what to do', { timeout: 120_000 }, async () => {
    const ben = user(1);
    const dialog = await openDialog(page);
    await enterSettings(dialog, ben, 'Ben with a typo');
    await dialog.getByLabel('Password', { exact: true }).fill(`${ben.password}-wrong`);
    await testAndTrust(dialog);

    const imap = dialog.getByRole('listitem').filter({ hasText: 'IMAP (incoming): Failed' });
    await imap.waitFor();
    await imap.getByText(/refused the login name or password/).waitFor();
    expect((await imap.locator('.result-hint').textContent())?.trim()).toBeTruthy();
    await page.screenshot({ path: resolve(RESULTS, 'add-account-auth-failed.png') });

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByRole('row', { name: /Ben with a typo/ }).count()).toBe(0);
  });

  test('row actions: disable, enable, create copy, delete', { timeout: 60_000 }, async () => {
    const row = page.getByRole('row', { name: /Anna at the rig/ }).first();
    await row.getByRole('button', { name: 'Disable Anna at the rig' }).click();
    await row.getByText('Disabled', { exact: true }).waitFor(SLOW);
    await row.getByRole('button', { name: 'Enable Anna at the rig' }).click();
    await row.getByText('Active', { exact: true }).waitFor(SLOW);

    // A copy has the same settings and no password: it waits for one.
    await row.getByRole('button', { name: 'Create copy of Anna at the rig' }).click();
    const copies = page.getByRole('row').filter({ hasText: 'Awaiting password' });
    await copies.first().waitFor(SLOW);
    expect(await copies.count()).toBe(1);
    const copyName = (await copies.first().locator('.account-name').textContent())?.trim() ?? '';
    expect(copyName).not.toBe('');

    await copies
      .first()
      .getByRole('button', { name: /^Delete / })
      .click();
    const confirm = page.getByRole('dialog', { name: /^Delete / });
    await confirm.getByText(/removed from\s+the system keychain/).waitFor();
    await page.screenshot({ path: resolve(RESULTS, 'accounts-delete.png') });
    await confirm.getByRole('button', { name: 'Delete account' }).click();
    await confirm.waitFor({ state: 'hidden', ...SLOW });
    await copies.first().waitFor({ state: 'detached', ...SLOW });
    await row.getByText('Active', { exact: true }).waitFor();
  });

  test('edits an account and keeps its stored password', { timeout: 60_000 }, async () => {
    await page.getByRole('button', { name: 'Edit Anna at the rig' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Anna at the rig' });
    await dialog.getByLabel('Account name').fill('Anna, edited');
    // Saving from the settings step: a blank password keeps the one in the keychain.
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden', ...SLOW });
    const row = page.getByRole('row', { name: /Anna, edited/ });
    await row.getByText('Active', { exact: true }).waitFor(SLOW);

    // Test Connection with the stored password still signs in.
    await row.getByRole('button', { name: 'Edit Anna, edited' }).click();
    const again = page.getByRole('dialog', { name: 'Edit Anna, edited' });
    await again.getByRole('button', { name: 'Continue' }).click();
    await again.getByRole('button', { name: 'Test Connection' }).click();
    await again.getByText('IMAP (incoming): OK').waitFor(SLOW);
    await again.getByText('SMTP (outgoing): OK').waitFor();
    await again.getByRole('button', { name: 'Cancel' }).click();
    await again.waitFor({ state: 'hidden' });
  });
});
