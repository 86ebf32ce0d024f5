/**
 * The CRM engine over a mailbox synced from the rig with the real engine: ~15 prepared messages
 * (two companies, free mail, a list, an auto-reply, noreply@, a reply thread, mail to support@)
 * are delivered over LMTP, synced with syncFolder, and linked; every link is checked exactly.
 */
import { describe, expect, inject, it } from 'vitest';
import { planAutoCreate } from '../../../src/shared/crm/auto-create';
import { crmMessageOf, isFromMe } from '../../../src/shared/crm/crm-message';
import { buildCrmIndex } from '../../../src/shared/crm/crm-index';
import { clearedBy, followUpFor } from '../../../src/shared/crm/follow-up';
import { linkMessage } from '../../../src/shared/crm/link-message';
import { caseFor, matchingRules, threadKeyOf } from '../../../src/shared/crm/routing';
import type { CaseRecord, CrmMessage, RoutingRule } from '../../../src/shared/crm/types';
import { syncFolder } from '../../../src/main/core/imap/folder-sync';
import { deliver } from '../../servers/deliver';
import { addRigUser } from '../../servers/rig-users';
import {
  createTestCache,
  inProcessParser,
  quietLogger,
  rawMail,
  rigSession,
  settings,
} from '../imap/helpers';
import { company, contact, deal, idSource, NOW } from './fixtures';

const rig = inject('rig');

/** The prepared mailbox; `me` is the rig user's address. */
function mailbox(me: string): {
  subject: string;
  from: string;
  to?: string;
  headers?: Record<string, string>;
  messageId: string;
}[] {
  return [
    { subject: 'Renewal', from: 'Anna Berg <anna@acme.io>', messageId: '<m1@acme.io>' },
    {
      subject: 'Intro',
      from: 'Bo Ek <bo@acme.io>',
      messageId: '<m2@acme.io>',
      headers: { Cc: 'Anna Berg <anna@acme.io>' },
    },
    { subject: 'Pilot', from: 'Carl Öhman <carl@globex.com>', messageId: '<m3@globex.com>' },
    {
      subject: 'Hi from Dana',
      from: 'Dana Holm <dana.holm@gmail.com>',
      messageId: '<m4@gmail.com>',
    },
    {
      subject: 'Private note',
      from: 'Anna Berg <anna.private@gmail.com>',
      messageId: '<m5@gmail.com>',
    },
    {
      subject: 'Acme newsletter',
      from: 'Acme News <news@acme.io>',
      messageId: '<m6@acme.io>',
      headers: { 'List-Id': 'Acme News <news.acme.io>', 'List-Unsubscribe': '<https://acme.io/u>' },
    },
    {
      subject: 'Out of office',
      from: 'Globex Helpdesk <helpdesk@globex.com>',
      messageId: '<m7@globex.com>',
      headers: { 'Auto-Submitted': 'auto-replied' },
    },
    {
      subject: 'Your receipt',
      from: 'Initech <noreply@initech.test>',
      messageId: '<m8@initech.test>',
    },
    {
      subject: 'Re: Renewal',
      from: 'Anna Berg <anna@acme.io>',
      messageId: '<m9@acme.io>',
      headers: { 'In-Reply-To': '<m1@acme.io>', References: '<m1@acme.io>' },
    },
    {
      subject: 'Re: Renewal',
      from: `Me <${me}>`,
      to: 'Anna Berg <anna@acme.io>',
      messageId: '<m10@example.test>',
      headers: { Cc: me, 'In-Reply-To': '<m9@acme.io>', References: '<m1@acme.io> <m9@acme.io>' },
    },
    {
      subject: 'Printer broken',
      from: 'Eva Sand <eva@umbrella.test>',
      to: 'support@example.test',
      messageId: '<m11@umbrella.test>',
    },
    {
      subject: 'Re: Printer broken',
      from: 'Eva Sand <eva@umbrella.test>',
      to: 'support@example.test',
      messageId: '<m12@umbrella.test>',
      headers: { 'In-Reply-To': '<m11@umbrella.test>', References: '<m11@umbrella.test>' },
    },
    {
      subject: 'Big sale',
      from: 'Shop <deals@shop.test>',
      messageId: '<m13@shop.test>',
      headers: { Precedence: 'bulk' },
    },
    { subject: 'Hello', from: 'Kim Lee <kim@three.test>', messageId: '<m14@three.test>' },
    { subject: 'Tagged', from: 'Anna Berg <anna+x@acme.io>', messageId: '<m15@acme.io>' },
  ];
}

