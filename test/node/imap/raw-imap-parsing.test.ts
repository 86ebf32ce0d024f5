/**
 * The raw header reader's byte-level parts, without a server: responses cut out of a stream
 * whatever the chunk boundaries, IMAP data read into values, and FETCH items mapped as imapflow
 * maps them (the corpora test in raw-header-reader.test.ts compares both on real mail).
 */
import { describe, expect, it } from 'vitest';
import { headerMessageOf } from '../../../src/main/core/imap/raw/header-fetch-response';
import { headerItems } from '../../../src/main/core/imap/raw/header-reader';
import { mailboxArgument } from '../../../src/main/core/imap/raw/imap-arguments';
import { readValues } from '../../../src/main/core/imap/raw/imap-tokens';
import {
  createResponseSplitter,
  type RawResponse,
} from '../../../src/main/core/imap/raw/response-splitter';

const LIMITS = { maxLineBytes: 4096, maxLiteralBytes: 4096 };

const header = 'Subject: =?UTF-8?B?w6lsw6k=?=\r\nFrom: "A \\"B\\"" <a@example.test>\r\n\r\n';
const stream = Buffer.from(
  [
    '* 3 EXISTS\r\n',
    `* 1 FETCH (UID 7 FLAGS (\\Seen $Label1) RFC822.SIZE 2048 INTERNALDATE "02-May-2024 10:00:00 +0200" BODY[HEADER.FIELDS (SUBJECT FROM)] {${Buffer.byteLength(header)}}\r\n`,
    header,
    ')\r\n',
    '* 2 FETCH (FLAGS ())\r\n',
    '* 3 FETCH (UID 9 RFC822.SIZE 1 INTERNALDATE "not a date" FLAGS (\\Flagged) BODY[HEADER.FIELDS (SUBJECT FROM)] {0}\r\n)\r\n',
    'R4 OK Fetch completed.\r\n',
  ].join(''),
  'utf8',
);

function splitAll(chunks: readonly Buffer[]): RawResponse[] {
  const split = createResponseSplitter(LIMITS);
  return chunks.flatMap((chunk) => split(chunk));
}

describe('the response splitter', () => {
  it('gives the same responses whatever the chunk boundaries', () => {
    const whole = splitAll([stream]);
    expect(whole.map((response) => response.text.split('\r\n')[0])).toEqual([
      '* 3 EXISTS',
      expect.stringMatching(/^\* 1 FETCH \(UID 7 .* \{\d+\}$/),
      '* 2 FETCH (FLAGS ())',
      expect.stringMatching(/^\* 3 FETCH/),
      'R4 OK Fetch completed.',
    ]);
    expect(whole[1]?.literals.map((literal) => literal.toString())).toEqual([header]);
    expect(whole[3]?.literals).toEqual([Buffer.alloc(0)]);
    for (let cut = 1; cut < stream.length; cut += 1) {
      expect(splitAll([stream.subarray(0, cut), stream.subarray(cut)]), `cut at ${cut}`).toEqual(
        whole,
      );
    }
    const bytes = [...stream].map((byte) => Buffer.from([byte]));
    expect(splitAll(bytes)).toEqual(whole);
  });

  it('fails a line or a literal over the limit instead of buffering it', () => {
    const split = createResponseSplitter(LIMITS);
    expect(() => split(Buffer.from('* 1 FETCH (BODY[] {5000}\r\n'))).toThrow(/literal of 5000/);
    const endless = createResponseSplitter(LIMITS);
    expect(() => endless(Buffer.alloc(5000, 0x41))).toThrow(/line of over 4096/);
  });
});

describe('IMAP values', () => {
  it('reads atoms, NIL, quoted strings, literals, lists and sections', () => {
    const literal = Buffer.from('x\r\ny');
    expect(
      readValues({
        text: '* 1 FETCH (A NIL "q \\"u\\" \\\\" BODY[HEADER.FIELDS (A B)]<0> {4}\r\n (x (y)) ~{4}\r\n)',
        literals: [literal, literal],
      }),
    ).toEqual([
      '*',
      '1',
      'FETCH',
      ['A', null, 'q "u" \\', 'BODY[HEADER.FIELDS (A B)]<0>', literal, ['x', ['y']], literal],
    ]);
    // UTF-8 inside quotes (the line was read as latin1) comes out as text.
    const label = Buffer.from('(X-GM-LABELS ("Réunion"))', 'utf8').toString('latin1');
    expect(readValues({ text: label, literals: [] })).toEqual([['X-GM-LABELS', ['Réunion']]]);
  });

  it('names what is wrong with unreadable data', () => {
    expect(() => readValues({ text: '* 1 FETCH (UID 1', literals: [] })).toThrow(
      /unterminated list/,
    );
    expect(() => readValues({ text: '* 1 FETCH (X "open)', literals: [] })).toThrow(
      /unterminated quoted/,
    );
    expect(() => readValues({ text: '* 1 FETCH (X {3}\r\n)', literals: [] })).toThrow(
      /missing literal/,
    );
  });
});

describe('header FETCH responses', () => {
  it('maps the items as imapflow does', () => {
    const [first, other, second, done] = splitAll([stream]).slice(1);
    expect(headerMessageOf(first!)).toEqual({
      uid: 7,
      flags: new Set(['\\Seen', '$Label1']),
      size: 2048,
      internalDate: new Date('2024-05-02T08:00:00Z'),
      headers: Buffer.from(header),
    });
    // A flag update without UID or size (unsolicited): the fill drops it.
    expect(headerMessageOf(other!)).toEqual({ uid: 0, flags: new Set() });
    expect(headerMessageOf(second!)).toMatchObject({ uid: 9, internalDate: 'not a date' });
    expect(headerMessageOf(done!)).toBeUndefined();
  });

  it('reads Gmail and OBJECTID ids, labels and a quoted header section', () => {
    const text =
      '* 5 FETCH (X-GM-MSGID 1780000000000000001 X-GM-THRID 1780000000000000000 X-GM-LABELS (\\Important "Clients" "") UID 42 BODY[HEADER.FIELDS (SUBJECT)] "Subject: hi" EMAILID (M1) THREADID (NIL))';
    expect(headerMessageOf({ text, literals: [] })).toEqual({
      uid: 42,
      emailId: 'M1',
      threadId: undefined,
      labels: new Set(['\\Important', 'Clients']),
      headers: Buffer.from('Subject: hi'),
    });
  });

  it('asks for what imapflow asks for, per server', () => {
    expect(headerItems(new Set())).toMatch(/^\(UID FLAGS RFC822\.SIZE INTERNALDATE BODY\.PEEK/);
    expect(headerItems(new Set(['X-GM-EXT-1']))).toContain('X-GM-MSGID X-GM-THRID X-GM-LABELS');
    expect(headerItems(new Set(['OBJECTID', 'X-GM-EXT-1']))).toContain(' EMAILID THREADID BODY');
    expect(mailboxArgument('INBOX')).toBe('"INBOX"');
    expect(mailboxArgument('Envoyés & "reçus"')).toBe('"Envoy&AOk-s &- \\"re&AOc-us\\""');
    expect(() => mailboxArgument('a\r\nb')).toThrow(/cannot be sent/);
  });
});
