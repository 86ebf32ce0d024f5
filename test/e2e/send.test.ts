/**
 * End to end, sending: in headless Chromium through the built browser bridge, a message written
 * in the compose pane goes through the app's outbox to the rig's real SMTP server, reaches the
 * recipient's INBOX exactly once, and the sender's Sent holds exactly one copy; the Outbox panel
 * says Sent. Then SMTP becomes unreachable: the message waits in the outbox with the reason,
 * and once the server is back it is delivered by itself, still exactly once.
 *
 * The account's SMTP goes through a loopback TCP proxy (refusing new connections on command) to
 * the rig port that files every accepted message in the sender's Sent folder, as Gmail and many
 * providers do: the app learns that, so a send cut off mid-way is proven unsent by looking Sent
 * up, and goes again without asking the user.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { e2eAccountDraft } from './account-draft';
import { openAppPage, type AppPage } from './app-page';
import { connectContract, type Bridge } from './bridge';
import type { RigUser } from '../servers/rig-info';
import { addRigUser } from '../servers/rig-users';
import { startTcpProxy, type TcpProxy } from '../servers/tcp-proxy';

const rig = inject('rig');
const RESULTS = resolve(import.meta.dirname, '../../test-results');
const SLOW = { timeout: 30_000 };
/** The first automatic retry comes 30 s after a refused connection (retry-policy.ts). */
const RETRY = { timeout: 75_000 };

let sender: RigUser;
let recipient: RigUser;
let proxy: TcpProxy | undefined;
let bridge: Bridge | undefined;
let page: Page;
let app: AppPage | undefined;
const pageErrors: string[] = [];

beforeAll(async () => {
  await mkdir(RESULTS, { recursive: true });
  sender = await addRigUser(rig);
  recipient = await addRigUser(rig);
  proxy = await startTcpProxy({ host: '127.0.0.1', port: rig.smtp.filingStarttlsPort });
  app = await openAppPage(rig, 'send', pageErrors);
  ({ bridge, page } = app);
});

afterAll(async () => {
  await app?.close();
  await proxy?.close();
});

// --- The mailboxes, read as another client would --------------------------------------------

/** The raw sources of the messages in `folder` of `who` whose subject contains `subject`. */
async function copies(who: RigUser, folder: string, subject: string): Promise<string[]> {
  const imap = new ImapFlow({
    host: '127.0.0.1',
    port: rig.imap.tlsPort,
    secure: true,
    auth: { user: who.login, pass: who.password },
    tls: { ca: rig.certificate.pem, servername: rig.hostname },
    logger: false,
  });
  await imap.connect();
  const lock = await imap.getMailboxLock(folder);
  try {
    const uids = (await imap.search({ subject }, { uid: true })) || [];
    if (uids.length === 0) return [];
    // Collected first, never acted on inside the fetch (imapflow would deadlock).
    const sources: string[] = [];
    for await (const message of imap.fetch(uids, { source: true }, { uid: true })) {
      sources.push(message.source?.toString('utf8') ?? '');
    }
    return sources;
  } finally {
    lock.release();
    await imap.logout();
  }
}

/** Waits for the first copy, then a little longer, so a duplicate would have arrived too. */
async function settledCopies(
  who: RigUser,
  folder: string,
  subject: string,
  timeout = 30_000,
): Promise<string[]> {
  await expect
    .poll(async () => (await copies(who, folder, subject)).length, { timeout, interval: 500 })
    .toBeGreaterThan(0);
  await new Promise((done) => setTimeout(done, 3000));
  return copies(who, folder, subject);
}

// --- The app ------------------------------------------------------------------------------

function uniqueSubject(what: string): string {
  return `${what} ${randomBytes(4).toString('hex')}`;
}

/** Writes and sends one message with the compose pane; resolves once the pane closed. */
async function composeAndSend(subject: string, body: string): Promise<void> {
  await page.getByTestId('compose-button').click();
  const pane = page.getByTestId('compose-pane');
  await pane.waitFor(SLOW);
  await pane.getByTestId('compose-to').fill(recipient.email);
  await pane.getByTestId('compose-subject').fill(subject);
  const editor = pane.getByTestId('compose-body').getByRole('textbox');
  await editor.click();
  await page.keyboard.type(body);
  await pane.getByTestId('compose-send').click();
  await pane.waitFor({ state: 'detached', ...SLOW });
}

/** The Outbox entry of the folder pane, then the panel. */
async function openOutbox() {
  await page.getByRole('button', { name: /^Outbox/ }).click();
  const panel = page.getByRole('region', { name: 'Outbox' });
  await panel.waitFor(SLOW);
  return panel;
}