const index = buildCrmIndex({
  contacts: [
    contact('c-anna', 'Anna', 'Berg', ['anna@acme.io'], { companyId: 'co-acme' }),
    contact('c-carl', 'Carl', 'Öhman', ['carl@globex.com'], { companyId: 'co-globex' }),
    contact('c-kim1', 'Kim', 'Lee', ['kim@one.test']),
    contact('c-kim2', 'Kim', 'Lee', ['kim@two.test']),
  ],
  companies: [
    company('co-acme', 'Acme', ['acme.io']),
    company('co-globex', 'Globex', ['globex.com']),
  ],
  deals: [
    deal('d-renewal', 'Q3 renewal', { contactIds: ['c-anna'] }),
    deal('d-pilot', 'Globex pilot', { companyId: 'co-globex' }),
    deal('d-lost', 'Lost one', { status: 'lost', contactIds: ['c-anna'] }),
  ],
});

const ANNA_BY_ADDRESS = [
  'contact c-anna address: address anna@acme.io',
  'company co-acme address: contact Anna Berg',
  'deal d-renewal deal: deal via Anna Berg',
];
const ANNA_BY_NAME = [
  'contact c-anna name: name Anna Berg',
  'company co-acme name: contact Anna Berg',
  'deal d-renewal deal: deal via Anna Berg',
];

/** Every expected link, by the message's Message-ID. */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  '<m1@acme.io>': ANNA_BY_ADDRESS,
  '<m2@acme.io>': ANNA_BY_ADDRESS,
  '<m3@globex.com>': [
    'contact c-carl address: address carl@globex.com',
    'company co-globex address: contact Carl Öhman',
    'deal d-pilot deal: deal via Globex',
  ],
  '<m4@gmail.com>': [],
  '<m5@gmail.com>': ANNA_BY_NAME,
  '<m6@acme.io>': ['company co-acme domain: domain acme.io'],
  '<m7@globex.com>': [
    'company co-globex domain: domain globex.com',
    'deal d-pilot deal: deal via Globex',
  ],
  '<m8@initech.test>': [],
  '<m9@acme.io>': ANNA_BY_ADDRESS,
  '<m10@example.test>': ANNA_BY_ADDRESS,
  '<m11@umbrella.test>': [],
  '<m12@umbrella.test>': [],
  '<m13@shop.test>': [],
  '<m14@three.test>': [],
  '<m15@acme.io>': ANNA_BY_NAME,
};

/** Delivers the mailbox to a fresh rig user and syncs INBOX with the product's engine. */
async function syncedMailbox(): Promise<{ me: string; messages: CrmMessage[] }> {
  const user = await addRigUser(rig);
  const base = Date.parse('2024-05-01T08:00:00Z');
  await deliver(
    rig,
    mailbox(user.email).map((mail, at) => ({
      from: 'sender@example.test',
      to: [user.email],
      raw: rawMail({ ...mail, to: mail.to ?? user.email, date: new Date(base + at * 60_000) }, at),
    })),
  );
  const session = await rigSession(rig, user);
  const cache = createTestCache();
  try {
    await syncFolder(
      session.client,
      {
        accountId: 'acc',
        folder: 'INBOX',
        checkpoint: null,
        settings: settings({ historyWindow: 'all' }),
      },
      (batch) => cache.apply(batch),
      { parser: inProcessParser, clock: { now: () => Date.now() }, logger: quietLogger },
    );
  } finally {
    await session.close();
  }
  const mine = new Set([user.email]);
  const records = [...cache.folder('INBOX').values()].sort((a, b) => a.uid - b.uid);
  return {
    me: user.email,
    messages: records.map((record) => crmMessageOf(record, isFromMe(record, mine))),
  };
}

