/**
 * The CRM engine over the shared corpora (../shared/corpora, when present): ~500 real and
 * broken messages APPENDed to Dovecot and synced with the product's engine (headers; bodies
 * are not needed). Linking and planning never throw, and no list or automatic mail yields a
 * contact.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { planAutoCreate } from '../../../src/shared/crm/auto-create';
import { bulkReason } from '../../../src/shared/crm/bulk-mail';
import { crmMessageOf } from '../../../src/shared/crm/crm-message';
import { buildCrmIndex } from '../../../src/shared/crm/crm-index';
import { domainOf, isFreeMailDomain, normalizeAddress } from '../../../src/shared/crm/addresses';
import { linkMessage, neverDomainKey } from '../../../src/shared/crm/link-message';
import { followUpFor } from '../../../src/shared/crm/follow-up';
import { matchingRules, threadKeyOf } from '../../../src/shared/crm/routing';
import type { CrmMessage } from '../../../src/shared/crm/types';
import { syncFolder } from '../../../src/main/core/imap/folder-sync';
import { addRigUser } from '../../servers/rig-users';
import {
  appendCorpora,
  createTestCache,
  inProcessParser,
  quietLogger,
  rigClient,
  rigSession,
  settings,
} from '../imap/helpers';
import { company, contact, deal, idSource, NOW } from './fixtures';

const rig = inject('rig');
const corpora = resolve(process.cwd(), '../shared/corpora');

/** APPENDs every corpus file Dovecot accepts and syncs the folder; returns the messages. */
async function syncedCorpora(): Promise<CrmMessage[]> {
  const user = await addRigUser(rig);
  const admin = await rigClient(rig, user);
  try {
    await appendCorpora(admin, corpora, 'Corpus');
  } finally {
    await admin.logout();
  }
  const session = await rigSession(rig, user);
  const cache = createTestCache();
  try {
    await syncFolder(
      session.client,
      // Headers are all the CRM reads: one body at most keeps the parser idle.
      {
        accountId: 'acc',
        folder: 'Corpus',
        checkpoint: null,
        settings: settings({ historyWindow: '7d', initialBodyCount: 1 }),
      },
      (batch) => cache.apply(batch),
      { parser: inProcessParser, clock: { now: () => Date.now() }, logger: quietLogger },
    );
  } finally {
    await session.close();
  }
  return [...cache.folder('Corpus').values()].map((record) => crmMessageOf(record, false));
}

describe.runIf(existsSync(corpora))('the CRM over the shared corpora', () => {
  it('links and plans every message without throwing, and never a contact from bulk mail', async () => {
    const messages = await syncedCorpora();
    expect(messages.length).toBeGreaterThan(100);

    // An index made from the corpora's own senders, so that links really happen.
    const senders = [
      ...new Set(messages.flatMap((m) => m.from.map((a) => normalizeAddress(a.address)))),
    ]
      .filter((address) => address.includes('@'))
      .sort();
    const domains = [...new Set(senders.map(domainOf))].filter((d) => !isFreeMailDomain(d)).sort();
    const index = buildCrmIndex({
      contacts: senders
        .filter((_, at) => at % 3 === 0)
        .map((address, at) => contact(`c${at}`, `First${at % 7}`, `Last${at % 5}`, [address])),
      companies: domains
        .filter((_, at) => at % 2 === 0)
        .map((domain, at) => company(`co${at}`, domain, [domain])),
      deals: [deal('d1', 'Deal', { contactIds: ['c0', 'c3'], companyId: 'co0' })],
    });
    const never = new Set(domains.slice(0, 3).map(neverDomainKey));
    const myAddresses = new Set([senders[0] ?? 'me@example.test']);

    let linked = 0;
    for (const m of messages) {
      const links = linkMessage(m, index, (key) => never.has(key), NOW, myAddresses);
      linked += links.length;
      expect(new Set(links.map((l) => `${l.recordType}:${l.recordId}`)).size).toBe(links.length);
      for (const link of links) expect(Number.isFinite(link.time)).toBe(true);
      expect(threadKeyOf(m).startsWith('acc:')).toBe(true);
      matchingRules(m, [
        { id: 'r', name: 'r', address: 'support@example.com', kind: 'ticket', enabled: true },
      ]);
      followUpFor(m, 'c0', 24);
    }
    expect(linked).toBeGreaterThan(0);

    const plan = planAutoCreate(messages, index, {
      excludePatterns: [],
      myAddresses,
      createCompanies: true,
      now: NOW,
      newId: idSource(),
    });
    const again = planAutoCreate([...messages].reverse(), index, {
      excludePatterns: [],
      myAddresses,
      createCompanies: true,
      now: NOW,
      newId: idSource(),
    });
    expect(again).toEqual(plan);

    // Senders heard from only in list or automatic mail never become contacts.
    const bulkOnly = new Set<string>();
    const personal = new Set<string>();
    let bulkMessages = 0;
    for (const m of messages) {
      const reason = bulkReason(m, []);
      if (reason === 'List-Id' || reason === 'Auto-Submitted') bulkMessages += 1;
      for (const sender of m.from)
        (reason === undefined ? personal : bulkOnly).add(normalizeAddress(sender.address));
    }
    for (const address of personal) bulkOnly.delete(address);
    expect(bulkMessages).toBeGreaterThan(0);
    expect(bulkOnly.size).toBeGreaterThan(0);
    const created = plan.contacts.flatMap((c) => c.addresses);
    expect(created.filter((address) => bulkOnly.has(address))).toEqual([]);
    expect(created.length).toBeGreaterThan(0);
    for (const address of created) expect(personal.has(address)).toBe(true);
    const skippedTotal = Object.values(plan.skipped).reduce((sum, count) => sum + count, 0);
    expect(plan.summary).toContain(`${skippedTotal.toLocaleString('en-US')} skipped`);
  }, 300_000);
});