/** The outbox row of `subject` as the page stored it in IndexedDB (what the panel reads). */
async function storedItem(subject: string) {
  return page.evaluate(async (wanted) => {
    interface Row {
      readonly state: string;
      readonly held: boolean;
      readonly attempts: number;
      readonly message: { readonly subject: string };
      readonly lastError?: { readonly code: string };
    }
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const request = indexedDB.open('mailcrm');
      request.onsuccess = () => done(request.result);
      request.onerror = () => fail(new Error(String(request.error)));
    });
    try {
      const rows = await new Promise<Row[]>((done, fail) => {
        const request = db.transaction('outbox').objectStore('outbox').getAll();
        request.onsuccess = () => done(request.result as Row[]);
        request.onerror = () => fail(new Error(String(request.error)));
      });
      const row = rows.find((r) => r.message.subject === wanted);
      return row === undefined
        ? undefined
        : { state: row.state, held: row.held, attempts: row.attempts, code: row.lastError?.code };
    } finally {
      db.close();
    }
  }, subject);
}

function outboxItem(subject: string) {
  return page.getByRole('region', { name: 'Outbox' }).getByRole('listitem', { name: subject });
}

async function stateOf(subject: string): Promise<string> {
  return (await outboxItem(subject).locator('.outbox-state').textContent()) ?? '';
}

