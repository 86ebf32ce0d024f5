/**
 * CRM workflows over a real IndexedDB: auto-create (the dry run is what gets created, list and
 * automated mail create nothing), routing rules (one case per thread), follow-ups with an
 * injected clock (re-timed when the hours change), and a CSV round trip through the store.
 */
import { afterEach, expect, it } from 'vitest';
import { applyBatch } from '../../src/renderer/db/apply-batch';
import {
  applyAutoCreate,
  autoCreateDryRun,
  exportContactsCsv,
  importContacts,
  linksForMessage,
  listCases,
  listFollowUps,
  saveContact,
  saveCrmSettings,
  saveRoutingRule,
  DEFAULT_CRM_SETTINGS,
} from '../../src/renderer/db/crm-store';
import { parseContactsCsv } from '../../src/renderer/db/crm-engine';
import type { MailDb } from '../../src/renderer/db/mail-db';
import { checkFollowUps } from '../../src/renderer/features/crm/crm-follow-ups';
import { startCrmLinker, type CrmLinker } from '../../src/renderer/features/crm/crm-linker';
import type { MessageRecord } from '../../src/shared/sync';
import { contactInput, storedLinks } from './support/crm-data';
import { ACCOUNT, checkpoint, dropDb, freshDb, record } from './support/mail-data';

let db: MailDb;
let linker: CrmLinker | undefined;
afterEach(async () => {
  linker?.stop();
  linker = undefined;
  await dropDb(db);
});

const ME = 'me@mycorp.test';
const HOUR = 3_600_000;

async function store(folder: string, records: MessageRecord[]): Promise<void> {
  await applyBatch(db, ACCOUNT, {
    kind: 'messages',
    folder,
    records,
    checkpoint: checkpoint(Math.max(...records.map((r) => r.uid))),
  });
}

function start(clock: () => Date, notify?: (title: string, body: string) => void): CrmLinker {
  linker = startCrmLinker({ db, myAddresses: () => new Set([ME]), now: clock, notify });
  return linker;
}

it('creates exactly what the dry run shows, and nothing from list or automated mail', async () => {
  db = freshDb();
  const now = new Date('2024-01-02T00:00:00Z');
  start(() => now);
  await store('INBOX', [
    record('INBOX', 1, { from: [{ name: 'Anna Berg', address: 'anna@acme.io' }] }),
    record('INBOX', 2, { from: [{ name: 'Bob Stone', address: 'bob@gmail.com' }] }),
    record('INBOX', 3, { from: [{ name: 'Acme', address: 'news@acme-news.io' }], listId: '<x>' }),
    record('INBOX', 4, {
      from: [{ name: 'Robot', address: 'robot@ci.test' }],
      autoSubmitted: 'auto-generated',
    }),
    record('INBOX', 5, { from: [{ name: 'Bulk', address: 'sale@shop.test' }], precedence: 'bulk' }),
  ]);
  const plan = await autoCreateDryRun(db, now);
  expect(plan.contacts.map((c) => c.addresses[0]).sort()).toEqual([
    'anna@acme.io',
    'bob@gmail.com',
  ]);
  expect(plan.companies.map((c) => c.domains[0])).toEqual(['acme.io']);
  const applied = await applyAutoCreate(db, now);
  expect(applied.contacts.length).toBe(plan.contacts.length);
  expect(applied.companies.length).toBe(plan.companies.length);
  expect(applied.summary).toBe(plan.summary);
  expect(await db.contacts.count()).toBe(plan.contacts.length);
  expect(await db.companies.count()).toBe(plan.companies.length);
  const addresses = (await db.contacts.toArray()).flatMap((c) => c.addresses).sort();
  expect(addresses).toEqual(['anna@acme.io', 'bob@gmail.com']);
  // applyAutoCreate relinks: the new contacts have their mail.
  expect(await linksForMessage(db, ACCOUNT, '<m1@example.test>')).toHaveLength(2);
  // Nothing left to create.
  expect((await autoCreateDryRun(db, now)).contacts).toEqual([]);
});

