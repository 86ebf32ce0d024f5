/**
 * End to end, the CRM: two conversations from Anna are in the Inbox before she is a contact.
 * Creating her contact in the UI links them (the timeline shows them with the reason); "Open"
 * shows one in the reader, whose CRM panel names her; a reply written with a template that uses
 * {contact.first_name} is filled from the contact (not from the display name), goes out, and
 * shows on her timeline as sent once Sent has synced. Headless Chromium through the built
 * browser bridge, against the rig.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { e2eAccountDraft } from './account-draft';
import { openAppPage, type AppPage } from './app-page';
import { connectContract, type Bridge } from './bridge';
import { deliver, type Delivery } from '../servers/deliver';
import type { RigUser } from '../servers/rig-info';
import { addRigUser } from '../servers/rig-users';

const rig = inject('rig');
const RESULTS = resolve(import.meta.dirname, '../../test-results');
const SLOW = { timeout: 30_000 };
const HOUR = 3600_000;

let me: RigUser;
let anna: RigUser;
let bridge: Bridge | undefined;
let page: Page;
let app: AppPage | undefined;
const pageErrors: string[] = [];

function inbound(subject: string, ago: number, id: string, body: string): Delivery {
  // "A. Berg": the display name alone would give first name "A.", the contact says "Anna".
  const headers = {
    From: `A. Berg <${anna.email}>`,
    To: me.email,
    Subject: subject,
    Date: new Date(Date.now() - ago).toUTCString(),
    'Message-ID': id,
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return { from: anna.email, to: [me.email], raw: [...head, '', body, ''].join('\r\n') };
}

function imapOf(who: RigUser): ImapFlow {
  return new ImapFlow({
    host: '127.0.0.1',
    port: rig.imap.tlsPort,
    secure: true,
    auth: { user: who.login, pass: who.password },
    tls: { ca: rig.certificate.pem, servername: rig.hostname },
    logger: false,
  });
}

/** A Sent folder from the start, so the account syncs it (and the reply filed there). */
async function createSent(who: RigUser): Promise<void> {
  const imap = imapOf(who);
  await imap.connect();
  try {
    const existing = await imap.list();
    if (!existing.some((folder) => folder.path === 'Sent')) await imap.mailboxCreate('Sent');
  } finally {
    await imap.logout();
  }
}

