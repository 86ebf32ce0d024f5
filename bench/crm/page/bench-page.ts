/**
 * The CRM benchmark's page: the real Dexie database, applyBatch and CRM linker, filled with
 * generated companies, contacts and mail. Built only by bench/crm/run.ts; the app has no hook.
 */
import { applyBatch } from '../../../src/renderer/db/apply-batch';
import { storePlan } from '../../../src/renderer/db/crm-auto-create';
import { getMailDb } from '../../../src/renderer/db/mail-db';
import { startCrmLinker } from '../../../src/renderer/features/crm/crm-linker';
import type { CompanyRecord, ContactRecord } from '../../../src/shared/crm/types';
import type { MessageRecord } from '../../../src/shared/sync';
import type { CrmBenchApi } from '../bench-api';

const ACCOUNT = 'bench';
const ME = 'me@bench.example';
const BATCH = 1000;
const BASE = Date.UTC(2024, 0, 1);
const FIRST = ['Anna', 'Bob', 'Carla', 'David', 'Eva', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jon'];
const LAST = ['Berg', 'Stone', 'Lind', 'Meyer', 'Novak', 'Ortiz', 'Park', 'Quinn', 'Rossi'];

const db = getMailDb();
const linker = startCrmLinker({ db, myAddresses: () => new Set([ME]) });
// The benchmark drives linking itself: the change watcher would link every batch twice.
linker.stop();

let counts = { contacts: 0, companies: 0, messages: 0 };
let nextUid = 1;

function domain(i: number): string {
  return `company${i % Math.max(1, counts.companies)}.test`;
}

/** Sender i: a contact for most mail, a stranger at a company or a newsletter for the rest. */
function sender(i: number): { name: string; address: string } {
  const kind = i % 10;
  if (kind < 6) {
    const c = (i * 7919) % counts.contacts;
    return {
      name: `${FIRST[c % FIRST.length]} ${LAST[c % LAST.length]}`,
      address: `p${c}@${domain(c)}`,
    };
  }
  if (kind < 8) return { name: 'Someone', address: `x${i}@${domain(i)}` };
  return { name: 'News', address: `news@${domain(i)}` };
}

function message(uid: number): MessageRecord {
  const date = new Date(BASE + uid * 60_000).toISOString();
  const outgoing = uid % 5 === 0;
  const other = sender(uid);
  const me = { name: 'Me', address: ME };
  return {
    accountId: ACCOUNT,
    folder: outgoing ? 'Sent' : 'INBOX',
    uidValidity: 1,
    uid,
    messageKey: `<b${uid}@bench.example>`,
    messageId: `<b${uid}@bench.example>`,
    subject: `Subject ${uid}`,
    from: [outgoing ? me : other],
    to: [outgoing ? other : me],
    cc: [],
    replyTo: [],
    date,
    internalDate: date,
    flags: [],
    size: 2048,
    references: [],
    ...(uid % 10 >= 8 ? { listId: `<list.${domain(uid)}>` } : {}),
    hasAttachments: false,
  };
}

async function storeMessages(from: number, to: number): Promise<[string, string][]> {
  const keys: [string, string][] = [];
  for (let start = from; start < to; start += BATCH) {
    const records: MessageRecord[] = [];
    for (let uid = start; uid < Math.min(to, start + BATCH); uid += 1) records.push(message(uid));
    // Per folder, as sync sends them.
    for (const folder of ['INBOX', 'Sent']) {
      const part = records.filter((r) => r.folder === folder);
      if (part.length === 0) continue;
      await applyBatch(db, ACCOUNT, {
        kind: 'messages',
        folder,
        records: part,
        checkpoint: {
          uidValidity: 1,
          uidNext: to + 1,
          lowestUidSynced: 1,
          highestUidSynced: to,
          initialComplete: true,
        },
      });
    }
    keys.push(...records.map((r): [string, string] => [ACCOUNT, r.messageKey]));
  }
  return keys;
}

function records(): { contacts: ContactRecord[]; companies: CompanyRecord[] } {
  const at = new Date(BASE).toISOString();
  const companies = Array.from({ length: counts.companies }, (_, i): CompanyRecord => ({
    id: `co${i}`,
    name: `Company ${i}`,
    domains: [`company${i}.test`],
    source: 'manual',
    createdAt: at,
    updatedAt: at,
  }));
  const contacts = Array.from({ length: counts.contacts }, (_, c): ContactRecord => ({
    id: `ct${c}`,
    firstName: FIRST[c % FIRST.length] ?? '',
    lastName: `${LAST[c % LAST.length] ?? ''}${c}`,
    addresses: [`p${c}@${domain(c)}`],
    phone: '',
    title: '',
    companyId: `co${c % counts.companies}`,
    owner: '',
    notes: '',
    tags: [],
    source: 'manual',
    createdAt: at,
    updatedAt: at,
  }));
  return { contacts, companies };
}

const api: CrmBenchApi = {
  async load(wanted) {
    counts = { ...wanted };
    const started = performance.now();
    await db.delete();
    await db.open();
    await storePlan(db, records());
    await storeMessages(1, wanted.messages + 1);
    nextUid = wanted.messages + 1;
    return { loadMs: performance.now() - started };
  },
  async relinkAll() {
    const done = await linker.relinkAll();
    return { ms: done.ms, links: done.links };
  },
  async linkBatch(size) {
    const started = performance.now();
    const keys = await storeMessages(nextUid, nextUid + size);
    nextUid += size;
    const synced = performance.now();
    await linker.linkMessages(
      ACCOUNT,
      keys.map(([, key]) => key),
    );
    return { syncMs: synced - started, linkMs: performance.now() - synced };
  },
};
window.__crmBench = api;