it('makes one case for two messages to support@ in one thread and links both', async () => {
  db = freshDb();
  const now = new Date('2024-01-02T00:00:00Z');
  start(() => now);
  await saveRoutingRule(db, {
    name: 'Support',
    address: 'Support@MyCorp.test',
    kind: 'ticket',
    enabled: true,
  });
  const to = [{ name: 'Support', address: 'support@mycorp.test' }];
  await store('INBOX', [
    record('INBOX', 1, {
      subject: 'Printer broken',
      to,
      from: [{ name: 'Ann', address: 'ann@x.test' }],
    }),
  ]);
  await linker?.flush();
  await store('INBOX', [
    record('INBOX', 2, {
      subject: 'Re: Printer broken',
      to,
      inReplyTo: '<m1@example.test>',
      references: ['<m1@example.test>'],
    }),
    record('INBOX', 3, { subject: 'Other', from: [{ name: 'Zed', address: 'zed@x.test' }] }),
  ]);
  await linker?.flush();
  await linker?.relinkAll();
  const cases = await listCases(db);
  expect(cases.map((c) => [c.kind, c.subject, c.requester])).toEqual([
    ['ticket', 'Printer broken', 'ann@x.test'],
  ]);
  const linked = (await storedLinks(db)).filter((l) => l.recordType === 'case');
  expect(linked.map((l) => [l.messageKey, l.kind, l.reason]).sort()).toEqual([
    ['<m1@example.test>', 'routing', 'routing support@mycorp.test'],
    ['<m2@example.test>', 'routing', 'routing support@mycorp.test'],
  ]);
});

/** Our reply (Sent, uid `uid`) to Anna's message <`original`@example.test>. */
async function replyToAnna(uid: number, original: string): Promise<void> {
  await store('Sent', [
    record('Sent', uid, {
      messageKey: `<r${uid}@mycorp.test>`,
      messageId: `<r${uid}@mycorp.test>`,
      from: [{ name: 'Me', address: ME }],
      to: [{ name: 'Anna', address: 'anna@acme.io' }],
      inReplyTo: `<${original}@example.test>`,
      references: [`<${original}@example.test>`],
    }),
  ]);
}

it('makes a follow-up due after N hours, notifies once, and a reply clears it, before or after the notice', async () => {
  db = freshDb();
  let now = new Date('2024-01-01T01:00:00Z');
  const shown: string[] = [];
  start(
    () => now,
    (title, body) => shown.push(`${title}: ${body}`),
  );
  await saveCrmSettings(db, {
    ...DEFAULT_CRM_SETTINGS,
    followUpHours: 24,
    followUpByAccount: { [ACCOUNT]: 4 },
  });
  await saveContact(db, {
    firstName: 'Anna',
    lastName: 'Berg',
    addresses: ['anna@acme.io'],
    phone: '',
    title: '',
    owner: '',
    notes: '',
    tags: [],
  });
  await linker?.flush();
  // Received at 2024-01-01T00:01Z (uid 1).
  await store('INBOX', [
    record('INBOX', 1, {
      subject: 'Quote?',
      from: [{ name: 'Anna Berg', address: 'anna@acme.io' }],
    }),
    record('INBOX', 2, {
      subject: 'Other',
      from: [{ name: 'Anna Berg', address: 'anna@acme.io' }],
    }),
  ]);
  await linker?.flush();
  expect((await listFollowUps(db)).map((f) => [f.messageKey, f.state, f.dueAt])).toEqual([
    ['<m1@example.test>', 'waiting', '2024-01-01T04:01:00.000Z'],
    ['<m2@example.test>', 'waiting', '2024-01-01T04:02:00.000Z'],
  ]);

  // We answer the second one before it is due.
  await replyToAnna(10, 'm2');
  await linker?.flush();
  expect((await db.followUps.get([ACCOUNT, '<m2@example.test>']))?.state).toBe('cleared');

  now = new Date(Date.parse('2024-01-01T04:00:00Z'));
  expect(await checkFollowUps(db, now, (t, b) => shown.push(`${t}: ${b}`))).toBe(0);
  now = new Date(Date.parse('2024-01-01T04:01:00Z') + HOUR);
  expect(await checkFollowUps(db, now, (t, b) => shown.push(`${t}: ${b}`))).toBe(1);
  expect(await checkFollowUps(db, now, (t, b) => shown.push(`${t}: ${b}`))).toBe(0);
  await linker?.relinkAll();
  expect(shown).toEqual(['Follow up with Anna Berg: No reply yet to "Quote?"']);
  expect((await db.followUps.get([ACCOUNT, '<m1@example.test>']))?.state).toBe('notified');
  // A relink never brings back a cleared reminder.
  expect((await db.followUps.get([ACCOUNT, '<m2@example.test>']))?.state).toBe('cleared');

  // A late reply settles the reminder already shown.
  await replyToAnna(11, 'm1');
  await linker?.flush();
  expect((await db.followUps.get([ACCOUNT, '<m1@example.test>']))?.state).toBe('cleared');
});

