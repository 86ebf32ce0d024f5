/**
 * The CRM linker over a real IndexedDB: mail stored as sync stores it (applyBatch) is linked to
 * contacts, companies and deals with the expected reasons; what the user removes stays removed;
 * deleting and merging contacts carry their links along; the mail itself is never touched.
 */
import Dexie from 'dexie';
import { afterEach, expect, it } from 'vitest';
import { applyBatch } from '../../src/renderer/db/apply-batch';
import {
  deleteContact,
  linkManually,
  linksForMessage,
  mergeContacts,
  neverLinkDomain,
  recordTimeline,
  saveCompany,
  saveContact,
  saveDeal,
  unlink,
} from '../../src/renderer/db/crm-store';
import { MailDb } from '../../src/renderer/db/mail-db';
import { startCrmLinker, type CrmLinker } from '../../src/renderer/features/crm/crm-linker';
import type { LinkRow } from '../../src/shared/crm/types';
import type { MessageRecord } from '../../src/shared/sync';
import { contactInput as contact, storedLinks } from './support/crm-data';
import { ACCOUNT, checkpoint, dropDb, freshDb, record } from './support/mail-data';

let db: MailDb;
let linker: CrmLinker | undefined;
afterEach(async () => {
  linker?.stop();
  linker = undefined;
  await dropDb(db);
});

const NOW = new Date('2024-01-02T00:00:00Z');
const ME = 'me@mycorp.test';

async function store(folder: string, records: MessageRecord[]): Promise<void> {
  await applyBatch(db, ACCOUNT, {
    kind: 'messages',
    folder,
    records,
    checkpoint: checkpoint(Math.max(...records.map((r) => r.uid))),
  });
}

function start(): CrmLinker {
  linker = startCrmLinker({ db, myAddresses: () => new Set([ME]), now: () => NOW });
  return linker;
}

/** Every link as "uid type:name kind (reason)", sorted. */
async function linkLines(): Promise<string[]> {
  const links = await storedLinks(db);
  const names = new Map<string, string>();
  for (const c of await db.contacts.toArray()) names.set(c.id, `${c.firstName} ${c.lastName}`);
  for (const c of await db.companies.toArray()) names.set(c.id, c.name);
  for (const d of await db.deals.toArray()) names.set(d.id, d.name);
  return links
    .map(
      (l) =>
        `${l.messageKey.replace(/^<m(\d+)@.*$/, '$1')} ${l.recordType}:${names.get(l.recordId) ?? l.recordId} ${l.kind} (${l.reason})`,
    )
    .sort();
}

interface World {
  anna: string;
  bob: string;
  acme: string;
}

async function world(): Promise<World> {
  const acme = await saveCompany(db, { name: 'Acme', domains: ['acme.io'] }, NOW);
  const anna = await saveContact(
    db,
    contact({
      firstName: 'Anna',
      lastName: 'Berg',
      addresses: ['Anna@Acme.io'],
      companyId: acme.id,
    }),
    NOW,
  );
  const bob = await saveContact(
    db,
    contact({ firstName: 'Bob', lastName: 'Stone', addresses: ['bob@gmail.com'] }),
    NOW,
  );
  await saveDeal(
    db,
    { name: 'Q3 renewal', stage: 'Proposal', status: 'open', contactIds: [anna.id] },
    NOW,
  );
  await store('INBOX', [
    record('INBOX', 1, { from: [{ name: 'Anna Berg', address: 'anna@acme.io' }] }),
    record('INBOX', 2, { from: [{ name: 'Carl', address: 'carl@acme.io' }] }),
    record('INBOX', 3, { from: [{ name: 'Bob Stone', address: 'bob+work@gmail.com' }] }),
    record('INBOX', 4, {
      from: [{ name: 'Acme News', address: 'news@acme.io' }],
      listId: '<news.acme.io>',
    }),
    record('INBOX', 5, { from: [{ name: 'Dora', address: 'dora@elsewhere.test' }] }),
  ]);
  await store('Sent', [
    record('Sent', 1, {
      messageKey: '<m6@example.test>',
      messageId: '<m6@example.test>',
      from: [{ name: 'Me', address: ME }],
      to: [{ name: 'Bob', address: 'bob@gmail.com' }],
    }),
  ]);
  return { anna: anna.id, bob: bob.id, acme: acme.id };
}

const EXPECTED = [
  '1 company:Acme address (contact Anna Berg)',
  '1 contact:Anna Berg address (address anna@acme.io)',
  '1 deal:Q3 renewal deal (deal via Anna Berg)',
  '2 company:Acme domain (domain acme.io)',
  '3 contact:Bob Stone address (address bob@gmail.com)',
  '4 company:Acme domain (domain acme.io)',
  '6 contact:Bob Stone address (address bob@gmail.com)',
];

