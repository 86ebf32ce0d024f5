import { describe, expect, it } from 'vitest';
import {
  buildOutgoing,
  joinBody,
  sendsPerRecipient,
  type OutgoingDraft,
} from '../../../src/shared/compose/outgoing';

const draft: OutgoingDraft = {
  accountId: 'acc',
  messageId: '<first@example.test>',
  from: { name: 'Me', address: 'me@example.test' },
  to: [{ name: 'Anna Berg', address: 'anna@x.io' }],
  cc: [],
  bcc: [],
  subject: 'Hello',
  bodyHtml: '<p>Hi</p>',
  signatureHtml: '<p>Me</p>',
  signatureBelowQuote: false,
  quote: { html: '<blockquote>old</blockquote>', text: '> old\n' },
  references: [],
  attachments: [],
  readReceipt: true,
  fromTemplate: false,
};
const sender = { email: 'me@example.test', name: 'Me' };
let n = 0;
const random = () => `r${(n += 1)}`;
const DATE = '2025-03-01T09:00:00.000Z';

describe('buildOutgoing', () => {
  it('joins body, signature and quote in the chosen order', () => {
    expect(joinBody(draft)).toBe(
      '<p>Hi</p><div class="mailcrm-signature"><p>Me</p></div><blockquote>old</blockquote>',
    );
    expect(joinBody({ ...draft, signatureBelowQuote: true })).toBe(
      '<p>Hi</p><blockquote>old</blockquote><div class="mailcrm-signature"><p>Me</p></div>',
    );
  });

  it('builds one valid message with a plain-text alternative', () => {
    const result = buildOutgoing(draft, sender, DATE, random);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]).toMatchObject({
      messageId: '<first@example.test>',
      date: DATE,
      readReceipt: true,
      subject: 'Hello',
    });
    expect(result.messages[0]?.text).toContain('Hi');
  });

  it('refuses a message without recipients', () => {
    const result = buildOutgoing({ ...draft, to: [] }, sender, DATE, random);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('INVALID_INPUT');
  });

  it('names the recipient and the variable that has no value', () => {
    const result = buildOutgoing(
      {
        ...draft,
        fromTemplate: true,
        to: [{ name: '', address: 'ben@y.io' }],
        bodyHtml: '<p>Hi {contact.first_name}</p>',
      },
      sender,
      DATE,
      random,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('TEMPLATE_VARIABLE_MISSING');
    expect(result.error.message).toContain('ben@y.io');
    expect(result.error.message).toContain('contact.first_name');
  });

  it('sends one message per To recipient when contact variables are used', () => {
    const perRecipient = {
      ...draft,
      fromTemplate: true,
      to: [
        { name: 'Anna Berg', address: 'anna@x.io' },
        { name: 'Carl Dahl', address: 'carl@x.io' },
      ],
      cc: [{ name: '', address: 'boss@example.test' }],
      subject: 'For {contact.first_name|you}',
    };
    expect(sendsPerRecipient(perRecipient)).toBe(true);
    const result = buildOutgoing(perRecipient, sender, DATE, random);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.messages.map((m) => m.subject)).toEqual(['For Anna', 'For Carl']);
    expect(result.messages[0]?.messageId).toBe('<first@example.test>');
    expect(result.messages[1]?.messageId).toMatch(/^<r\d+@example\.test>$/);
    expect(result.messages.map((m) => m.cc.length)).toEqual([1, 0]);
  });

  it('keeps one message when the template uses only sender variables', () => {
    const shared = {
      ...draft,
      fromTemplate: true,
      to: [
        { name: 'Anna', address: 'anna@x.io' },
        { name: 'Carl', address: 'carl@x.io' },
      ],
      bodyHtml: '<p>From {user.name}</p>',
    };
    expect(sendsPerRecipient(shared)).toBe(false);
    const result = buildOutgoing(shared, sender, DATE, random);
    expect(result.ok && result.messages.length).toBe(1);
    expect(result.ok && result.messages[0]?.html).toContain('From Me');
  });
});
