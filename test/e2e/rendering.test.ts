/**
 * End to end, safe rendering: every message of ../shared/corpora plus crafted hostile ones is
 * synced into a fresh rig mailbox and opened one by one in headless Chromium through the
 * browser bridge. A loopback server that the crafted mail references as images, CSS, fonts,
 * prefetches, scripts and navigations counts every request: zero while remote content is
 * blocked; after "Always for <sender>", only that sender's legitimate remote content, never its
 * tracking pixel. No script runs (no dialog, no script request), the app never navigates away.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { e2eAccountDraft } from './account-draft';
import { connectContract, startBridge, type Bridge } from './bridge';
import { deliver, type Delivery } from '../servers/deliver';
import type { RigUser } from '../servers/rig-info';
import { addRigUser } from '../servers/rig-users';
import {
  corpusDeliveries,
  hostileHtml,
  hostileMessage,
  inlineImageMessage,
  plainReply,
  startCounter,
  type Counter,
} from './rendering-fixtures';
import { CHROMIUM_LAUNCH } from '../servers/chromium';

const rig = inject('rig');
const RESULTS = resolve(import.meta.dirname, '../../test-results');
const CORPORA = resolve(process.cwd(), '../shared/corpora');
const SLOW = { timeout: 30_000 };
/** The remote content a sender may legitimately load once allowed. */
const LEGITIMATE = ['image.png', 'bg.png', 'font.woff'];

let user: RigUser;
let counter: Counter;
let bridge: Bridge | undefined;
let browser: Browser | undefined;
let page: Page;
let homeDir: string;
let openedFiles: string;
let delivered = 0;
const refused: string[] = [];
const dialogs: string[] = [];
const pageErrors: string[] = [];

/** Adds the account through the contract, as the page itself does. */
async function createAccount(url: string): Promise<void> {
  const client = await connectContract(url);
  const draft = e2eAccountDraft(rig, user, { name: 'Rita rendering', senderName: 'Rita' });

  try {
    await client.call('accounts.create', { draft, credentials: { password: user.password } });
  } finally {
    client.close();
  }
}

