/**
 * The pure parts of the engine: FETCH responses normalized (Gmail's ids and labels, broken
 * dates, \Recent), header fields, message keys, globs, and progress throttling.
 */
import { describe, expect, it } from 'vitest';
import type { FetchMessageObject } from 'imapflow';
import { globToRegExp, compileExcludeRules } from '../../../src/main/core/imap/exclude-rules';
import { envelopeOf } from '../../../src/main/core/imap/header-envelope';
import { parseHeaderFields, referencesOf } from '../../../src/main/core/imap/header-fields';
import { bodyRule } from '../../../src/main/core/imap/history-window';
import { messageKey, normalizeMessageId } from '../../../src/main/core/imap/message-key';
import { attachmentHint, normalizeMessage } from '../../../src/main/core/imap/normalize-message';
import { bodyHasAttachments } from '../../../src/shared/sync';
import { createProgressMeter } from '../../../src/main/core/imap/sync-progress';
import { toUidSet } from '../../../src/main/core/imap/uid-set';
import type { SyncProgress } from '../../../src/shared/sync';
import { settings } from './helpers';

const gmailMessage: FetchMessageObject = {
  seq: 1,
  uid: 42,
  emailId: '1780000000000000001',
  threadId: '1780000000000000000',
  labels: new Set(['\\Important', 'Clients']),
  flags: new Set(['\\Seen', '\\Recent']),
  size: 1234,
  internalDate: new Date('2024-05-02T08:00:00Z'),
  headers: Buffer.from(
    [
      'Date: not a date',
      'Subject:   Re: Offer ',
      'Message-ID: <a1@mail.gmail.com>',
      'In-Reply-To: <a0@mail.gmail.com> (comment)',
      'From: Anna <anna@example.test>',
      'To: ben@example.test, Group <>',
      'References: <a0@mail.gmail.com>',
      ' <a1-prev@mail.gmail.com>',
      'List-Id: Sales <sales.example.test>',
      'Precedence: bulk',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '',
    ].join('\r\n'),
  ),
};

describe('normalizeMessage', () => {
  it('keeps Gmail ids and labels, drops \\Recent, falls back to the internal date', () => {
    const { record, seen } = normalizeMessage(gmailMessage, {
      accountId: 'a',
      folder: '[Gmail]/All Mail',
      uidValidity: 7,
      gmail: true,
    });
    expect(record).toMatchObject({
      uid: 42,
      messageKey: 'gm:1780000000000000001',
      gmailMessageId: '1780000000000000001',
      gmailThreadId: '1780000000000000000',
      gmailLabels: ['Clients', '\\Important'],
      flags: ['\\Seen'],
      subject: 'Re: Offer',
      date: '2024-05-02T08:00:00.000Z',
      inReplyTo: '<a0@mail.gmail.com>',
      references: ['<a0@mail.gmail.com>', '<a1-prev@mail.gmail.com>'],
      listId: 'Sales <sales.example.test>',
      precedence: 'bulk',
      hasAttachments: true,
      to: [
        { name: '', address: 'ben@example.test' },
        { name: 'Group', address: '' },
      ],
    });
    expect(seen).toBe(true);
  });

  it('ignores X-GM ids on servers without X-GM-EXT-1', () => {
    const { record } = normalizeMessage(gmailMessage, {
      accountId: 'a',
      folder: 'INBOX',
      uidValidity: 7,
      gmail: false,
    });
    expect(record.messageKey).toBe('mid:a1@mail.gmail.com');
    expect(record.gmailMessageId).toBeUndefined();
  });
});

