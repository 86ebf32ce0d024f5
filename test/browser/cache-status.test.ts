import { afterEach, expect, it } from 'vitest';
import { applyBatch } from '../../src/renderer/db/apply-batch';
import { queueAction } from '../../src/renderer/db/action-queue';
import { readCacheStatus } from '../../src/renderer/db/cache-status';
import type { MailDb } from '../../src/renderer/db/mail-db';
import { ACCOUNT, checkpoint, dropDb, freshDb, record } from './support/mail-data';

let db: MailDb;
afterEach(async () => {
  await dropDb(db);
});

/** Local times: "today" is the user's day, not UTC's. */
const now = new Date(2024, 4, 1, 15, 0);
const today = (hour: number) => new Date(2024, 4, 1, hour, 0).toISOString();
const yesterday = new Date(2024, 3, 30, 23, 30).toISOString();

it('counts messages, per-folder unread, received and sent today', async () => {
  db = freshDb();
  await applyBatch(db, ACCOUNT, {
    kind: 'messages',
    folder: 'INBOX',
    records: [
      record('INBOX', 1, { date: today(9), flags: ['\\Seen'] }),
      record('INBOX', 2, { date: today(10), messageKey: 'shared' }),
      record('INBOX', 3, { date: yesterday }),
    ],
    checkpoint: checkpoint(3),
  });
  await applyBatch(db, ACCOUNT, {
    kind: 'messages',
    folder: 'Archive',
    records: [record('Archive', 8, { date: today(10), messageKey: 'shared' })],
    checkpoint: checkpoint(8),
  });
  await applyBatch(db, ACCOUNT, {
    kind: 'messages',
    folder: 'Sent',
    records: [
      record('Sent', 4, { date: today(11), messageKey: 'sent-1', flags: ['\\Seen'] }),
      record('Sent', 5, { date: yesterday, messageKey: 'sent-2', flags: ['\\Seen'] }),
    ],
    checkpoint: checkpoint(5),
  });
  await queueAction(
    db,
    { accountId: ACCOUNT, folder: 'INBOX', uidValidity: 1, uid: 3 },
    {
      kind: 'flags',
      add: ['\\Seen'],
      remove: [],
    },
  );

  const status = await readCacheStatus(db, ACCOUNT, { inbox: 'INBOX', sent: 'Sent' }, now);
  expect(status).toEqual({
    messages: 5,
    folders: [
      { folder: 'Archive', messages: 1, unread: 1 },
      { folder: 'INBOX', messages: 3, unread: 1 },
      { folder: 'Sent', messages: 2, unread: 0 },
    ],
    receivedToday: 2,
    sentToday: 1,
    pendingActions: 1,
    failedActions: 0,
  });
});
