import { afterEach, describe, expect, it } from 'vitest';
import { applyBatch } from '../../src/renderer/db/apply-batch';
import type { MailDb } from '../../src/renderer/db/mail-db';
import { catchUpSearchIndex } from '../../src/renderer/db/search-indexer';
import { readThread } from '../../src/renderer/features/threads/thread-query';
import type { MessageRecord } from '../../src/shared/sync';
import { ACCOUNT, checkpoint, dropDb, freshDb, record } from './support/mail-data';

let db: MailDb;
afterEach(async () => {
  await dropDb(db);
});

const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2025, 2, 1, 9);

function at(ms: number): Pick<MessageRecord, 'date' | 'internalDate'> {
  const iso = new Date(ms).toISOString();
  return { date: iso, internalDate: iso };
}

async function store(folder: string, records: MessageRecord[]): Promise<void> {
  const highest = Math.max(...records.map((r) => r.uid));
  await applyBatch(db, ACCOUNT, {
    kind: 'messages',
    folder,
    records,
    checkpoint: checkpoint(highest),
  });
}

function subjects(rows: readonly { message: { subject: string } }[]): string[] {
  return rows.map((row) => row.message.subject);
}

describe('threads', () => {
  it('joins replies across Inbox and Sent by References / In-Reply-To, oldest first', async () => {
    db = freshDb();
    await store('INBOX', [
      record('INBOX', 1, { subject: 'Plan', messageId: '<a@x>', messageKey: '<a@x>', ...at(T0) }),
      record('INBOX', 3, {
        subject: 'Re: Plan',
        messageId: '<c@x>',
        messageKey: '<c@x>',
        inReplyTo: '<b@x>',
        references: ['<a@x>', '<b@x>'],
        ...at(T0 + 2 * DAY),
      }),
      record('INBOX', 4, { subject: 'Other', messageId: '<d@x>', messageKey: '<d@x>', ...at(T0) }),
    ]);
    await store('Sent', [
      record('Sent', 2, {
        subject: 'RE: Plan',
        messageId: '<B@x>',
        messageKey: '<B@x>',
        inReplyTo: '<a@x>',
        references: ['<a@x>'],
        ...at(T0 + DAY),
      }),
    ]);
    await catchUpSearchIndex(db);
    for (const key of ['<a@x>', '<B@x>', '<c@x>']) {
      const thread = await readThread(db, ACCOUNT, key, undefined, { threading: true });
      expect(subjects(thread)).toEqual(['Plan', 'RE: Plan', 'Re: Plan']);
      expect(thread.map((row) => row.membership.folder)).toEqual(['INBOX', 'Sent', 'INBOX']);
    }
    const off = await readThread(db, ACCOUNT, '<c@x>', undefined, { threading: false });
    expect(subjects(off)).toEqual(['Re: Plan']);
  });

  it('falls back to the subject only inside the window and only without links', async () => {
    db = freshDb();
    await store('INBOX', [
      record('INBOX', 1, { subject: 'Lunch?', messageKey: 'k1', messageId: '<1@y>', ...at(T0) }),
      record('INBOX', 2, {
        subject: 'Re: Lunch?',
        messageKey: 'k2',
        messageId: '<2@y>',
        ...at(T0 + 3 * DAY),
      }),
      record('INBOX', 3, {
        subject: 'Fwd: lunch?',
        messageKey: 'k3',
        messageId: '<3@y>',
        ...at(T0 + 30 * DAY),
      }),
      // Linked elsewhere: never joined by subject.
      record('INBOX', 4, {
        subject: 'Re: Lunch?',
        messageKey: 'k4',
        messageId: '<4@y>',
        references: ['<zzz@y>'],
        ...at(T0 + DAY),
      }),
    ]);
    await catchUpSearchIndex(db);
    const thread = await readThread(db, ACCOUNT, 'k1', undefined, { threading: true });
    expect(thread.map((row) => row.message.messageKey)).toEqual(['k1', 'k2']);
    const late = await readThread(db, ACCOUNT, 'k3', undefined, { threading: true });
    expect(late.map((row) => row.message.messageKey)).toEqual(['k3']);
    const off = await readThread(db, ACCOUNT, 'k1', undefined, { threading: false });
    expect(off.map((row) => row.message.messageKey)).toEqual(['k1']);
  });

  it('uses Gmail thread ids where present', async () => {
    db = freshDb();
    await store('INBOX', [
      record('INBOX', 1, { subject: 'One', messageKey: 'g1', gmailThreadId: '77', ...at(T0) }),
      record('INBOX', 2, {
        subject: 'Two',
        messageKey: 'g2',
        gmailThreadId: '77',
        ...at(T0 + DAY),
      }),
      record('INBOX', 3, { subject: 'Three', messageKey: 'g3', gmailThreadId: '78', ...at(T0) }),
    ]);
    await catchUpSearchIndex(db);
    const thread = await readThread(db, ACCOUNT, 'g2', undefined, { threading: true });
    expect(subjects(thread)).toEqual(['One', 'Two']);
  });
});