describe('the CRM over a synced rig mailbox', () => {
  it('links, plans, routes and follows up exactly as expected', async () => {
    const { me, messages } = await syncedMailbox();
    const myAddresses = new Set([me]);
    expect(messages).toHaveLength(15);
    expect(messages.filter((m) => m.outgoing).map((m) => m.messageId)).toEqual([
      '<m10@example.test>',
    ]);
    const byId = new Map(messages.map((m) => [m.messageId ?? '', m]));

    // Links: record, kind and reason for every message.
    const actual = Object.fromEntries(
      messages.map((m) => [
        m.messageId ?? '',
        linkMessage(m, index, () => false, NOW, myAddresses).map(
          (link) => `${link.recordType} ${link.recordId} ${link.kind}: ${link.reason}`,
        ),
      ]),
    );
    expect(actual).toEqual(EXPECTED);
    const first = linkMessage(
      byId.get('<m1@acme.io>') as CrmMessage,
      index,
      () => false,
      NOW,
      myAddresses,
    );
    expect(first.every((link) => link.time === Date.parse('2024-05-01T08:00:00Z'))).toBe(true);

    // Auto-create: nobody from the list, the auto-reply, noreply@ or the bulk mail.
    const plan = planAutoCreate(messages, index, {
      excludePatterns: [],
      myAddresses,
      createCompanies: true,
      now: NOW,
      newId: idSource('n'),
    });
    expect(plan.companies.map((c) => [c.id, c.name, c.domains])).toEqual([
      ['n1', 'Three', ['three.test']],
      ['n2', 'Umbrella', ['umbrella.test']],
    ]);
    expect(
      plan.contacts.map((c) => [c.id, `${c.firstName} ${c.lastName}`, c.addresses[0], c.companyId]),
    ).toEqual([
      ['n3', 'Bo Ek', 'bo@acme.io', 'co-acme'],
      ['n4', 'Dana Holm', 'dana.holm@gmail.com', undefined],
      ['n5', 'Eva Sand', 'eva@umbrella.test', 'n2'],
      ['n6', 'Kim Lee', 'kim@three.test', 'n1'],
    ]);
    expect(plan.skipped).toEqual({
      'already a contact': 2,
      'same name as a contact': 2,
      'own address': 1,
      'List-Id': 1,
      'Auto-Submitted': 1,
      'noreply@*': 1,
      Precedence: 1,
      'free-mail domain for company': 1,
    });
    expect(plan.summary).toBe(
      '4 contacts and 2 companies would be created; 10 skipped: already a contact 2, ' +
        'same name as a contact 2, Auto-Submitted 1, List-Id 1, Precedence 1, ' +
        'free-mail domain for company 1, noreply@* 1, own address 1',
    );

    // Routing: the two mails to support@ make one ticket.
    const rule: RoutingRule = {
      id: 'r1',
      name: 'Support',
      address: 'support@example.test',
      kind: 'ticket',
      enabled: true,
    };
    const cases = new Map<string, CaseRecord>();
    for (const m of messages) {
      for (const matched of matchingRules(m, [rule])) {
        const key = `${matched.id} ${threadKeyOf(m)}`;
        cases.set(
          key,
          caseFor(m, matched, cases.get(key), NOW, idSource(`case-${m.messageId ?? ''}`)),
        );
      }
    }
    expect([...cases.values()]).toEqual([
      expect.objectContaining({
        id: 'case-<m11@umbrella.test>1',
        subject: 'Printer broken',
        requester: 'eva@umbrella.test',
        threadKey: 'acc:m11@umbrella.test',
      }),
    ]);

    // Follow-ups: Anna's mails wait; our reply in the thread clears them.
    const waiting = messages.flatMap((m) => {
      const contactLink = linkMessage(m, index, () => false, NOW, myAddresses).find(
        (l) => l.recordType === 'contact',
      );
      const row = followUpFor(m, contactLink?.recordId, 24);
      return row === undefined ? [] : [row];
    });
    // m1, m2 (Anna in Cc), m3, m5, m9 and m15; not the list mail, not our own reply.
    expect(waiting.map((row) => row.contactId).sort()).toEqual([
      'c-anna',
      'c-anna',
      'c-anna',
      'c-anna',
      'c-anna',
      'c-carl',
    ]);
    const cleared = clearedBy(byId.get('<m10@example.test>') as CrmMessage, waiting);
    expect(cleared.map((row) => row.threadKey)).toEqual(['acc:m1@acme.io', 'acc:m1@acme.io']);
  }, 120_000);
});
