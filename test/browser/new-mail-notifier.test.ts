/**
 * The new-mail notifier over a real IndexedDB: what counts as new, what never notifies (the
 * first sync, mail already read, a switched-off account), and the summary past three messages.
 */
import { afterEach, expect, it } from 'vitest';
import { applyBatch } from '../../src/renderer/db/apply-batch';
import type { MailDb } from '../../src/renderer/db/mail-db';
import {
  startNewMailNotifier,
  type NewMailNotice,
  type NewMailNotifier,
} from '../../src/renderer/features/notifications/new-mail-notifier';
import type { FolderCheckpoint, MessageRecord } from '../../src/shared/sync';
import { accountView } from './support/accounts';
import { ACCOUNT, checkpoint, dropDb, freshDb, record } from './support/mail-data';

let db: MailDb;
let notifier: NewMailNotifier | undefined;
afterEach(async () => {
  notifier?.stop();
  notifier = undefined;
  await dropDb(db);
});

const account = accountView(ACCOUNT);

async function store(
  records: MessageRecord[],
  highest: number,
  overrides: Partial<FolderCheckpoint> = {},
): Promise<void> {
  await applyBatch(db, ACCOUNT, {
    kind: 'messages',
    folder: 'INBOX',
    records,
    checkpoint: checkpoint(highest, overrides),
  });
}

function start(enabled = () => true): NewMailNotice[] {
  const shown: NewMailNotice[] = [];
  notifier = startNewMailNotifier({
    db,
    accounts: () => [account],
    enabled,
    show: (notice) => shown.push(notice),
  });
  return shown;
}

it('stays quiet about what the Inbox held at start, then announces each new unread message', async () => {
  db = freshDb();
  await store([record('INBOX', 1), record('INBOX', 2)], 2);
  const shown = start();
  await notifier?.check();
  expect(shown).toEqual([]);

  await store([record('INBOX', 3, { subject: 'Quote for Acme' })], 3);
  await notifier?.check();
  expect(shown.map((n) => [n.title, n.body, n.tag])).toEqual([
    ['Ann Example', 'Quote for Acme', `mail:${ACCOUNT}:3`],
  ]);
  expect(shown[0]?.membership?.uid).toBe(3);

  // Checking again finds nothing new: each message is announced once.
  await notifier?.check();
  expect(shown).toHaveLength(1);
});

it('never notifies during a first sync, for mail already read, or when switched off', async () => {
  db = freshDb();
  await store([record('INBOX', 1)], 1, { initialComplete: false });
  let on = true;
  const shown = start(() => on);
  await notifier?.check();
  // Still the first sync: the mark moves, nothing is shown.
  await store([record('INBOX', 2)], 2, { initialComplete: false });
  await notifier?.check();
  expect(shown).toEqual([]);

  await store([record('INBOX', 3, { flags: ['\\Seen'] })], 3);
  await notifier?.check();
  expect(shown).toEqual([]);

  on = false;
  await store([record('INBOX', 4)], 4);
  await notifier?.check();
  expect(shown).toEqual([]);
});

it('shows three messages one by one and the rest as one summary', async () => {
  db = freshDb();
  await store([record('INBOX', 1)], 1);
  const shown = start();
  await notifier?.check();
  await store(
    [2, 3, 4, 5, 6].map((uid) => record('INBOX', uid)),
    6,
  );
  await notifier?.check();
  expect(shown.map((n) => n.body)).toEqual([
    'Subject 6',
    'Subject 5',
    'Subject 4',
    '2 more new messages',
  ]);
  expect(shown[3]?.membership).toBeUndefined();
});

it('notices new mail by itself after a sync batch is written', async () => {
  db = freshDb();
  await store([record('INBOX', 1)], 1);
  const shown = start();
  await notifier?.check();
  await store([record('INBOX', 2, { subject: 'Pushed' })], 2);
  // The storagemutated listener schedules a check after a short settle time.
  await expect.poll(() => shown.map((n) => n.body), { timeout: 3000 }).toEqual(['Pushed']);
});