it('links stored mail, received and sent, to contacts, companies and deals with reasons', async () => {
  db = freshDb();
  await world();
  const done = await start().relinkAll();
  expect(done.messages).toBe(6);
  expect(await linkLines()).toEqual(EXPECTED);
  // A second relink changes nothing.
  await linker?.relinkAll();
  expect(await linkLines()).toEqual(EXPECTED);
});

it('links a new sync batch by itself', async () => {
  db = freshDb();
  const { anna } = await world();
  start();
  await linker?.relinkAll();
  await store('INBOX', [
    record('INBOX', 7, { from: [{ name: 'Anna Berg', address: 'anna@acme.io' }] }),
  ]);
  await expect
    .poll(async () => (await linksForMessage(db, ACCOUNT, '<m7@example.test>')).length, {
      timeout: 3000,
    })
    .toBe(3);
  const timeline = await recordTimeline(db, { type: 'contact', id: anna });
  expect(timeline.map((e) => e.message.messageKey)).toEqual([
    '<m7@example.test>',
    '<m1@example.test>',
  ]);
  expect(timeline[0]?.membership?.folder).toBe('INBOX');
});

it('orders a timeline by arrival when a Date header lies about the future, as the list does', async () => {
  db = freshDb();
  const { anna } = await world();
  const anna8 = { from: [{ name: 'Anna Berg', address: 'anna@acme.io' }] };
  await store('INBOX', [
    record('INBOX', 7, anna8),
    // Dated June 3609; the server received it between messages 1 and 7.
    record('INBOX', 8, {
      ...anna8,
      date: '3609-06-30T10:00:00.000Z',
      internalDate: record('INBOX', 4).date,
    }),
  ]);
  await start().relinkAll();
  const timeline = await recordTimeline(db, { type: 'contact', id: anna });
  expect(timeline.map((e) => e.message.messageKey)).toEqual([
    '<m7@example.test>',
    '<m8@example.test>',
    '<m1@example.test>',
  ]);
});

it('keeps a removed link removed, and a manual link until removed', async () => {
  db = freshDb();
  const { acme } = await world();
  start();
  await linker?.relinkAll();
  const link = (await storedLinks(db)).find(
    (l) => l.messageKey === '<m2@example.test>' && l.recordType === 'company',
  ) as LinkRow;
  await unlink(db, link, NOW);
  await linker?.relinkAll();
  expect(await linkLines()).toEqual(EXPECTED.filter((line) => !line.startsWith('2 ')));

  await linkManually(db, ACCOUNT, '<m5@example.test>', { type: 'company', id: acme }, NOW);
  await linker?.relinkAll();
  expect(await linkLines()).toContain('5 company:Acme manual (linked by you)');
  // Linking by hand again forgets the earlier unlink.
  await linkManually(db, ACCOUNT, '<m2@example.test>', { type: 'company', id: acme }, NOW);
  expect(await db.linkSuppressions.count()).toBe(0);
});

it('relinks a batch of mail linked before without losing a removed or a manual link', async () => {
  db = freshDb();
  const { acme } = await world();
  start();
  await linker?.relinkAll();
  const company = (await linksForMessage(db, ACCOUNT, '<m1@example.test>')).find(
    (l) => l.link.recordType === 'company',
  );
  await unlink(db, company?.link as LinkRow, NOW);
  await linkManually(db, ACCOUNT, '<m5@example.test>', { type: 'company', id: acme }, NOW);
  // Linked as a sync batch: rows exist for 1 and 2 (the adds find them), none is wanted for 5.
  await linker?.linkMessages(ACCOUNT, [
    '<m1@example.test>',
    '<m2@example.test>',
    '<m5@example.test>',
  ]);
  expect(await linkLines()).toEqual(
    [
      ...EXPECTED.filter((line) => line !== '1 company:Acme address (contact Anna Berg)'),
      '5 company:Acme manual (linked by you)',
    ].sort(),
  );
  const timeline = await recordTimeline(db, { type: 'company', id: acme });
  expect(timeline.map((e) => e.message.messageKey)).toEqual([
    '<m5@example.test>',
    '<m4@example.test>',
    '<m2@example.test>',
  ]);
});

it('never links a domain again once ruled out', async () => {
  db = freshDb();
  await world();
  start();
  await linker?.relinkAll();
  const removed = await neverLinkDomain(db, 'acme.io', NOW);
  expect(removed).toBe(5);
  await linker?.relinkAll();
  expect(await linkLines()).toEqual([
    '3 contact:Bob Stone address (address bob@gmail.com)',
    '6 contact:Bob Stone address (address bob@gmail.com)',
  ]);
});

