/**
 * useListWindow follows the view on screen: switching folders while a read of the old one is
 * still running ends on the new folder's rows, never on the old folder's.
 */
import { createElement, useState } from 'react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { applyBatch } from '../../src/renderer/db/apply-batch';
import { getMailDb } from '../../src/renderer/db/mail-db';
import type { FolderSource } from '../../src/renderer/features/mailbox/mailbox-view';
import { useListWindow } from '../../src/renderer/features/mailbox/useListWindow';
import { ACCOUNT, checkpoint, record } from './support/mail-data';
import { renderScreen, unmountAll } from './support/render';

const db = getMailDb();
const INBOX: readonly FolderSource[] = [{ accountId: ACCOUNT, folder: 'INBOX' }];
const SENT: readonly FolderSource[] = [{ accountId: ACCOUNT, folder: 'Sent' }];

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  for (const folder of ['INBOX', 'Sent']) {
    const records = [1, 2, 3].map((uid) =>
      record(folder, uid, { messageKey: `<${folder}-${uid}@x>`, subject: `${folder} ${uid}` }),
    );
    await applyBatch(db, ACCOUNT, { kind: 'messages', folder, records, checkpoint: checkpoint(3) });
  }
});
afterEach(() => {
  unmountAll();
});

/** Set by the probe on render: switches it to Sent. */
const probeControls: { showSent?: () => void } = {};

function Probe() {
  const [sent, setSent] = useState(false);
  probeControls.showSent = () => {
    setSent(true);
  };
  const sources = sent ? SENT : INBOX;
  const { window } = useListWindow(sources, sent ? 'sent' : 'inbox', 0, 50);
  const subjects = window?.rows.map((row) => row.message.subject).join(', ') ?? 'reading';
  return createElement('output', { id: 'probe' }, subjects);
}

function switchToSent(): void {
  const show = probeControls.showSent;
  if (show === undefined) throw new Error('the probe has not rendered');
  show();
}

async function until(check: () => boolean): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > 5000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

it('a folder switched to while the last one is still being read shows its own rows', async () => {
  delete probeControls.showSent;
  renderScreen(createElement(Probe));
  await until(() => probeControls.showSent !== undefined);
  // The inbox's first read is under way: switch now, before it returns.
  switchToSent();
  const probe = () => document.querySelector('#probe')?.textContent ?? '';
  await until(() => probe() === 'Sent 3, Sent 2, Sent 1');
  // Nothing later replaces it with the inbox.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(probe()).toBe('Sent 3, Sent 2, Sent 1');
});
