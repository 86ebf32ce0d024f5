/**
 * Steps of the add-account dialog as a user takes them, shared by the end-to-end tests: open
 * the dialog, enter the rig's server settings, trust the rig's self-signed certificate.
 */
import type { Locator, Page } from 'playwright-core';
import type { RigInfo, RigUser } from '../servers/rig-info';

/** Detection and connection tests talk to real servers: give them more than a click's time. */
export const SLOW = { timeout: 30_000 };

/** Opens the add-account dialog from the empty state or the list's header. */
export async function openAddAccount(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Add account' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add email account' });
  await dialog.waitFor();
  return dialog;
}

/** Steps 1 and 2 up to Continue: the address (detected from DNS), then every server field. */
export async function fillServerSettings(
  dialog: Locator,
  rig: RigInfo,
  who: RigUser,
  accountName: string,
): Promise<void> {
  await dialog.getByLabel('Email address').fill(who.email);
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await dialog.getByLabel('IMAP host').waitFor(SLOW);
  // The rig's zone (test/servers/rig-dns-zone.ts) publishes RFC 6186 SRV records for example.test.
  await dialog.getByText('From DNS SRV records', { exact: false }).waitFor();

  await dialog.getByLabel('Account name').fill(accountName);
  await dialog.getByLabel('Sender name').fill(accountName);
  await dialog.getByLabel('Login', { exact: true }).fill(who.login);
  // Security first: changing it moves a default port along.
  await dialog.getByLabel('IMAP security').selectOption({ label: 'SSL/TLS' });
  await dialog.getByLabel('IMAP host').fill(rig.hostname);
  await dialog.getByLabel('IMAP port').fill(String(rig.imap.tlsPort));
  await dialog.getByLabel('SMTP security').selectOption({ label: 'STARTTLS' });
  await dialog.getByLabel('SMTP host').fill(rig.hostname);
  await dialog.getByLabel('SMTP port').fill(String(rig.smtp.starttlsPort));
}

/** Presses "Trust this certificate" wherever a test result offers it, waiting for each re-test. */
export async function trustOfferedCertificates(dialog: Locator): Promise<void> {
  // One card when IMAP and SMTP present the same certificate, else one per server.
  for (let round = 0; round < 2; round += 1) {
    const trust = dialog.getByRole('button', { name: /^Trust this certificate/ });
    if ((await trust.count()) === 0) break;
    await trust.first().click();
    await dialog
      .getByRole('status')
      .filter({ hasText: 'Testing IMAP and SMTP' })
      .waitFor({ state: 'detached', ...SLOW });
    await dialog.getByRole('region', { name: 'Test results' }).waitFor(SLOW);
  }
}