it('re-times waiting follow-ups when the hours change: lower makes them due once, higher makes them wait again', async () => {
  db = freshDb();
  // Five hours after the first message (received at 2024-01-01T00:01Z, uid 1).
  const now = new Date('2024-01-01T05:01:00Z');
  const shown: string[] = [];
  const running = start(
    () => now,
    (title, body) => shown.push(`${title}: ${body}`),
  );
  await saveContact(
    db,
    contactInput({ firstName: 'Anna', lastName: 'Berg', addresses: ['anna@acme.io'] }),
  );
  await running.flush();
  const rows = async () => {
    await running.flush();
    return (await listFollowUps(db)).map((f) => [f.messageKey, f.state, f.dueAt]);
  };
  const from = [{ name: 'Anna Berg', address: 'anna@acme.io' }];
  await store('INBOX', [
    record('INBOX', 1, { subject: 'Quote?', from }),
    record('INBOX', 2, { subject: 'Other', from }),
  ]);
  await expect.poll(rows).toHaveLength(2);
  await store('Sent', [
    record('Sent', 10, {
      messageKey: '<r2@mycorp.test>',
      messageId: '<r2@mycorp.test>',
      from: [{ name: 'Me', address: ME }],
      to: from,
      inReplyTo: '<m2@example.test>',
      references: ['<m2@example.test>'],
    }),
  ]);
  // The default 48 hours; the second one is answered.
  await expect.poll(rows).toEqual([
    ['<m1@example.test>', 'waiting', '2024-01-03T00:01:00.000Z'],
    ['<m2@example.test>', 'cleared', '2024-01-03T00:02:00.000Z'],
  ]);

  // Four hours for the account: the first is overdue now, and announced once.
  await saveCrmSettings(db, { ...DEFAULT_CRM_SETTINGS, followUpByAccount: { [ACCOUNT]: 4 } });
  await expect.poll(rows).toEqual([
    ['<m1@example.test>', 'notified', '2024-01-01T04:01:00.000Z'],
    ['<m2@example.test>', 'cleared', '2024-01-03T00:02:00.000Z'],
  ]);
  await running.relinkAll();
  expect(await checkFollowUps(db, now, (t, b) => shown.push(`${t}: ${b}`))).toBe(0);
  expect(shown).toEqual(['Follow up with Anna Berg: No reply yet to "Quote?"']);

  // Twelve hours for every account: not due before 12:01, so it waits again, unannounced.
  await saveCrmSettings(db, { ...DEFAULT_CRM_SETTINGS, followUpHours: 12 });
  await expect.poll(rows).toEqual([
    ['<m1@example.test>', 'waiting', '2024-01-01T12:01:00.000Z'],
    ['<m2@example.test>', 'cleared', '2024-01-03T00:02:00.000Z'],
  ]);
  await running.relinkAll();
  expect((await db.followUps.get([ACCOUNT, '<m1@example.test>']))?.state).toBe('waiting');
  expect(shown).toHaveLength(1);
});

it('round-trips contacts through CSV export and import', async () => {
  db = freshDb();
  const csv = [
    'First Name,Last Name,Email,Phone,Company,Notes,Tags',
    'Anna,Berg,anna@acme.io,+46 1,Acme,"Likes tea, not coffee",vip',
    'Bob,Stone,bob@gmail.com,,,,',
  ].join('\n');
  const parsed = parseContactsCsv(csv);
  expect(parsed.errors).toEqual([]);
  expect(await importContacts(db, parsed.contacts)).toEqual({ created: 2, merged: 0, errors: [] });
  const exported = await exportContactsCsv(db);
  const again = parseContactsCsv(exported);
  expect(again.contacts).toEqual(parsed.contacts);
  // Importing the export again merges into the same contacts.
  expect(await importContacts(db, again.contacts)).toEqual({ created: 0, merged: 2, errors: [] });
  expect(await db.contacts.count()).toBe(2);
  const anna = await db.contacts.where('addresses').equals('anna@acme.io').first();
  expect(anna?.notes).toBe('Likes tea, not coffee');
  expect((await db.companies.get(anna?.companyId ?? ''))?.name).toBe('Acme');
});
