/**
 * End to end, offline: an account syncs its Inbox in headless Chromium through the built browser
 * bridge; then the app quits, the bridge stops and the IMAP server becomes unreachable; a new
 * bridge on the same port (so the same origin, hence the same IndexedDB) and the same browser
 * profile start again, and the inbox and the bodies read before are still there, with the
 * connection shown as down, not as healthy.
 *
 * The account reaches Dovecot through a loopback TCP proxy: closing the proxy makes the server
 * unreachable while the rest of the rig keeps running for other test files.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ImapFlow } from 'imapflow';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { e2eAccountDraft } from './account-draft';
import {
  connectContract,
  newKeychainService,
  startBridge,
  type Bridge,
  type BridgeOptions,
} from './bridge';
import { deliver, type Delivery } from '../servers/deliver';
import { freePort } from '../servers/free-port';
import type { RigUser } from '../servers/rig-info';
import { addRigUser } from '../servers/rig-users';
import { startTcpProxy, type TcpProxy } from '../servers/tcp-proxy';
import { CHROMIUM_LAUNCH } from '../servers/chromium';

const rig = inject('rig');
const RESULTS = resolve(import.meta.dirname, '../../test-results');
const SLOW = { timeout: 30_000 };

// --- The mailbox ---------------------------------------------------------------------------

const PLAIN_COUNT = 26;
const HOUR = 3600_000;

/** One RFC 5322 message with CRLF line ends; `body` is what follows the Content-Type header. */
function message(from: string, to: string, subject: string, date: Date, body: string[]): Delivery {
  const id = `<${randomBytes(6).toString('hex')}@example.test>`;
  const head = [`From: ${from}`, `To: ${to}`, `Subject: ${subject}`, `Date: ${date.toUTCString()}`];
  const raw = [...head, `Message-ID: ${id}`, 'MIME-Version: 1.0', ...body, ''].join('\r\n');
  return { from: /<(.+)>/.exec(from)?.[1] ?? from, to: [to], raw };
}

