/**
 * The benchmark's own page (plain .ts: bench files are linted and type-checked without JSX): the real MailScreen over the real Dexie cache, filled through the
 * app's applyBatch. It is built only by bench/ui/run.ts into its own folder; the app's bundle
 * has no such hook.
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { applyBatch } from '../../../src/renderer/db/apply-batch';
import { getMailDb } from '../../../src/renderer/db/mail-db';
import { catchUpSearchIndex } from '../../../src/renderer/db/search-indexer';
import { useAccounts } from '../../../src/renderer/features/accounts/accountsSlice';
import { MailScreen } from '../../../src/renderer/features/mailbox/MailScreen';
import { ROW_HEIGHT } from '../../../src/renderer/features/mailbox/MessageList';
import { searchLocal } from '../../../src/renderer/features/search/local-search';
import { parseSearch } from '../../../src/renderer/features/search/search-query';
import type { AccountView } from '../../../src/shared/account';
import type { BenchApi } from '../bench-api';
// The renderer's global types (window.mailcrm): this page is type-checked with the bench files.
import type {} from '../../../src/renderer/api/mailcrm-global';
import { createWorld, generateRecords } from '../generate-mail';
import '../../../src/renderer/styles/theme.css';
import '../../../src/renderer/styles/shell.css';
import '../../../src/renderer/styles/controls.css';
import '../../../src/renderer/styles/mailbox.css';

const SEED = 42;
const BATCH = 1000;
const world = createWorld(SEED);
/** Kept in localStorage: the browser restarts between loading and measuring. */
let loadedTotal = Number(localStorage.getItem('bench.total') ?? 0);

/** The list is newest first and UIDs follow dates: row i is UID total - i. */
function uidAt(index: number): number {
  return loadedTotal - index;
}

function hasBody(uid: number): boolean {
  return generateRecords(world, SEED, loadedTotal, uid - 1, uid)[0]?.body !== undefined;
}

const account: AccountView = {
  id: 'bench',
  name: 'Bench',
  provider: 'custom',
  senderName: 'Me',
  email: 'me@bench.example',
  login: 'me@bench.example',
  auth: 'password',
  imap: { host: '127.0.0.1', port: 993, security: 'tls' },
  smtp: {
    host: '127.0.0.1',
    port: 465,
    security: 'tls',
    noAuth: false,
    sameCredentialsAsImap: true,
  },
  folders: { inbox: 'INBOX', sent: 'Sent' },
  copySentToSentFolder: true,
  isDefaultSender: true,
  enabled: true,
  scope: 'personal',
  createdAt: '2024-01-01T00:00:00.000Z',
  awaitingPassword: false,
  status: 'active',
  sync: {
    folders: ['INBOX'],
    historyWindow: '30d',
    initialBodyCount: 0,
    unseenOnly: false,
    pollIntervalMinutes: 5,
    excludePatterns: [],
    importConditions: [],
  },
};

function nextFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(resolve));
}

/** Resolves at the first frame after `ready()` holds, with that frame's time. */
async function paintedWhen(ready: () => boolean, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (ready()) {
      await nextFrame();
      return performance.now();
    }
    if (performance.now() - started > timeoutMs) throw new Error('Timed out waiting for the page');
    await new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => {
        observer.disconnect();
        resolve();
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      setTimeout(() => {
        observer.disconnect();
        resolve();
      }, 50);
    });
  }
}

function list(): HTMLElement {
  const element = document.querySelector<HTMLElement>('.message-list');
  if (element === null) throw new Error('The message list is not on the page');
  return element;
}

const api: BenchApi = {
  async load(total) {
    const db = getMailDb();
    loadedTotal = total;
    localStorage.setItem('bench.total', String(total));
    const started = performance.now();
    for (let from = 0; from < total; from += BATCH) {
      const to = Math.min(total, from + BATCH);
      await applyBatch(db, 'bench', {
        kind: 'messages',
        folder: 'INBOX',
        records: generateRecords(world, SEED, total, from, to),
        checkpoint: {
          uidValidity: 1,
          uidNext: total + 1,
          lowestUidSynced: from + 1,
          highestUidSynced: total,
          initialComplete: to === total,
        },
      });
    }
    const loaded = performance.now();
    await catchUpSearchIndex(db);
    return { loadMs: loaded - started, indexMs: performance.now() - loaded };
  },

  async mount() {
    useAccounts.setState({ accounts: [account], loadState: 'ready' });
    const root = document.getElementById('root');
    if (root === null) throw new Error('no #root');
    const started = performance.now();
    createRoot(root).render(
      createElement(
        'div',
        { className: 'app' },
        // The app's navigation column, empty: without it the mail screen falls into the
        // 220 px column of the .app grid and the list is laid out and painted clipped.
        createElement('nav', { className: 'sidebar', 'aria-label': 'Sections' }),
        createElement(
          'main',
          { className: 'content content-fill' },
          createElement(MailScreen, { onAddAccount: () => undefined }),
        ),
      ),
    );
    const painted = await paintedWhen(
      () => document.querySelector('.message-row:not(.placeholder)') !== null,
    );
    return painted - started;
  },

  async scroll(stepPx) {
    const element = list();
    element.scrollTop = 0;
    await nextFrame();
    const frames: number[] = [];
    let placeholderFrames = 0;
    let last = await nextFrame();
    while (element.scrollTop + element.clientHeight < element.scrollHeight - 1) {
      element.scrollTop += stepPx;
      const now = await nextFrame();
      frames.push(now - last);
      last = now;
      if (document.querySelector('.message-row.placeholder') !== null) placeholderFrames += 1;
    }
    return { frames, placeholderFrames };
  },

  async open(wanted) {
    // Headers-only messages would download from a server the benchmark does not have.
    let index = wanted;
    while (!hasBody(uidAt(index))) index += 1;
    const element = list();
    element.scrollTop = Math.max(0, index * ROW_HEIGHT - 100);
    const rowSelector = `.message-row[aria-posinset="${index + 1}"]:not(.placeholder)`;
    await paintedWhen(() => document.querySelector(rowSelector) !== null);
    const row = document.querySelector<HTMLElement>(rowSelector);
    if (row === null) throw new Error(`Row ${index} is not on the page`);
    const marker = `bodymark${uidAt(index)} `;
    const started = performance.now();
    row.click();
    const painted = await paintedWhen(() =>
      (document.querySelector('.reading-pane .mail-text')?.textContent ?? '').startsWith(marker),
    );
    return painted - started;
  },

  async search(text) {
    const started = performance.now();
    const result = await searchLocal(getMailDb(), parseSearch(text), [account]);
    return { ms: performance.now() - started, matches: result.matches };
  },

  sample() {
    const sender = world.senders[3]?.address ?? '';
    return {
      common: world.vocabulary.slice(0, 3),
      rare: world.vocabulary.slice(2000, 2003),
      sender,
    };
  },
};

window.__mailBench = api;
