/**
 * The drift report as a user reads it on the Sync status screen: a check that a later sync has
 * outdated (mail stored or removed since) says so instead of claiming the cache still matches;
 * flag changes or other folders' mail do not outdate it.
 */
import { createElement } from 'react';
import { afterEach, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import type { SyncRunRow } from '../../src/renderer/db/records';
import { DriftReport } from '../../src/renderer/features/sync-status/DriftReport';
import type { DriftReport as Report } from '../../src/renderer/features/sync/drift-check';
import { renderScreen, unmountAll } from './support/render';

afterEach(() => {
  unmountAll();
});

const CHECKED = '2026-12-05T16:52:00.000Z';

function report(folder: string, count: number): Report {
  return {
    accountId: 'a',
    folder,
    status: 'ok',
    cachedCount: count,
    serverCount: count,
    excludedCount: 0,
    pendingRemovals: 0,
    sampled: Math.min(count, 50),
    missingOnServer: [],
    reasons: [],
    checkedAt: CHECKED,
  };
}

function run(folder: string, finishedAt: string, counts: SyncRunRow['counts']): SyncRunRow {
  return {
    accountId: 'a',
    folders: [folder],
    direction: 'download',
    startedAt: finishedAt,
    finishedAt,
    status: 'success',
    counts,
    errors: [],
  };
}

function show(runs: readonly SyncRunRow[]): void {
  renderScreen(
    createElement(DriftReport, {
      accountId: 'a',
      folders: [
        { path: 'INBOX', label: 'Inbox' },
        { path: 'Sent', label: 'Sent' },
      ],
      reports: { INBOX: report('INBOX', 12_030), Sent: report('Sent', 4) },
      runs,
      canCheck: true,
    }),
  );
}

const inbox = () => page.getByRole('listitem').filter({ hasText: 'Inbox' });
const sent = () => page.getByRole('listitem').filter({ hasText: 'Sent' });

it('says a check is outdated once a later sync stored or removed mail in that folder', async () => {
  show([
    run('INBOX', '2026-12-05T16:50:00.000Z', { stored: 12_030 }),
    run('INBOX', '2026-12-05T16:53:00.000Z', { stored: 1 }),
  ]);
  await expect
    .element(inbox())
    .toHaveTextContent(/Matched the server when checked: 12,030 messages on the server/);
  await expect
    .element(inbox())
    .toHaveTextContent('Mail has arrived or gone since this check. Check now to compare again.');
  await expect.element(sent()).toHaveTextContent(/Matches the server: 4 messages/);
  expect(sent().element().textContent).not.toContain('since this check');
});

it('keeps "matches" when later syncs only changed flags or ran before the check', async () => {
  show([
    run('INBOX', '2026-12-05T16:51:00.000Z', { stored: 3, vanished: 2 }),
    run('INBOX', '2026-12-05T16:55:00.000Z', { flagsChanged: 7 }),
  ]);
  await expect.element(inbox()).toHaveTextContent(/Matches the server: 12,030 messages/);
  expect(inbox().element().textContent).not.toContain('since this check');
});