function plainMessage(index: number, to: string, date: Date): Delivery {
  const n = String(index).padStart(2, '0');
  return message(`Sender ${n} <sender-${n}@example.test>`, to, `Offline check ${n}`, date, [
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Plain body number ${n}: the quick brown fox reads offline.`,
  ]);
}

/** HTML with a script, a remote stylesheet, a tracking pixel and a javascript: link. */
function htmlMessage(index: number, to: string, date: Date): Delivery {
  const html = [
    '<html><head><style>@import url("http://127.0.0.1:9/remote.css"); p { color: #234; }</style></head>',
    `<body><p>HTML body marker ${index}</p>`,
    '<img src="http://127.0.0.1:9/pixel.gif" alt="tracking pixel">',
    '<script>document.title = "script ran"</script>',
    '<a href="javascript:alert(1)">bad link</a> <a href="https://example.test/">good link</a>',
    '</body></html>',
  ];
  return message('Newsletter <news@example.test>', to, `HTML letter ${index}`, date, [
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `HTML body marker ${index} (plain version)`,
    '--alt',
    'Content-Type: text/html; charset=utf-8',
    '',
    ...html,
    '--alt--',
  ]);
}

function attachmentMessage(to: string, date: Date): Delivery {
  return message('Reports <reports@example.test>', to, 'Quarterly report attached', date, [
    'Content-Type: multipart/mixed; boundary="mix"',
    '',
    '--mix',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The report is attached.',
    '--mix',
    'Content-Type: text/plain; name="report.txt"',
    'Content-Disposition: attachment; filename="report.txt"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('Revenue went up.\n').toString('base64'),
    '--mix--',
  ]);
}

/** 30 messages: plain ones, two HTML letters, one with an attachment, one outside the window. */
function mailbox(to: string): Delivery[] {
  const now = Date.now();
  const plain = Array.from({ length: PLAIN_COUNT }, (_, i) =>
    plainMessage(i + 1, to, new Date(now - (i + 5) * HOUR)),
  );
  // 120 days old: outside the default 30-day window, so its body downloads when opened.
  const old = plainMessage(99, to, new Date(now - 120 * 24 * HOUR));
  return [
    ...plain,
    old,
    htmlMessage(1, to, new Date(now - 2 * HOUR)),
    htmlMessage(2, to, new Date(now - 3 * HOUR)),
    attachmentMessage(to, new Date(now - HOUR)),
  ];
}

/** A mail folder to choose, and a calendar folder the app must refuse. */
async function createFolders(who: RigUser): Promise<void> {
  const imap = new ImapFlow({
    host: '127.0.0.1',
    port: rig.imap.tlsPort,
    secure: true,
    auth: { user: who.login, pass: who.password },
    tls: { ca: rig.certificate.pem, servername: rig.hostname },
    logger: false,
  });
  await imap.connect();
  await imap.mailboxCreate('Projects');
  await imap.mailboxCreate('Calendar');
  await imap.logout();
}

// --- The test ------------------------------------------------------------------------------

let user: RigUser;
let proxy: TcpProxy | undefined;
let bridge: Bridge | undefined;
let context: BrowserContext | undefined;
let page: Page;
let settings: BridgeOptions & { readonly dataDir: string };
let profileDir: string;
const pageErrors: string[] = [];

async function launch(url: string): Promise<void> {
  context = await chromium.launchPersistentContext(profileDir, {
    ...CHROMIUM_LAUNCH,
    viewport: { width: 1400, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
}

beforeAll(async () => {
  await mkdir(RESULTS, { recursive: true });
  user = await addRigUser(rig);
  await deliver(rig, mailbox(user.email));
  await createFolders(user);
  proxy = await startTcpProxy({ host: '127.0.0.1', port: rig.imap.tlsPort });
  settings = {
    tempDir: rig.tempDir,
    dnsServer: rig.dnsServer,
    port: await freePort(),
    dataDir: await mkdtemp(join(rig.tempDir, 'offline-data-')),
    keychainService: newKeychainService(),
  };
  profileDir = await mkdtemp(join(rig.tempDir, 'offline-profile-'));
  bridge = await startBridge(settings);
  await launch(bridge.url);
});

afterAll(async () => {
  await context?.close();
  await bridge?.stop();
  await proxy?.close();
  await rm(settings.dataDir, { recursive: true, force: true });
  await rm(profileDir, { recursive: true, force: true });
});

const TOTAL = PLAIN_COUNT + 4;

async function openMessage(subject: string | RegExp): Promise<void> {
  await page.getByRole('option', { name: subject }).first().click();
  await page.locator('#reader-subject').filter({ hasText: subject }).waitFor(SLOW);
}

/** The oldest message is far below the rows on screen: End in the list scrolls there and opens it. */
async function openLast(): Promise<void> {
  await list().focus();
  await page.keyboard.press('End');
  await page.locator('#reader-subject').filter({ hasText: 'Offline check 99' }).waitFor(SLOW);
}

const reader = () => page.getByRole('region', { name: 'Reading pane' });
const list = () => page.getByRole('listbox', { name: /^Messages in/ });
const countLine = (count: number) =>
  page.locator('.list-count').filter({ hasText: new RegExp(`^${count} messages$`) });

describe('Offline mail', () => {
  test('a new account syncs its inbox; messages open, plain, HTML and on demand', async () => {
    if (proxy === undefined || bridge === undefined) throw new Error('setup failed');
    await page.getByRole('button', { name: 'Mail', exact: true }).click();
    await page.getByText('No mail to show yet').waitFor(SLOW);
    // The first sync may be quick: note whether its progress was ever on screen.
    await page.evaluate(() => {
      const seen = document.createElement('meta');
      seen.id = 'saw-progress';
      new MutationObserver((_changes, observer) => {
        if (document.querySelector('.mail-activity .sync-progress') === null) return;
        document.head.append(seen);
        observer.disconnect();
      }).observe(document.body, { childList: true, subtree: true });
    });

    // The account, added through the contract as the page adds it (accounts.test.ts covers the
    // form); the app picks it up by itself and its first sync starts.
    const client = await connectContract(bridge.url);
    await client.call('accounts.create', {
      draft: e2eAccountDraft(rig, user, {
        name: 'Olga offline',
        senderName: 'Olga',
        imapPort: proxy.port,
      }),
      credentials: { password: user.password },
    });
    client.close();
    await countLine(TOTAL).waitFor({ timeout: 60_000 });
    expect(await page.locator('#saw-progress').count()).toBe(1);
    // The count and the rows are separate cache reads: the rows may follow a frame later.
    await list().getByRole('option').nth(5).waitFor(SLOW);

    await openMessage('Offline check 05');
    await reader().getByText('Plain body number 05: the quick brown fox reads offline.').waitFor();
    // Opening marks it read: the unified inbox counts one unread less.
    await page
      .getByRole('button', { name: new RegExp(`All inboxes\\s*${TOTAL - 1} unread`) })
      .waitFor(SLOW);
    // And its row in the list shows it read.
    await list()
      .locator('.message-row:not(.unread)')
      .filter({ hasText: 'Offline check 05' })
      .waitFor(SLOW);

    // A body outside the history window downloads on demand, and is kept.
    await openLast();
    await reader().getByText('Plain body number 99').waitFor(SLOW);
    await page.keyboard.press('Home');

    await openMessage('Quarterly report attached');
    await page.getByRole('region', { name: 'Attachments' }).getByText('report.txt').waitFor();

    // HTML: sanitized, in the mail frame's own sandboxed document, no script, remote blocked.
    await openMessage('HTML letter 1');
    const mail = page.frameLocator('iframe.mail-frame').frameLocator('#mail');
    await mail.getByText('HTML body marker 1').waitFor();
    expect(await mail.locator('script,[href^="javascript:"]').count()).toBe(0);
    await reader().getByText('Remote images and styles in this message are blocked').waitFor();
    expect(await page.title()).toBe('mailcrm');
    await page.screenshot({ path: resolve(RESULTS, 'mailbox.png') });

    // New mail while the app is open arrives by push (IDLE), without a Sync Now.
    await deliver(rig, [plainMessage(77, user.email, new Date())]);
    await page.getByRole('option', { name: /Offline check 77/ }).waitFor({ timeout: 20_000 });
    await countLine(TOTAL + 1).waitFor();

    await page.getByRole('button', { name: 'Sync status', exact: true }).click();
    const card = page.getByRole('region', { name: 'Olga offline' });
    await card.locator('.connection-label').filter({ hasText: 'Connected' }).waitFor(SLOW);
    await card
      .getByText(/Synced INBOX/)
      .first()
      .waitFor(SLOW);
    await card.getByText('Success').first().waitFor();
    await card.locator('.drift-state').first().waitFor();
    await page.setViewportSize({ width: 1400, height: 1500 });
    await page.screenshot({ path: resolve(RESULTS, 'sync-status.png') });
    await page.setViewportSize({ width: 1400, height: 900 });
  }, 120_000);

  test('folders to sync: a mail folder is added, a calendar folder is refused', async () => {
    await page.getByRole('button', { name: 'Email Accounts', exact: true }).click();
    await page.getByRole('button', { name: 'Edit Olga offline' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Olga offline' });
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByRole('button', { name: 'Continue without testing' }).click();
    const section = dialog.getByRole('group', { name: 'Folders to sync' });
    const calendar = section.getByRole('checkbox', { name: 'Calendar' });
    await calendar.waitFor(SLOW);
    expect(await calendar.isDisabled()).toBe(true);
    expect(await section.getByText(/calendar/i).count()).toBeGreaterThan(1);
    expect(await section.getByRole('checkbox', { name: 'INBOX' }).isChecked()).toBe(true);
    await section.getByRole('checkbox', { name: 'Projects' }).check();
    await section.getByRole('button', { name: 'Save folder choice' }).click();
    await section.getByText('3 folders sync.').waitFor(SLOW);
    await dialog.screenshot({ path: resolve(RESULTS, 'sync-folders.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Mail', exact: true }).click();
    await page
      .getByRole('region', { name: 'Olga offline' })
      .getByRole('button', { name: 'Projects' })
      .waitFor(SLOW);
  });

  test('after a restart without the server, the inbox and bodies are still there', async () => {
    if (proxy === undefined || bridge === undefined) throw new Error('setup failed');
    // Quit the app, stop the bridge, and take the server away.
    await context?.close();
    context = undefined;
    await bridge.stop();
    await proxy.close();
    proxy = undefined;

    bridge = await startBridge(settings);
    await launch(bridge.url);

    // With accounts, the app opens on Mail; everything below comes from IndexedDB.
    await page.getByRole('heading', { name: 'Mail', exact: true }).waitFor(SLOW);
    await countLine(TOTAL + 1).waitFor(SLOW);
    await openMessage('Offline check 05');
    await reader().getByText('Plain body number 05: the quick brown fox reads offline.').waitFor();
    await openLast();
    await reader().getByText('Plain body number 99').waitFor();

    // The connection reads as down, never as healthy.
    const offline = page.locator('.offline-line').filter({ hasText: 'Olga offline' });
    await offline.waitFor(SLOW);
    expect(await offline.textContent()).not.toMatch(/Connected/);
    expect(await offline.textContent()).toMatch(/saved on this computer/);
    await page.screenshot({ path: resolve(RESULTS, 'offline.png') });

    await page.getByRole('button', { name: 'Sync status', exact: true }).click();
    const label = page.getByRole('region', { name: 'Olga offline' }).locator('.connection-label');
    await label.waitFor(SLOW);
    expect(await label.textContent()).not.toMatch(/^Connected/);
    await page.setViewportSize({ width: 1400, height: 1300 });
    await page.screenshot({ path: resolve(RESULTS, 'offline-sync-status.png') });
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
