import { describe, expect, it } from 'vitest';
import {
  baseSubject,
  caseFor,
  caseLink,
  matchingRules,
  threadKeyOf,
} from '../../../src/shared/crm/routing';
import type { RoutingRule } from '../../../src/shared/crm/types';
import { idSource, message, NOW } from './fixtures';

const support: RoutingRule = {
  id: 'r-support',
  name: 'Support',
  address: 'Support@Acme.io',
  kind: 'ticket',
  enabled: true,
};
const sales: RoutingRule = {
  id: 'r-sales',
  name: 'Sales',
  address: 'sales@acme.io',
  kind: 'lead',
  enabled: true,
};
const off: RoutingRule = {
  id: 'r-off',
  name: 'Old',
  address: 'old@acme.io',
  kind: 'ticket',
  enabled: false,
};

describe('threadKeyOf', () => {
  it('gives a reply the key of the message it answers', () => {
    const original = message({ messageId: '<root@acme.io>' });
    const reply = message({
      messageId: '<r1@x.test>',
      inReplyTo: '<root@acme.io>',
      references: ['<root@acme.io>'],
    });
    const replyWithoutReferences = message({
      messageId: '<r2@x.test>',
      inReplyTo: '<root@acme.io>',
    });
    const deeper = message({
      messageId: '<r3@x.test>',
      inReplyTo: '<r1@x.test>',
      references: ['<root@acme.io>', '<r1@x.test>'],
    });
    expect(threadKeyOf(original)).toBe('acc:root@acme.io');
    expect(threadKeyOf(reply)).toBe(threadKeyOf(original));
    expect(threadKeyOf(replyWithoutReferences)).toBe(threadKeyOf(original));
    expect(threadKeyOf(deeper)).toBe(threadKeyOf(original));
  });

  it('prefers the Gmail thread id, falls back to the message key, and keeps accounts apart', () => {
    expect(threadKeyOf(message({ gmailThreadId: '177', references: ['<a@b>'] }))).toBe(
      'acc:gm:177',
    );
    expect(threadKeyOf({ accountId: 'x', messageKey: 'k1', references: [] })).toBe('x:key:k1');
    expect(
      threadKeyOf({ accountId: 'a', messageKey: 'k', references: [], messageId: '<m@x>' }),
    ).not.toBe(
      threadKeyOf({ accountId: 'b', messageKey: 'k', references: [], messageId: '<m@x>' }),
    );
  });
});

describe('routing rules', () => {
  it('matches enabled rules by To and Cc, normalized', () => {
    const mail = message({ to: ['SUPPORT@acme.io'], cc: ['Old <old@acme.io>', 'sales@acme.io'] });
    expect(matchingRules(mail, [support, sales, off]).map((rule) => rule.id)).toEqual([
      'r-support',
      'r-sales',
    ]);
    expect(matchingRules(message({ from: 'support@acme.io' }), [support])).toEqual([]);
  });

  it('opens a case per rule and thread and reuses it for replies', () => {
    const first = message({
      from: 'Ann <Ann@Customer.test>',
      to: ['support@acme.io'],
      subject: 'Printer broken',
      messageId: '<t1@customer.test>',
    });
    const created = caseFor(first, support, undefined, NOW, idSource('case'));
    expect(created).toEqual({
      id: 'case1',
      kind: 'ticket',
      ruleId: 'r-support',
      accountId: 'acc',
      threadKey: 'acc:t1@customer.test',
      subject: 'Printer broken',
      requester: 'ann@customer.test',
      status: 'open',
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
    const reply = message({
      from: 'Ann <ann@customer.test>',
      to: ['support@acme.io'],
      subject: 'Re: Printer broken',
      inReplyTo: '<t1@customer.test>',
      references: ['<t1@customer.test>'],
    });
    expect(threadKeyOf(reply)).toBe(created.threadKey);
    const later = new Date(NOW.getTime() + 60_000);
    const reused = caseFor(reply, support, created, later, () => 'unused');
    expect(reused).toEqual({ ...created, updatedAt: later.toISOString() });
    expect(caseLink(reply, reused, support, NOW)).toMatchObject({
      recordType: 'case',
      recordId: 'case1',
      kind: 'routing',
      reason: 'routing support@acme.io',
    });
  });

  it('strips reply and forward prefixes from a case subject', () => {
    expect(baseSubject('Re: AW: Fwd: Printer broken')).toBe('Printer broken');
    expect(baseSubject('RE[2]: Invoice')).toBe('Invoice');
    expect(baseSubject('Regarding the invoice')).toBe('Regarding the invoice');
  });
});
