/**
 * The sync progress line as a user reads it: folder, phase, counts grouped like the list's
 * ("1,200 of 3,000"), rate and folders waiting, and a bar that is indeterminate until a total
 * is known.
 */
import { createElement } from 'react';
import { afterEach, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { SyncProgressBar } from '../../src/renderer/features/sync/SyncProgressBar';
import type { AccountSync } from '../../src/renderer/features/sync/syncSlice';
import { renderScreen, unmountAll } from './support/render';

afterEach(() => {
  unmountAll();
});

const idle: AccountSync = {
  connection: 'connected',
  waitingFolders: [],
  lastSummaries: {},
  recentRuns: [],
  drift: {},
};

it('names the folder, the phase, the counts and the rate', async () => {
  renderScreen(
    createElement(SyncProgressBar, {
      sync: {
        ...idle,
        runningFolder: 'INBOX',
        waitingFolders: ['Sent'],
        progress: { folder: 'INBOX', phase: 'headers', done: 1200, total: 3000, rate: 850.4 },
      },
    }),
  );
  const status = page.getByRole('status');
  await expect
    .element(status)
    .toHaveTextContent('Syncing INBOX: headers 1,200 of 3,000 (850/s), 1 more folder waiting');
  const bar = page.getByRole('progressbar', { name: 'Sync progress of INBOX' });
  expect(bar.element().getAttribute('value')).toBe('1200');
  expect(bar.element().getAttribute('max')).toBe('3000');
});

it('shows an indeterminate bar before the first count', async () => {
  renderScreen(createElement(SyncProgressBar, { sync: { ...idle, runningFolder: 'Sent' } }));
  await expect.element(page.getByRole('status')).toHaveTextContent(/^Syncing Sent$/);
  const bar = page.getByRole('progressbar', { name: 'Sync progress of Sent' });
  expect(bar.element().hasAttribute('value')).toBe(false);
});
