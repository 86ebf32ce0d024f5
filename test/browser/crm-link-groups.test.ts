/**
 * Links stored in groups, over a real IndexedDB: a table-wide change relinks thousands of
 * messages at once, which reads every group instead of looking each message up; rows stored
 * before merge with what the engine wants, manual links stay.
 */
import { afterEach, expect, it } from 'vitest';
import { writeLinks, type WantedLinks } from '../../src/renderer/db/crm-link-writes';
import { inCrmTransaction } from '../../src/renderer/db/crm-tables';
import type { MailDb } from '../../src/renderer/db/mail-db';
import type { LinkRow } from '../../src/shared/crm/types';
import { storedLinks } from './support/crm-data';
import { ACCOUNT, dropDb, freshDb } from './support/mail-data';

let db: MailDb;
afterEach(async () => {
  await dropDb(db);
});

const AT = '2024-01-02T00:00:00.000Z';

function wanted(n: number, links: Pick<LinkRow, 'recordId' | 'kind' | 'reason'>[]): WantedLinks {
  const messageKey = `<m${n}@example.test>`;
  return {
    accountId: ACCOUNT,
    messageKey,
    time: n,
    links: links.map((link) => ({
      accountId: ACCOUNT,
      messageKey,
      recordType: 'contact',
      time: n,
      createdAt: AT,
      ...link,
    })),
  };
}

function write(rows: readonly WantedLinks[], mode: 'new' | 'read'): Promise<unknown> {
  return inCrmTransaction(db, 'rw', ['linkGroups'], (t) => writeLinks(t.linkGroups, rows, mode));
}

it('relinks thousands of messages at once against the rows they have', async () => {
  db = freshDb();
  const anna = { recordId: 'anna', kind: 'address', reason: 'address anna@acme.io' } as const;
  const byHand = { recordId: 'bob', kind: 'manual', reason: 'linked by you' } as const;
  await write([wanted(1, [anna, byHand]), wanted(2, [anna])], 'new');
  // Message 1 keeps its manual link, 2 loses its automatic one, the rest get their first.
  const many = Array.from({ length: 6000 }, (_, i) => wanted(i + 1, i < 2 ? [] : [anna]));
  await write(many, 'read');
  const links = await storedLinks(db);
  expect(links).toHaveLength(5999);
  expect(links.filter((link) => link.time <= 2)).toEqual([
    { ...wanted(1, [byHand]).links[0], createdAt: AT },
  ]);
  expect(await db.linkGroups.count()).toBe(13);
});