describe('envelope from header fields', () => {
  const envelope = (lines: readonly string[]): ReturnType<typeof envelopeOf> =>
    envelopeOf(parseHeaderFields(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`)));

  it('decodes encoded words in the subject and in display names, quoted names kept whole', () => {
    const read = envelope([
      'Subject: =?UTF-8?B?R3LDvMOfZQ==?= =?UTF-8?Q?_aus_K=C3=B6ln?=',
      'From: "Doe, Jane" <jane@example.test>',
      'To: =?ISO-8859-1?Q?Andr=E9?= <andre@example.test>, "Bob" <bob@example.test>',
    ]);
    expect(read.subject).toBe('Grüße aus Köln');
    expect(read.from).toEqual([{ name: 'Doe, Jane', address: 'jane@example.test' }]);
    expect(read.to).toEqual([
      { name: 'André', address: 'andre@example.test' },
      { name: 'Bob', address: 'bob@example.test' },
    ]);
  });

  it('flattens groups, drops empty ones, and defaults Reply-To to From', () => {
    const read = envelope([
      'From: list@example.test',
      'To: undisclosed-recipients:;',
      'Cc: Team: a@example.test, b@example.test;',
    ]);
    expect(read.to).toEqual([]);
    expect(read.cc.map((entry) => entry.address)).toEqual(['a@example.test', 'b@example.test']);
    expect(read.from).toEqual([{ name: '', address: 'list@example.test' }]);
    expect(read.replyTo).toEqual(read.from);
    expect(read.subject).toBe('');
    expect(read.date).toBeUndefined();
  });

  it('keeps every address of a long To line', () => {
    const many = Array.from({ length: 400 }, (_, index) => `person${index}@example.test`);
    expect(envelope([`To: ${many.join(',\r\n ')}`]).to).toHaveLength(400);
  });
});

describe('attachment mark', () => {
  it('guesses from the Content-Type before the body is downloaded', () => {
    expect(attachmentHint('Multipart/Mixed; boundary="x"')).toBe(true);
    expect(attachmentHint('application/pdf; name="offer.pdf"')).toBe(true);
    expect(attachmentHint('multipart/alternative; boundary="x"')).toBe(false);
    expect(attachmentHint('multipart/related; boundary="x"')).toBe(false);
    expect(attachmentHint('text/html; charset=utf-8')).toBe(false);
    expect(attachmentHint(undefined)).toBe(false);
    expect(attachmentHint('garbage')).toBe(false);
  });

  it('knows for sure once the body is parsed: inline images do not count', () => {
    const part = { partId: '2', filename: 'x', size: 1, contentId: '<c>' };
    const inlineImage = { ...part, contentType: 'image/png', inline: true };
    expect(bodyHasAttachments({ attachments: [inlineImage] })).toBe(false);
    expect(
      bodyHasAttachments({
        attachments: [inlineImage, { ...part, contentType: 'application/pdf', inline: true }],
      }),
    ).toBe(true);
    expect(bodyHasAttachments({ attachments: [{ ...inlineImage, inline: false }] })).toBe(true);
  });
});

describe('header fields and keys', () => {
  it('unfolds fields and reads message-id lists without brackets', () => {
    const fields = parseHeaderFields(Buffer.from('references: a@b.c\r\n\td@e.f\r\ngarbage\r\n'));
    expect(referencesOf(fields)).toEqual(['<a@b.c>', '<d@e.f>']);
  });

  it('normalizes Message-IDs: brackets and spaces off, domain lower-cased, local part kept', () => {
    expect(normalizeMessageId(' <Abc.Def@Example.COM> ')).toBe('Abc.Def@example.com');
    expect(normalizeMessageId('<>')).toBeUndefined();
    expect(messageKey({ subject: 'x', date: 'd', fromAddress: 'A@b' })).toBe(
      messageKey({ subject: 'x ', date: 'd', fromAddress: 'a@B' }),
    );
  });

  it('matches globs on the whole value, case-insensitively, with special characters literal', () => {
    expect(globToRegExp('noreply@*').test('NoReply@shop.example')).toBe(true);
    expect(globToRegExp('*@marketing.*').test('x@marketing.example.test')).toBe(true);
    expect(globToRegExp('*@marketing.*').test('x@marketingXexample')).toBe(false);
    expect(globToRegExp('a+b@(x)?').test('a+b@(x)!')).toBe(true);
    const rules = compileExcludeRules({ excludePatterns: ['news-*@*'], importConditions: [] });
    expect(
      rules({ from: [{ name: '', address: 'news-1@x.test' }], to: [], cc: [], subject: '' }),
    ).toBe('news-*@*');
  });

  it('packs UIDs into ranges', () => {
    expect(toUidSet([5, 1, 2, 3, 9, 10, 3])).toBe('1:3,5,9:10');
  });
});

describe('history window and progress', () => {
  it('takes bodies inside the window only, and not oversized ones', () => {
    const now = Date.parse('2024-06-01T00:00:00Z');
    const wants = bodyRule(settings({ historyWindow: '30d' }), now);
    const day = 86_400_000;
    expect(wants({ receivedAt: now - 29 * day, seen: false, size: 1000 })).toBe(true);
    expect(wants({ receivedAt: now - 31 * day, seen: false, size: 1000 })).toBe(false);
    expect(wants({ receivedAt: now, seen: false, size: 30 * 1024 * 1024 })).toBe(false);
  });

  it('reports progress at most four times a second, and always at a phase change', () => {
    let now = 0;
    const reports: SyncProgress[] = [];
    const meter = createProgressMeter(
      { accountId: 'a', folder: 'INBOX' },
      { now: () => now },
      (progress) => reports.push(progress),
    );
    meter.phase('headers', 1000);
    for (let step = 0; step < 100; step += 1) {
      now += 10;
      meter.advance(10);
    }
    meter.flush();
    // 1 s of work: the phase, one report per 250 ms, and the flush.
    expect(reports.length).toBe(1 + 4 + 1);
    expect(reports.at(-1)).toMatchObject({ done: 1000, total: 1000, ratePerSecond: 1000 });
  });
});
