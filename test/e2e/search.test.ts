/**
 * End to end, reading: a conversation whose reply was sent from this account (in Sent) reads as
 * one thread in date order; local search finds by a body word and by from: and says what it
 * covered; "Search the server" finds a message whose body was never downloaded (it is older than
 * the account's 7-day history window). Chromium through the built browser bridge, against the rig.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ImapFlow } from 'imapflow';
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
const DAY = 24 * HOUR;

function raw(headers: Record<string, string>, body: string): string {
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return [
    ...head,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

function inbound(
  from: string,
  to: string,
  subject: string,
  ago: number,
  id: string,
  body: string,
  extra: Record<string, string> = {},
): Delivery {
  const date = new Date(Date.now() - ago).toUTCString();
  const headers = { From: from, To: to, Subject: subject, Date: date, 'Message-ID': id, ...extra };
  return { from: /<(.+)>/.exec(from)?.[1] ?? from, to: [to], raw: raw(headers, body) };
}

/** The reply this account sent, put in Sent as a client's "copy to Sent" would. */
async function appendSentReply(who: RigUser): Promise<void> {
  const imap = new ImapFlow({
    host: '127.0.0.1',
    port: rig.imap.tlsPort,
    secure: true,
    auth: { user: who.login, pass: who.password },
    tls: { ca: rig.certificate.pem, servername: rig.hostname },
    logger: false,
  });
  await imap.connect();
  try {
    const existing = await imap.list();
    if (!existing.some((folder) => folder.path === 'Sent')) await imap.mailboxCreate('Sent');
    const date = new Date(Date.now() - 2 * HOUR);
    const message = raw(
      {
        From: `Sam <${who.email}>`,
        To: 'Carol <carol@example.test>',
        Subject: 'Re: Budget plan',
        Date: date.toUTCString(),
        'Message-ID': '<plan-b@example.test>',
        'In-Reply-To': '<plan-a@example.test>',
        References: '<plan-a@example.test>',
      },
      'Yes, let us fund it from the spring budget.',
    );
    await imap.append('Sent', message, ['\\Seen'], date);
  } finally {
    await imap.logout();
  }
}

let user: RigUser;
let bridge: Bridge | undefined;
let page: Page;
let app: AppPage | undefined;
const pageErrors: string[] = [];

beforeAll(async () => {
  await mkdir(RESULTS, { recursive: true });
  user = await addRigUser(rig);
  const to = user.email;
  const carol = 'Carol <carol@example.test>';
  await deliver(rig, [
    inbound(
      carol,
      to,
      'Budget plan',
      3 * HOUR,
      '<plan-a@example.test>',
      'Shall we fund the aquarium project?',
    ),
    inbound(
      carol,
      to,
      'Re: Budget plan',
      HOUR,
      '<plan-c@example.test>',
      'Agreed, ordering the fish today.',
      {
        'In-Reply-To': '<plan-b@example.test>',
        References: '<plan-a@example.test> <plan-b@example.test>',
      },
    ),
    inbound(
      'Dmitri <dmitri@example.test>',
      to,
      'Zebra crossing',
      2 * HOUR,
      '<zebra@example.test>',
      'The word marmalade appears here.',
    ),
    // 20 days old: outside the 7-day window, so only its headers are synced.
    inbound(
      'Old Friend <old@example.test>',
      to,
      'Archive letter',
      20 * DAY,
      '<old@example.test>',
      'The secret word is xylophone.',
    ),
  ]);
  await appendSentReply(user);
  app = await openAppPage(rig, 'search', pageErrors);
  ({ bridge, page } = app);
});

afterAll(async () => {
  await app?.close();
});

const results = () => page.getByRole('region', { name: 'Search results' });
const coverage = () => page.locator('.search-coverage');

async function search(text: string): Promise<void> {
  await page.locator('#mail-search').fill(text);
  await page.locator('#mail-search').press('Enter');
  await coverage().waitFor(SLOW);
}

describe('Threads and search', () => {
  test('a conversation across Inbox and Sent reads as one thread, in order', async () => {
    if (bridge === undefined) throw new Error('setup failed');
    await page.getByRole('button', { name: 'Mail', exact: true }).click();
    const client = await connectContract(bridge.url);
    await client.call('accounts.create', {
      draft: e2eAccountDraft(rig, user, {
        name: 'Sam search',
        senderName: 'Sam',
        sync: {
          historyWindow: '7d',
          initialBodyCount: 0,
          unseenOnly: false,
          pollIntervalMinutes: 5,
          excludePatterns: [],
          importConditions: [],
        },
      }),
      credentials: { password: user.password },
    });
    client.close();
    await page
      .locator('.list-count')
      .filter({ hasText: /^4 messages$/ })
      .waitFor({ timeout: 60_000 });
    // The Sent reply must be cached too before the thread can include it.
    await page
      .getByRole('region', { name: 'Sam search' })
      .getByRole('button', { name: 'Sent' })
      .waitFor(SLOW);

    await page
      .getByRole('option', { name: /Re: Budget plan/ })
      .first()
      .click();
    const thread = page.locator('.thread');
    await thread.getByText('3 messages in this conversation').waitFor(SLOW);
    await thread.getByText('Agreed, ordering the fish today.').waitFor(SLOW);
    const text = (await thread.innerText()).replace(/\s+/g, ' ');
    const first = text.indexOf('Shall we fund the aquarium project?');
    const second = text.indexOf('Yes, let us fund it from the spring budget.');
    const third = text.indexOf('Agreed, ordering the fish today.');
    expect(first).toBeGreaterThan(-1);
    expect(second).toBeGreaterThan(first);
    expect(third).toBeGreaterThan(second);
    expect(await thread.locator('.thread-folder').allInnerTexts()).toEqual(['Inbox', 'Sent']);
    await page.screenshot({ path: resolve(RESULTS, 'thread.png') });

    // Threading off: the message alone.
    await thread.getByRole('checkbox', { name: 'Group conversations' }).uncheck();
    await thread.getByText('Conversations are off').waitFor();
    expect(await thread.locator('.thread-card').count()).toBe(0);
    await thread.getByRole('checkbox', { name: 'Group conversations' }).check();
    await thread.getByText('3 messages in this conversation').waitFor();
  }, 120_000);

  test('local search by a body word and by from:, with its coverage', async () => {
    await search('aquarium');
    await results()
      .getByRole('option', { name: /Budget plan/ })
      .waitFor();
    expect(await results().getByRole('option').count()).toBe(1);
    expect(await coverage().innerText()).toMatch(
      /1 match: searched 5 messages; 1 body not downloaded/,
    );
    await page.screenshot({ path: resolve(RESULTS, 'search.png') });

    await search('from:dmitri');
    await results()
      .getByRole('option', { name: /Zebra crossing/ })
      .waitFor();
    expect(await results().getByRole('option').count()).toBe(1);

    await search('from:carol@example.test fish');
    await results()
      .getByRole('option', { name: /Re: Budget plan/ })
      .waitFor();
    expect(await results().getByRole('option').count()).toBe(1);
  });

  test('"Search the server" finds a message whose body was never downloaded', async () => {
    await search('xylophone');
    expect(await coverage().innerText()).toMatch(/^0 matches/);
    await results().getByRole('button', { name: 'Search the server' }).click();
    await results()
      .getByText(/The server found 1 message/)
      .waitFor(SLOW);
    await results()
      .getByRole('option', { name: /Archive letter/ })
      .click();
    // Opening it downloads the body on demand.
    await page.getByText('The secret word is xylophone.').waitFor(SLOW);
    await page.screenshot({ path: resolve(RESULTS, 'search-server.png') });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