/** Delivers one by one: a corpus file Dovecot refuses is noted, not fatal. */
async function deliverAll(messages: readonly Delivery[]): Promise<void> {
  for (const [index, delivery] of messages.entries()) {
    try {
      await deliver(rig, [delivery]);
      delivered += 1;
    } catch (error) {
      refused.push(`#${index}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

// The crafted mail is dated an hour ahead, so it sorts above corpus files without a Date
// (dated by their arrival) and the screenshots show it first.
const base = Date.now() + 60 * 60_000;
const minutesAgo = (minutes: number): Date => new Date(base - minutes * 60_000);

beforeAll(async () => {
  await mkdir(RESULTS, { recursive: true });
  counter = await startCounter();
  user = await addRigUser(rig);
  // MAILCRM_CORPUS_LIMIT=N takes only the first N corpus files (a quicker local run).
  const limit = Number(process.env['MAILCRM_CORPUS_LIMIT'] ?? Infinity);
  const corpus = existsSync(CORPORA) ? corpusDeliveries(CORPORA, user.email).slice(0, limit) : [];
  await deliverAll([
    ...corpus,
    hostileMessage(
      'Alice Allowed <alice@allowed.test>',
      user.email,
      'Crafted from Alice',
      hostileHtml(counter.base, 'a', 'Crafted A marker'),
      minutesAgo(5),
    ),
    hostileMessage(
      'Bob Blocked <bob@blocked.test>',
      user.email,
      'Crafted from Bob',
      hostileHtml(counter.base, 'b', 'Crafted B marker'),
      minutesAgo(4),
    ),
    plainReply(user.email, minutesAgo(3)),
    inlineImageMessage(user.email, minutesAgo(2)),
  ]);
  // Saved attachments go to ~/Downloads of the bridge: a temp home keeps them in the test.
  homeDir = await mkdtemp(join(rig.tempDir, 'rendering-home-'));
  const realHome = process.env['HOME'];
  process.env['HOME'] = homeDir;
  // The system's file opener, played by a script that records the path it was given.
  openedFiles = join(homeDir, 'opened.txt');
  const opener = join(homeDir, 'open-file.sh');
  await writeFile(opener, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${openedFiles}'\n`, { mode: 0o755 });
  try {
    bridge = await startBridge({
      tempDir: rig.tempDir,
      dnsServer: rig.dnsServer,
      env: { MAILCRM_FILE_OPENER: opener },
    });
  } finally {
    process.env['HOME'] = realHome;
  }
  browser = await chromium.launch({
    ...CHROMIUM_LAUNCH,
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(bridge.url);
  await createAccount(bridge.url);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.stop();
  await counter.close();
  if (homeDir !== undefined) await rm(homeDir, { recursive: true, force: true });
});

const reader = () => page.getByRole('region', { name: 'Reading pane' });
const list = () => page.getByRole('listbox', { name: /^Messages in/ });
/** The mail document: inside the mail frame host, inside its inner frame. */
const mailDocument = () => page.frameLocator('iframe.mail-frame').frameLocator('#mail');

/** Opens a message by subject; the list is virtualised, so it is walked from the top to it. */
async function openMessage(subject: string): Promise<void> {
  const option = page.getByRole('option', { name: new RegExp(subject) }).first();
  await list().focus();
  await page.keyboard.press('Home');
  await page.locator('[role="option"][aria-posinset="1"][aria-selected="true"]').waitFor(SLOW);
  for (let step = 0; step < delivered && (await option.count()) === 0; step += 10) {
    for (let key = 0; key < 10; key += 1) await page.keyboard.press('ArrowDown');
  }
  await option.click();
  await page.locator('#reader-subject').filter({ hasText: subject }).waitFor(SLOW);
}

/** Waits until a message is opened and its body is on screen (or has said why it is not). */
async function settle(): Promise<void> {
  await page.locator('#reader-subject').waitFor(SLOW);
  await page
    .locator('.message-body')
    .first()
    .locator('.mail-html, .mail-text, .muted, .notice, [role="alert"]')
    .first()
    .waitFor(SLOW);
}

describe('Safe rendering', () => {
  test('every message opens without a script, a request or a navigation', async () => {
    if (bridge === undefined) throw new Error('setup failed');
    const appUrl = page.url();
    await page.getByRole('button', { name: 'Mail', exact: true }).click();
    await page
      .locator('.list-count')
      .filter({ hasText: new RegExp(`^${delivered} messages$`) })
      .waitFor({ timeout: 180_000 });

    await list().focus();
    await page.keyboard.press('Home');
    const selectedAt = (position: number) =>
      page.locator(`[role="option"][aria-posinset="${position}"][aria-selected="true"]`);
    // This test is about rendering, not keyboard focus. A move that did not take (seen once in
    // CI, see the note on issue 4), or a selection that moved with its row because the rows
    // were still catching up with the count (the open message keeps its place when rows above
    // it arrive), is put right with the arrow keys from wherever the selection is, and counted.
    let retriedMoves = 0;
    const selectedPosition = async (): Promise<number> =>
      Number(
        await page
          .locator('[role="option"][aria-selected="true"]')
          .first()
          .getAttribute('aria-posinset', { timeout: 1000 })
          .catch(() => null),
      );
    const moveTo = async (position: number): Promise<void> => {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        try {
          await selectedAt(position).waitFor({ timeout: 10_000 });
          return;
        } catch {
          // On a loaded machine a slow move may still land: look where the selection is first.
          const current = await selectedPosition();
          if (current === position) return;
          retriedMoves += 1;
          await list().focus();
          // No selection on screen (it moved out of the rendered rows): start again from the top.
          const from = current > 0 ? current : 1;
          if (!(current > 0)) await page.keyboard.press('Home');
          const key = from < position ? 'ArrowDown' : 'ArrowUp';
          for (let step = 0; step < Math.abs(position - from); step += 1) {
            await page.keyboard.press(key);
          }
        }
      }
      await selectedAt(position).waitFor(SLOW);
    };
    for (let position = 1; position <= delivered; position += 1) {
      await moveTo(position);
      await settle();
      expect(page.url(), `message ${position} navigated the app`).toBe(appUrl);
      if (position < delivered) {
        await list().focus();
        await page.keyboard.press('ArrowDown');
      }
    }
    // Late loads (a frame still rendering) would show up here.
    await page.waitForTimeout(1500);
    expect(counter.hits).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(page.url()).toBe(appUrl);
    expect(browser?.contexts()[0]?.pages()).toHaveLength(1);
    expect(await page.title()).toBe('mailcrm');
    console.info(
      `rendering: opened ${delivered} messages (${retriedMoves} list moves retried); ${refused.length} corpus files refused by LMTP`,
    );
  }, 900_000);

  test('remote content: blocked by default, then allowed always for one sender only', async () => {
    await openMessage('Crafted from Alice');
    await mailDocument().getByText('Crafted A marker').waitFor(SLOW);
    const banner = reader().getByRole('note', { name: 'Remote content' });
    await banner.getByText('Remote images and styles in this message are blocked').waitFor();
    await banner.getByText(/tracking image blocked/).waitFor();
    // The phishing link says where it really goes.
    const phishing = mailDocument().getByRole('link', { name: /bank\.test/ });
    expect(await phishing.getAttribute('title')).toBe('This link goes to evil.test, not bank.test');
    expect(
      await mailDocument().locator('script, form, input, base, meta[http-equiv="refresh"]').count(),
    ).toBe(0);
    await page.screenshot({ path: resolve(RESULTS, 'blocked-remote-content.png') });
    expect(counter.hits).toEqual([]);

    await banner.getByRole('button', { name: 'Always for alice@allowed.test' }).click();
    await reader()
      .getByText('Remote content is shown: you allowed it for alice@allowed.test')
      .waitFor(SLOW);
    await expect.poll(() => counter.hits.includes('/a/image.png'), SLOW).toBe(true);
    await page.waitForTimeout(1000);
    const image = mailDocument().getByRole('img', { name: 'remote image' });
    expect(
      await image.evaluate((element: HTMLImageElement) => element.naturalWidth),
    ).toBeGreaterThan(0);
    await page.screenshot({ path: resolve(RESULTS, 'message-view.png') });

    // Bob is not allowed: his message still loads nothing.
    await openMessage('Crafted from Bob');
    await mailDocument().getByText('Crafted B marker').waitFor(SLOW);
    await page.waitForTimeout(1000);
    const paths = [...new Set(counter.hits.map((hit) => hit.split('?')[0] ?? ''))].sort();
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      expect(
        LEGITIMATE.map((name) => `/a/${name}`),
        `unexpected request ${path}`,
      ).toContain(path);
    }
    expect(dialogs).toEqual([]);
    console.info(`rendering: requests after allowing Alice: ${paths.join(', ')}`);
  }, 120_000);

  test('cid: images come from the message, attachments save, plain text folds quotes', async () => {
    await openMessage('Inline logo and a file');
    await mailDocument().getByText('Inline marker').waitFor(SLOW);
    const logo = mailDocument().locator('#logo');
    await expect
      .poll(() => logo.evaluate((element: HTMLImageElement) => element.naturalWidth), SLOW)
      .toBe(2);
    expect(await logo.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const attachments = page.getByRole('region', { name: 'Attachments' });
    await attachments.getByText('terms.pdf').waitFor();
    await attachments.getByText(/application\/pdf/).waitFor();
    await attachments.getByRole('button', { name: 'Save terms.pdf' }).click();
    await attachments.getByText(/Saved to .*terms\.pdf/).waitFor(SLOW);
    // Open: saved privately and handed to the system's program for PDFs.
    await attachments.getByRole('button', { name: 'Open terms.pdf' }).click();
    await attachments.getByText('Opened terms.pdf').waitFor(SLOW);
    const opened = (await readFile(openedFiles, 'utf8')).trim().split('\n');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(/mailcrm-open-[^/]+\/terms\.pdf$/);
    expect(await readdir(join(homeDir, 'Downloads'))).toContain('terms.pdf');

    await openMessage('Plain reply with quotes');
    const text = reader().getByLabel('Message text');
    const link = text.getByRole('link', { name: 'https://docs.example.test/guide' });
    expect(await link.getAttribute('title')).toBe('Opens docs.example.test');
    expect(await text.getByText('The quoted original line one').count()).toBe(0);
    await text.getByRole('button', { name: 'Show quoted text' }).click();
    await text.getByText(/The quoted original line one/).waitFor();
    await page.screenshot({ path: resolve(RESULTS, 'plain-text-view.png') });
    expect(counter.hits.filter((hit) => !hit.startsWith('/a/'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