it('deletes a contact with its links but not the mail, and merges links into the kept contact', async () => {
  db = freshDb();
  const { anna, bob } = await world();
  start();
  await linker?.relinkAll();
  const messages = await db.messages.count();

  await mergeContacts(db, anna, bob, NOW);
  const merged = await db.contacts.get(anna);
  expect(merged?.addresses).toEqual(['anna@acme.io', 'bob@gmail.com']);
  expect(await db.contacts.get(bob)).toBeUndefined();
  const moved = await recordTimeline(db, { type: 'contact', id: anna });
  expect(moved.map((e) => e.message.messageKey).sort()).toEqual([
    '<m1@example.test>',
    '<m3@example.test>',
    '<m6@example.test>',
  ]);

  await deleteContact(db, anna);
  // The message keeps its other links.
  expect(await linkLines()).toContain('1 company:Acme address (contact Anna Berg)');
  const left = await storedLinks(db);
  expect(left.filter((l) => l.recordType === 'contact')).toEqual([]);
  expect(await db.messages.count()).toBe(messages);
  const deal = (await db.deals.toArray())[0];
  expect(deal?.contactIds).toEqual([]);
});

it('drops the links of mail that leaves the cache', async () => {
  db = freshDb();
  await world();
  start();
  await linker?.relinkAll();
  await applyBatch(db, ACCOUNT, {
    kind: 'vanished',
    folder: 'INBOX',
    uids: [1],
    checkpoint: checkpoint(5),
  });
  await linker?.flush();
  expect(await linkLines()).toEqual(EXPECTED.filter((line) => !line.startsWith('1 ')));
});

it('relinking all mail drops the automatic links of a message no longer cached, not the manual ones', async () => {
  db = freshDb();
  const { acme } = await world();
  await start().relinkAll();
  linker?.stop();
  await linkManually(db, ACCOUNT, '<m3@example.test>', { type: 'company', id: acme }, NOW);
  await db.messages.delete([ACCOUNT, '<m3@example.test>']);
  await linker?.relinkAll();
  expect(await linkLines()).toEqual(
    [
      ...EXPECTED.filter((line) => !line.startsWith('3 ')),
      '3 company:Acme manual (linked by you)',
    ].sort(),
  );
});

it('links only mail whose transaction committed', async () => {
  db = freshDb();
  await world();
  start().stop();
  const anna = (n: number): MessageRecord =>
    record('INBOX', n, { from: [{ name: 'Anna Berg', address: 'anna@acme.io' }] });
  // The rows of an aborted batch never reach the linker, though it saw them being written.
  await expect(
    db.transaction('rw', db.messages, async () => {
      await db.messages.put({ ...anna(8), hasBody: false });
      throw new Error('abort');
    }),
  ).rejects.toThrow('abort');
  await store('INBOX', [anna(9)]);
  await linker?.linkMessages(ACCOUNT, ['<m8@example.test>', '<m9@example.test>']);
  expect((await linkLines()).filter((line) => /^[89] /.test(line))).toEqual([
    '9 company:Acme address (contact Anna Berg)',
    '9 contact:Anna Berg address (address anna@acme.io)',
    '9 deal:Q3 renewal deal (deal via Anna Berg)',
  ]);
});

it('keeps the links stored before links were grouped, manual ones included', async () => {
  const name = `test-${crypto.randomUUID()}`;
  const v5 = new Dexie(name);
  v5.version(5).stores({ links: '[accountId+messageKey], *recordKeys' });
  const at = NOW.toISOString();
  const manual = {
    recordType: 'company',
    recordId: 'co1',
    kind: 'manual',
    reason: 'linked by you',
  };
  const byAddress = {
    recordType: 'contact',
    recordId: 'ct1',
    kind: 'address',
    reason: 'address a@b.c',
  };
  await v5.table('links').bulkAdd([
    {
      accountId: ACCOUNT,
      messageKey: '<m1@example.test>',
      time: 1,
      links: [{ ...manual, createdAt: at }],
    },
    {
      accountId: ACCOUNT,
      messageKey: '<m2@example.test>',
      time: 2,
      links: [{ ...byAddress, createdAt: at }],
    },
  ]);
  v5.close();
  db = new MailDb(name);
  expect(await linkLines()).toEqual([
    '1 company:co1 manual (linked by you)',
    '2 contact:ct1 address (address a@b.c)',
  ]);
  await store('INBOX', [record('INBOX', 1)]);
  const timeline = await recordTimeline(db, { type: 'company', id: 'co1' });
  expect(timeline.map((e) => [e.message.messageKey, e.link.kind, e.link.time])).toEqual([
    ['<m1@example.test>', 'manual', 1],
  ]);
});

it('refuses an address another contact has, naming that contact', async () => {
  db = freshDb();
  await world();
  await expect(
    saveContact(db, contact({ firstName: 'X', addresses: ['ANNA@acme.io'] }), NOW),
  ).rejects.toThrow('anna@acme.io is already an address of Anna Berg.');
});
