import { afterEach, describe, expect, it } from 'vitest';
import { applyBatch } from '../../src/renderer/db/apply-batch';
import { storeBody } from '../../src/renderer/db/cache-queries';
import type { MailDb } from '../../src/renderer/db/mail-db';
import { FORMAT_TOKEN } from '../../src/renderer/db/search-doc';
import { catchUpSearchIndex, startSearchIndexer } from '../../src/renderer/db/search-indexer';
import { coverageLine, searchLocal } from '../../src/renderer/features/search/local-search';
import { parseSearch } from '../../src/renderer/features/search/search-query';
import { ACCOUNT, checkpoint, dropDb, freshDb, record } from './support/mail-data';

let db: MailDb;
afterEach(async () => {
  await dropDb(db);
});

async function seed(): Promise<void> {
  await applyBatch(db, ACCOUNT, {
    kind: 'messages',
    folder: 'INBOX',
    records: [
      record('INBOX', 1, {
        subject: 'Quarterly numbers',
        from: [{ name: 'Bob Stone', address: 'bob@stone.test' }],
        flags: ['\\Seen'],
        body: { text: 'The pineapple shipment arrives on Tuesday.', attachments: [] },
      }),
      record('INBOX', 2, {
        subject: 'Invoice 42',
        hasAttachments: true,
        body: {
          text: 'Please find the invoice attached.',
          attachments: [
            {
              partId: '2',
              filename: 'inv.pdf',
              contentType: 'application/pdf',
              size: 10,
              inline: false,
            },
          ],
        },
      }),
      record('INBOX', 3, { subject: 'Headers only', date: '2024-06-01T10:00:00.000Z' }),
      record('INBOX', 4, { subject: 'Café menu', flags: ['\\Seen'] }),
    ],
    checkpoint: checkpoint(4),
  });
}

async function find(text: string): Promise<string[]> {
  const result = await searchLocal(db, parseSearch(text), []);
  return result.rows.map((row) => row.message.subject);
}

describe('local search', () => {
  it('finds by a body word, from:, has:attachment, is:unread, dates and states coverage', async () => {
    db = freshDb();
    await seed();
    await catchUpSearchIndex(db);
    expect(await find('pineapple')).toEqual(['Quarterly numbers']);
    expect(await find('PineApple tuesday')).toEqual(['Quarterly numbers']);
    expect(await find('from:bob')).toEqual(['Quarterly numbers']);
    expect(await find('from:bob@stone.test')).toEqual(['Quarterly numbers']);
    expect(await find('from:ann pineapple')).toEqual([]);
    expect(await find('has:attachment')).toEqual(['Invoice 42']);
    expect(await find('is:unread')).toEqual(['Headers only', 'Invoice 42']);
    expect(await find('cafe')).toEqual(['Café menu']);
    expect(await find('subject:invoice')).toEqual(['Invoice 42']);
    // A word of the body only is no subject match; subject: takes the word's subject list.
    expect(await find('subject:pineapple')).toEqual([]);
    expect(await find('subject:quarterly pineapple')).toEqual(['Quarterly numbers']);
    expect(await find('subject:numbers after:2024-06-02')).toEqual([]);
    expect(await find('after:2024-06-01 before:2024-06-02')).toEqual(['Headers only']);
    expect(await find('in:inbox invoice')).toEqual(['Invoice 42']);
    expect(await find('in:sent invoice')).toEqual([]);

    const result = await searchLocal(db, parseSearch('pineapple'), []);
    expect(result).toMatchObject({ searched: 4, bodiesMissing: 2, notIndexed: 0, matches: 1 });
    expect(coverageLine(result)).toBe('searched 4 messages; 2 bodies not downloaded');
  });

  it('indexes new batches and bodies fetched later, and drops expunged messages', async () => {
    db = freshDb();
    const indexer = startSearchIndexer(db);
    try {
      await seed();
      await indexer.settled();
      expect(await find('lighthouse')).toEqual([]);
      await storeBody(db, ACCOUNT, '<m3@example.test>', {
        text: 'A lighthouse keeper writes.',
        attachments: [],
      });
      await indexer.settled();
      expect(await find('lighthouse')).toEqual(['Headers only']);
      expect((await searchLocal(db, parseSearch('x'), [])).bodiesMissing).toBe(1);
      await applyBatch(db, ACCOUNT, {
        kind: 'vanished',
        folder: 'INBOX',
        uids: [3],
        checkpoint: checkpoint(4),
      });
      await indexer.settled();
      expect(await find('lighthouse')).toEqual([]);
      // Found by date alone (no token), the removed message stays out: its number is a tombstone.
      expect(await find('after:2024-06-01 before:2024-06-02')).toEqual([]);
      expect((await searchLocal(db, parseSearch('x'), [])).searched).toBe(3);
    } finally {
      indexer.stop();
    }
  });
});

describe('attachment mark', () => {
  it('is corrected by a body fetched later, and kept when the headers are synced again', async () => {
    db = freshDb();
    await seed();
    const mark = async (): Promise<boolean | undefined> =>
      (await db.messages.get([ACCOUNT, '<m3@example.test>']))?.hasAttachments;
    expect(await mark()).toBe(false);
    await storeBody(db, ACCOUNT, '<m3@example.test>', {
      text: 'See the offer.',
      attachments: [
        { partId: '2', filename: 'o.pdf', contentType: 'application/pdf', size: 9, inline: false },
      ],
    });
    expect(await mark()).toBe(true);
    // The same headers again (a replay, or another folder), with the Content-Type's guess.
    await applyBatch(db, ACCOUNT, {
      kind: 'messages',
      folder: 'INBOX',
      records: [record('INBOX', 3, { subject: 'Headers only', hasAttachments: false })],
      checkpoint: checkpoint(4),
    });
    expect(await mark()).toBe(true);
  });
});

describe('search indexer', () => {
  it('drops and rebuilds an index of an older format', async () => {
    db = freshDb();
    await seed();
    await catchUpSearchIndex(db);
    // An index written before the format row existed: a stale posting and no format version.
    await db.searchPostings.delete([FORMAT_TOKEN, 0]);
    await db.searchPostings.put({ token: 'zebra', segment: 1, docs: Uint32Array.of(1, 2, 3) });
    const work = await catchUpSearchIndex(db);
    expect(work.index).toHaveLength(4);
    expect(await find('zebra')).toEqual([]);
    expect(await find('pineapple')).toEqual(['Quarterly numbers']);
    expect(await find('subject:invoice')).toEqual(['Invoice 42']);
    expect((await catchUpSearchIndex(db)).index).toHaveLength(0);
  });

  it('settles at once when nothing changed', async () => {
    db = freshDb();
    const indexer = startSearchIndexer(db);
    try {
      await indexer.settled();
      await indexer.settled();
      expect(indexer.lastError()).toBeUndefined();
    } finally {
      indexer.stop();
    }
  });
});