describe('Sending mail', () => {
  test('a message from the compose pane arrives once, with one copy in Sent', async () => {
    if (proxy === undefined || bridge === undefined) throw new Error('setup failed');
    await page.getByRole('button', { name: 'Mail', exact: true }).click();
    const base = e2eAccountDraft(rig, sender, { name: 'Sid sender', senderName: 'Sid' });
    const client = await connectContract(bridge.url);
    await client.call('accounts.create', {
      draft: { ...base, smtp: { ...base.smtp, port: proxy.port } },
      credentials: { password: sender.password },
    });
    client.close();
    await page.getByTestId('compose-button').waitFor(SLOW);

    const subject = uniqueSubject('Hello from the outbox');
    const body = 'The quick brown fox sends one message.';
    await composeAndSend(subject, body);

    const delivered = await settledCopies(recipient, 'INBOX', subject);
    expect(delivered).toHaveLength(1);
    const mail = await simpleParser(delivered[0] ?? '');
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain(body);
    expect(mail.from?.value).toEqual([{ name: 'Sid', address: sender.email }]);

    const filed = await settledCopies(sender, 'Sent', subject);
    expect(filed).toHaveLength(1);
    await expect
      .poll(() => storedItem(subject), SLOW)
      .toEqual({ state: 'sent-copy-confirmed', held: false, attempts: 1, code: undefined });

    await openOutbox();
    await expect.poll(() => stateOf(subject), SLOW).toBe('Sent');
    await page.screenshot({ path: resolve(RESULTS, 'outbox-sent.png') });
  }, 120_000);

  test('offline, the message waits with the reason; back online it is delivered once', async () => {
    if (proxy === undefined) throw new Error('setup failed');
    // Offline: new connections are refused and the one main may keep open is cut.
    proxy.setAccepting(false);
    proxy.cut();
    const subject = uniqueSubject('Written offline');
    const body = 'This one waited for the server.';
    await page.getByRole('button', { name: 'Mail', exact: true }).click();
    await composeAndSend(subject, body);

    // Stored with the failure, not held: the runner tries again by itself.
    await expect
      .poll(async () => (await storedItem(subject))?.code, SLOW)
      .toMatch(/^CONNECTION_(REFUSED|RESET)$/);
    expect((await storedItem(subject))?.held).toBe(false);
    await openOutbox();
    await expect.poll(() => stateOf(subject), SLOW).toBe('Waiting to send');
    // The reason is on screen, as the server connection failed.
    const reason = outboxItem(subject).getByRole('alert');
    await reason.waitFor(SLOW);
    expect((await reason.textContent())?.length ?? 0).toBeGreaterThan(10);
    await page.screenshot({ path: resolve(RESULTS, 'outbox-waiting.png') });
    expect(await copies(recipient, 'INBOX', subject)).toEqual([]);

    // Back online: the runner's own retry sends it, with no click.
    proxy.setAccepting(true);
    const delivered = await settledCopies(recipient, 'INBOX', subject, RETRY.timeout);
    expect(delivered).toHaveLength(1);
    expect((await simpleParser(delivered[0] ?? '')).text).toContain(body);
    expect(await settledCopies(sender, 'Sent', subject)).toHaveLength(1);
    await expect
      .poll(async () => (await storedItem(subject))?.state, SLOW)
      .toBe('sent-copy-confirmed');
    await expect.poll(() => stateOf(subject), SLOW).toBe('Sent');
    expect(pageErrors).toEqual([]);
  }, 180_000);

  test('a template and the signature fill the message, and it shows in Sent in the app', async () => {
    if (proxy === undefined) throw new Error('setup failed');
    const token = randomBytes(4).toString('hex');
    // A template, written in the Templates screen.
    await page.getByRole('button', { name: 'Templates', exact: true }).click();
    await page.getByRole('button', { name: 'New template' }).first().click();
    const templateDialog = page.getByRole('dialog');
    await templateDialog.getByLabel('Name').fill(`Intro ${token}`);
    await templateDialog
      .getByLabel('Subject')
      .fill(`Intro ${token} for {contact.first_name|there}`);
    await templateDialog.getByRole('textbox', { name: 'Message' }).click();
    await page.keyboard.type('Hi {contact.first_name|there}, nice to meet you.');
    await templateDialog.getByRole('button', { name: 'Save template' }).click();
    await templateDialog.waitFor({ state: 'detached', ...SLOW });

    // The account's signature, in the Signatures tab.
    await page.getByRole('tab', { name: 'Signatures' }).click();
    await page.getByRole('button', { name: 'New signature' }).first().click();
    const signatureDialog = page.getByRole('dialog');
    await signatureDialog.getByLabel('Name').fill('Work');
    await signatureDialog.getByRole('textbox', { name: 'Signature' }).click();
    await page.keyboard.type(`Best regards, Sid ${token}`);
    await signatureDialog.getByRole('button', { name: 'Save signature' }).click();
    await signatureDialog.waitFor({ state: 'detached', ...SLOW });

    // Compose from the template: the recipient has no name, so the fallback fills in.
    await page.getByRole('button', { name: 'Mail', exact: true }).click();
    await page.getByTestId('compose-button').click();
    const pane = page.getByTestId('compose-pane');
    await pane.waitFor(SLOW);
    await pane.getByTestId('compose-to').fill(recipient.email);
    await pane.getByTestId('compose-template').selectOption({ label: `Intro ${token}` });
    await pane.getByTestId('compose-signature').getByText(`Best regards, Sid ${token}`).waitFor();
    await page.screenshot({ path: resolve(RESULTS, 'compose-template.png') });
    await pane.getByTestId('compose-send').click();
    await pane.waitFor({ state: 'detached', ...SLOW });

    const subject = `Intro ${token} for there`;
    const delivered = await settledCopies(recipient, 'INBOX', subject);
    expect(delivered).toHaveLength(1);
    const mail = await simpleParser(delivered[0] ?? '');
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain('Hi there, nice to meet you.');
    expect(mail.text).toContain(`Best regards, Sid ${token}`);
    expect(mail.html).toContain(`Best regards, Sid ${token}`);

    // The Sent folder in the app holds it once it syncs.
    await expect
      .poll(async () => (await storedItem(subject))?.state, SLOW)
      .toBe('sent-copy-confirmed');
    await page.getByRole('button', { name: 'Sync now' }).click();
    const folders = page.getByRole('navigation', { name: 'Folders' });
    await folders.getByRole('button', { name: /^Sent/ }).click();
    await page.getByRole('option').filter({ hasText: subject }).first().waitFor(SLOW);
    await page.screenshot({ path: resolve(RESULTS, 'sent-folder.png') });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  test('a message closed unsent waits in Drafts, here and on the server, and reopens', async () => {
    const subject = uniqueSubject('Half written');
    await page.getByRole('button', { name: 'Mail', exact: true }).click();
    await page.getByTestId('compose-button').click();
    const pane = page.getByTestId('compose-pane');
    await pane.getByTestId('compose-to').fill(recipient.email);
    await pane.getByTestId('compose-subject').fill(subject);
    await pane.getByTestId('compose-body').getByRole('textbox').click();
    await page.keyboard.type('To be continued.');
    await pane.getByRole('button', { name: 'Close' }).click();
    await pane.waitFor({ state: 'detached', ...SLOW });

    // On the server: one copy in Drafts (APPEND of the new version, then delete of the old).
    expect(await settledCopies(sender, 'Drafts', subject)).toHaveLength(1);
    const folders = page.getByRole('navigation', { name: 'Folders' });
    await folders.getByRole('button', { name: 'Drafts', exact: true }).click();
    const drafts = page.getByRole('region', { name: 'Drafts' });
    const entry = drafts.getByRole('listitem', { name: subject });
    await entry.waitFor(SLOW);
    await page.screenshot({ path: resolve(RESULTS, 'drafts.png') });
    await entry.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => pane.getByTestId('compose-subject').inputValue(), SLOW).toBe(subject);
    expect(await pane.getByTestId('compose-body').textContent()).toContain('To be continued.');
    await pane.getByRole('button', { name: 'Discard' }).click();
    await entry.waitFor({ state: 'detached', ...SLOW });
    await expect.poll(() => copies(sender, 'Drafts', subject), SLOW).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
