import { describe, expect, it } from 'vitest';
import {
  autoCreateSummary,
  planAutoCreate,
  type AutoCreateOptions,
} from '../../../src/shared/crm/auto-create';
import { buildCrmIndex } from '../../../src/shared/crm/crm-index';
import { neverDomainKey } from '../../../src/shared/crm/link-message';
import type { CrmMessage } from '../../../src/shared/crm/types';
import { company, contact, idSource, ME, message, NOW } from './fixtures';

const index = buildCrmIndex({
  contacts: [contact('c-anna', 'Anna', 'Berg', ['anna@acme.io'])],
  companies: [company('co-acme', 'Acme', ['acme.io'])],
  deals: [],
});

function options(overrides: Partial<AutoCreateOptions> = {}): AutoCreateOptions {
  return {
    excludePatterns: [],
    myAddresses: ME,
    createCompanies: true,
    now: NOW,
    newId: idSource(),
    ...overrides,
  };
}

function mailbox(): CrmMessage[] {
  return [
    message({ from: 'Anna Berg <anna@acme.io>' }),
    message({ from: 'Bo Ek <bo@acme.io>' }),
    message({ from: 'Bo Ek <BO@acme.io>' }),
    message({ from: 'Bosse <bo@acme.io>' }),
    message({ from: 'Cid Lund <cid+crm@gmail.com>' }),
    message({
      from: 'me@mine.test',
      to: ['Dana Holm <dana@globex.com>', 'me@mine.test'],
      outgoing: true,
    }),
    message({ from: 'News <news@globex.com>', listId: '<news.globex.com>' }),
    message({ from: 'Robot <robot@initech.test>', autoSubmitted: 'auto-generated' }),
    message({ from: 'noreply@initech.test' }),
    message({ from: 'deals@shop.test', listUnsubscribe: '<https://shop.test/u>' }),
    message({ from: 'me@mine.test', to: ['noreply@initech.test'], outgoing: true }),
    // Incoming: only the sender is a candidate, not the other recipients.
    message({ from: 'Eva Sand <eva@umbrella.test>', to: ['me@mine.test', 'stranger@other.test'] }),
  ];
}

describe('planAutoCreate', () => {
  it('plans one contact per new person, with companies by domain', () => {
    const plan = planAutoCreate(mailbox(), index, options());
    expect(plan.companies.map((c) => [c.id, c.name, c.domains])).toEqual([
      ['id1', 'Globex', ['globex.com']],
      ['id2', 'Umbrella', ['umbrella.test']],
    ]);
    expect(
      plan.contacts.map((c) => [c.id, c.firstName, c.lastName, c.addresses, c.companyId]),
    ).toEqual([
      ['id3', 'Bo', 'Ek', ['bo@acme.io'], 'co-acme'],
      ['id4', 'Cid', 'Lund', ['cid@gmail.com'], undefined],
      ['id5', 'Dana', 'Holm', ['dana@globex.com'], 'id1'],
      ['id6', 'Eva', 'Sand', ['eva@umbrella.test'], 'id2'],
    ]);
    expect(plan.contacts[0]).toMatchObject({
      source: 'auto',
      createdAt: NOW.toISOString(),
      tags: [],
    });
    expect(plan.skipped).toEqual({
      'already a contact': 1,
      'own address': 1,
      'List-Id': 1,
      'List-Unsubscribe': 1,
      'Auto-Submitted': 1,
      'noreply@*': 1,
      'free-mail domain for company': 1,
    });
    expect(plan.summary).toBe(
      '4 contacts and 2 companies would be created; 7 skipped: Auto-Submitted 1, List-Id 1, ' +
        'List-Unsubscribe 1, already a contact 1, free-mail domain for company 1, noreply@* 1, ' +
        'own address 1',
    );
  });

  it('creates no contact from list, automatic or noreply mail', () => {
    const plan = planAutoCreate(mailbox(), index, options());
    const created = plan.contacts.flatMap((c) => c.addresses);
    for (const robot of [
      'news@globex.com',
      'robot@initech.test',
      'noreply@initech.test',
      'deals@shop.test',
    ])
      expect(created).not.toContain(robot);
  });

  it('is deterministic, whatever the message order', () => {
    const first = planAutoCreate(mailbox(), index, options());
    const again = planAutoCreate(mailbox(), index, options());
    const reversed = planAutoCreate(mailbox().reverse(), index, options());
    expect(again).toEqual(first);
    expect(reversed).toEqual(first);
  });

  it('makes no company when told not to, but still uses existing ones', () => {
    const plan = planAutoCreate(mailbox(), index, options({ createCompanies: false }));
    expect(plan.companies).toEqual([]);
    expect(plan.contacts.map((c) => c.companyId)).toEqual([
      'co-acme',
      undefined,
      undefined,
      undefined,
    ]);
    expect(plan.skipped['free-mail domain for company']).toBeUndefined();
    expect(plan.summary).toBe(
      '4 contacts would be created; 6 skipped: Auto-Submitted 1, List-Id 1, List-Unsubscribe 1, ' +
        'already a contact 1, noreply@* 1, own address 1',
    );
  });

  it('creates from a person who also writes to a list, and honours exclude patterns and never-link', () => {
    const plan = planAutoCreate(
      [
        message({ from: 'Fay Berg <fay@acme.io>', listId: '<x.acme.io>' }),
        message({ from: 'Fay Berg <fay@acme.io>' }),
        message({ from: 'alerts@bank.test' }),
        message({ from: 'Guy <guy@blocked.test>' }),
      ],
      index,
      options({
        excludePatterns: ['alerts@*'],
        suppressed: (key) => key === neverDomainKey('blocked.test'),
      }),
    );
    expect(plan.contacts.map((c) => c.addresses[0])).toEqual(['fay@acme.io']);
    expect(plan.skipped).toEqual({ 'alerts@*': 1, 'never link': 1 });
  });

  it('does not duplicate a contact whose unique name links the mail already', () => {
    const plan = planAutoCreate(
      [
        message({ from: 'Anna Berg <anna.private@gmail.com>' }),
        message({ from: '"Berg, Anna" <anna@other.test>' }),
        message({ from: 'Anna <anna@third.test>' }),
      ],
      index,
      options({ createCompanies: false }),
    );
    expect(plan.contacts.map((c) => c.addresses[0])).toEqual(['anna@third.test']);
    expect(plan.skipped).toEqual({ 'same name as a contact': 2 });
  });

  it('counts with thousands separators and says when nothing is skipped', () => {
    expect(
      autoCreateSummary(412, 0, {
        'List-Id': 903,
        'Auto-Submitted': 211,
        'noreply@*': 198,
        'free-mail domain for company': 68,
      }),
    ).toBe(
      '412 contacts would be created; 1,380 skipped: List-Id 903, Auto-Submitted 211, noreply@* 198, free-mail domain for company 68',
    );
    expect(autoCreateSummary(1, 1, {})).toBe(
      '1 contact and 1 company would be created; nothing skipped',
    );
    expect(planAutoCreate([], index, options()).summary).toBe(
      '0 contacts would be created; nothing skipped',
    );
  });
});