/** The raw sources of the messages in `who`'s `folder` whose subject contains `subject`. */
async function copies(who: RigUser, folder: string, subject: string): Promise<string[]> {
  const imap = imapOf(who);
  await imap.connect();
  const lock = await imap.getMailboxLock(folder);
  try {
    const uids = (await imap.search({ subject }, { uid: true })) || [];
    if (uids.length === 0) return [];
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

beforeAll(async () => {
  await mkdir(RESULTS, { recursive: true });
  me = await addRigUser(rig);
  anna = await addRigUser(rig);
  await deliver(rig, [
    inbound(
      'Pricing for the spring order',
      5 * HOUR,
      '<crm-a@example.test>',
      'What would 40 units cost?',
    ),
    inbound('Delivery dates', 2 * HOUR, '<crm-b@example.test>', 'Can you ship before May?'),
  ]);
  await createSent(me);
  app = await openAppPage(rig, 'crm', pageErrors);
  ({ bridge, page } = app);
});

afterAll(async () => {
  await app?.close();
});

const nav = (name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true });
const timeline = () => page.getByTestId('crm-timeline');
const entry = (subject: string | RegExp) => timeline().getByRole('listitem', { name: subject });

async function openAnna(): Promise<void> {
  await nav('Contacts').click();
  await page
    .getByRole('list', { name: 'Contacts' })
    .getByRole('button', { name: /Anna Berg/ })
    .click();
  await page.getByRole('heading', { name: 'Anna Berg' }).waitFor(SLOW);
}

describe('CRM', () => {
  test('a new contact gathers the mail already there, with the reason', async () => {
    if (bridge === undefined) throw new Error('setup failed');
    const client = await connectContract(bridge.url);
    await client.call('accounts.create', {
      draft: e2eAccountDraft(rig, me, { name: 'Max CRM', senderName: 'Max' }),
      credentials: { password: me.password },
    });
    client.close();
    await nav('Mail').click();
    await page.getByText('Delivery dates').first().waitFor({ timeout: 60_000 });
    await page
      .getByRole('region', { name: 'Max CRM' })
      .getByRole('button', { name: 'Sent' })
      .waitFor(SLOW);
    await page.getByText('Pricing for the spring order').first().waitFor(SLOW);

    await nav('Contacts').click();
    await page.getByRole('button', { name: 'New contact' }).click();
    const form = page.getByRole('dialog', { name: 'New contact' });
    await form.getByLabel('First name').fill('Anna');
    await form.getByLabel('Last name').fill('Berg');
    await form.getByLabel('Email addresses').fill(anna.email);
    await form.getByLabel('Job title').fill('Buyer');
    await form.getByTestId('contact-create').click();
    await page.getByRole('heading', { name: 'Anna Berg' }).waitFor(SLOW);

    await entry('Delivery dates').waitFor(SLOW);
    await entry('Pricing for the spring order').waitFor(SLOW);
    const reasons = await timeline().getByTestId('link-reason').allInnerTexts();
    expect(reasons).toEqual([`Linked by address ${anna.email}`, `Linked by address ${anna.email}`]);
    // Newest first.
    const subjects = await timeline().locator('.crm-timeline-subject').allInnerTexts();
    expect(subjects).toEqual(['Delivery dates', 'Pricing for the spring order']);
    await page.screenshot({ path: resolve(RESULTS, 'crm-contact.png') });
  }, 120_000);

  test('a template reply from the reader is filled from the contact and joins the timeline', async () => {
    // The template, through the Templates screen.
    await nav('Templates').click();
    await page.getByRole('button', { name: 'New template' }).first().click();
    const editor = page.getByRole('dialog', { name: 'New template' });
    await editor.getByLabel('Name').fill('Thanks by first name');
    await editor.getByRole('textbox', { name: 'Message' }).click();
    await page.keyboard.type('Hello {contact.first_name}, thanks for asking.');
    await editor.getByRole('button', { name: 'Save template' }).click();
    await editor.waitFor({ state: 'detached', ...SLOW });

    // Open the older thread from the contact's timeline.
    await openAnna();
    await entry('Pricing for the spring order').getByRole('button', { name: 'Open' }).click();
    const reader = page.getByRole('region', { name: 'Reading pane' });
    await reader.getByRole('heading', { name: 'Pricing for the spring order' }).waitFor(SLOW);
    const panel = reader.getByTestId('crm-panel');
    await panel.getByRole('button', { name: 'Anna Berg', exact: true }).waitFor(SLOW);
    await panel.getByText(`address ${anna.email}`).waitFor();
    await page.screenshot({ path: resolve(RESULTS, 'crm-reader-panel.png') });

    // Reply with the template.
    await reader.getByRole('button', { name: 'Reply', exact: true }).click();
    const pane = page.getByTestId('compose-pane');
    await pane.waitFor(SLOW);
    await pane.getByTestId('compose-template').selectOption({ label: 'Thanks by first name' });
    await pane.getByTestId('compose-preview-toggle').check();
    await pane
      .getByTestId('compose-preview')
      .getByText('Hello Anna, thanks for asking.')
      .waitFor(SLOW);
    await page.screenshot({ path: resolve(RESULTS, 'crm-compose.png') });
    await pane.getByTestId('compose-send').click();
    await pane.waitFor({ state: 'detached', ...SLOW });

    await expect
      .poll(async () => (await copies(anna, 'INBOX', 'Re: Pricing for the spring order')).length, {
        timeout: 30_000,
        interval: 500,
      })
      .toBe(1);
    const [delivered] = await copies(anna, 'INBOX', 'Re: Pricing for the spring order');
    expect((await simpleParser(delivered ?? '')).text).toContain('Hello Anna, thanks for asking.');

    // Once Sent has synced, the reply is on her timeline as sent.
    await expect
      .poll(async () => (await copies(me, 'Sent', 'Re: Pricing for the spring order')).length, {
        timeout: 30_000,
        interval: 500,
      })
      .toBe(1);
    await page.getByRole('button', { name: 'Sync now' }).first().click();
    await openAnna();
    const reply = entry('Re: Pricing for the spring order');
    await reply.waitFor({ timeout: 60_000 });
    expect(await reply.locator('.crm-direction').innerText()).toBe('Sent');
    expect(await reply.getByTestId('link-reason').innerText()).toBe(
      `Linked by address ${anna.email}`,
    );
    await page.screenshot({ path: resolve(RESULTS, 'crm-timeline-reply.png') });
    expect(pageErrors).toEqual([]);
  }, 180_000);

  test('companies, the pipeline, follow-ups, settings and import', async () => {
    await nav('Companies').click();
    await page.getByRole('button', { name: 'New company' }).click();
    const companyForm = page.getByRole('dialog', { name: 'New company' });
    await companyForm.getByLabel('Name').fill('Acme');
    await companyForm.getByLabel('Domains').fill('acme.example');
    await companyForm.getByRole('button', { name: 'Create company' }).click();
    await page.getByRole('heading', { name: 'Acme' }).waitFor(SLOW);
    await page.screenshot({ path: resolve(RESULTS, 'crm-company.png') });

    await nav('Deals').click();
    await page.getByRole('button', { name: 'New deal' }).click();
    const dealForm = page.getByRole('dialog', { name: 'New deal' });
    await dealForm.getByLabel('Name').fill('Spring order');
    await dealForm.getByRole('button', { name: 'Create deal' }).click();
    await page.getByRole('heading', { name: 'Spring order' }).waitFor(SLOW);
    await page.getByPlaceholder('Add a contact…').fill('Anna');
    await page.getByRole('button', { name: /Anna Berg/ }).click();
    await page
      .getByRole('list', { name: 'Deal contacts' })
      .getByRole('button', { name: 'Anna Berg', exact: true })
      .waitFor(SLOW);
    // The deal's threads are its contacts' mail.
    await entry('Delivery dates').waitFor(SLOW);
    await page.screenshot({ path: resolve(RESULTS, 'crm-deal.png') });
    await page.getByRole('button', { name: '‹ Deals' }).click();
    await page.getByLabel('Stage of Spring order').selectOption('Proposal');
    await page
      .getByRole('region', { name: 'Proposal' })
      .getByRole('listitem', { name: 'Spring order' })
      .waitFor(SLOW);
    await page.screenshot({ path: resolve(RESULTS, 'crm-pipeline.png') });

    await nav('Follow-ups').click();
    await page.getByRole('heading', { name: 'Reminders' }).waitFor(SLOW);
    await page.screenshot({ path: resolve(RESULTS, 'crm-follow-ups.png') });

    await nav('CRM settings').click();
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByTestId('auto-create-plan').waitFor(SLOW);
    await page.getByLabel('Address', { exact: true }).fill('support@acme.example');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('cell', { name: 'support@acme.example' }).waitFor(SLOW);
    await page.screenshot({ path: resolve(RESULTS, 'crm-settings.png'), fullPage: true });

    await nav('Contacts').click();
    await page.getByRole('button', { name: 'Import…' }).click();
    const csv =
      'First Name,Last Name,E-mail Address,Company\nBo,Ek,bo@acme.example,Acme\nNo,Mail,not-an-address,\n';
    await page.getByLabel('CSV or vCard file').setInputFiles({
      name: 'people.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByTestId('import-preview').waitFor(SLOW);
    await page.screenshot({ path: resolve(RESULTS, 'crm-import.png') });
    await page.getByTestId('import-run').click();
    await page.getByText(/Import done: 2 created/).waitFor(SLOW);
    await page
      .getByRole('dialog', { name: 'Import contacts' })
      .getByRole('button', { name: 'Close', exact: true })
      .first()
      .click();
    await page
      .getByRole('list', { name: 'Contacts' })
      .getByRole('button', { name: /Bo Ek/ })
      .waitFor(SLOW);
    await page.screenshot({ path: resolve(RESULTS, 'crm-contacts.png') });
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
