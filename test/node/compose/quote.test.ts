import { describe, expect, it } from 'vitest';
import { parseAddressList, formatAddressList } from '../../../src/shared/compose/address-list';
import {
  forwardBlock,
  forwardedAttachments,
  quoteForReply,
  senderName,
} from '../../../src/shared/compose/quote';
import {
  splitDisplayName,
  templateContextFor,
  usesRecipientVariables,
} from '../../../src/shared/compose/recipient-context';

const original = {
  from: [{ name: 'Anna Berg', address: 'anna@x.io' }],
  to: [{ name: '', address: 'me@example.test' }],
  cc: [],
  subject: 'Plan <draft>',
  date: '2025-03-01T09:00:00.000Z',
  text: 'Hello\n\nLine <2>\n> older\n',
};

describe('quoteForReply', () => {
  it('writes the attribution, "> " lines and an escaped blockquote', () => {
    const quote = quoteForReply(original, { date: '1 Mar 2025', fromName: senderName(original) });
    expect(quote.text).toBe('On 1 Mar 2025, Anna Berg wrote:\n> Hello\n>\n> Line <2>\n>> older\n');
    expect(quote.html).toContain('<p>On 1 Mar 2025, Anna Berg wrote:</p><blockquote');
    expect(quote.html).toContain('Line &lt;2&gt;');
  });
  it('uses the sanitized HTML when given', () => {
    const quote = quoteForReply(
      { ...original, safeHtml: '<p><b>Hi</b></p>' },
      { date: 'd', fromName: 'n' },
    );
    expect(quote.html).toContain('<b>Hi</b>');
  });
});

describe('forward', () => {
  it('writes the forwarded-message header block', () => {
    const block = forwardBlock(original, '1 Mar 2025');
    expect(block.text).toContain(
      '---------- Forwarded message ---------\nFrom: Anna Berg <anna@x.io>\nDate: 1 Mar 2025\nSubject: Plan <draft>\nTo: me@example.test\n',
    );
    expect(block.html).toContain('Subject: Plan &lt;draft&gt;<br>');
  });
  it('carries the non-inline parts by reference', () => {
    const ref = { accountId: 'a', folder: 'INBOX', uidValidity: 1, uid: 7 };
    const parts = [
      {
        partId: '2',
        filename: 'plan.pdf',
        contentType: 'application/pdf',
        size: 10,
        inline: false,
      },
      {
        partId: '3',
        filename: 'logo.png',
        contentType: 'image/png',
        size: 5,
        inline: true,
        contentId: 'x',
      },
    ];
    expect(forwardedAttachments(ref, parts)).toEqual([
      {
        kind: 'forwarded',
        ref,
        partId: '2',
        filename: 'plan.pdf',
        contentType: 'application/pdf',
        size: 10,
      },
    ]);
  });
});

describe('parseAddressList', () => {
  it('reads names, bare addresses, quoted names with commas and semicolons', () => {
    const parsed = parseAddressList('Anna <anna@x.io>, ben@y.io; "Berg, Carl" <c@z.io>, ,');
    expect(parsed.errors).toEqual([]);
    expect(parsed.addresses).toEqual([
      { name: 'Anna', address: 'anna@x.io' },
      { name: '', address: 'ben@y.io' },
      { name: 'Berg, Carl', address: 'c@z.io' },
    ]);
  });
  it('reports each bad entry and keeps the good ones', () => {
    const parsed = parseAddressList('anna@x.io, not an address, Bob <bob@>');
    expect(parsed.addresses).toEqual([{ name: '', address: 'anna@x.io' }]);
    expect(parsed.errors.map((e) => e.entry)).toEqual(['not an address', 'Bob <bob@>']);
    expect(parsed.errors[0]?.message).toContain('"not an address"');
  });
  it('keeps a duplicate once', () => {
    expect(parseAddressList('a@x.io, A@X.io').addresses).toHaveLength(1);
  });
  it('round-trips through formatAddressList', () => {
    const list = [
      { name: 'Berg, Carl', address: 'c@z.io' },
      { name: '', address: 'b@y.io' },
    ];
    expect(parseAddressList(formatAddressList(list)).addresses).toEqual(list);
  });
});

describe('recipient context', () => {
  it('derives first and last name from the display name', () => {
    expect(splitDisplayName('Anna Berg')).toEqual({ firstName: 'Anna', lastName: 'Berg' });
    expect(splitDisplayName('Berg, Anna')).toEqual({ firstName: 'Anna', lastName: 'Berg' });
    expect(splitDisplayName('')).toEqual({});
    expect(splitDisplayName('anna@x.io')).toEqual({});
  });
  it('builds the template context', () => {
    const context = templateContextFor(
      { name: 'Anna Berg', address: 'anna@x.io' },
      { email: 'me@x.io', name: 'Me' },
    );
    expect(context.contact).toEqual({ firstName: 'Anna', lastName: 'Berg', email: 'anna@x.io' });
    expect(context.user.email).toBe('me@x.io');
  });
  it('knows when a template differs per recipient', () => {
    expect(usesRecipientVariables('Hi {contact.first_name|there}')).toBe(true);
    expect(usesRecipientVariables('Hi {user.name}')).toBe(false);
  });
});
