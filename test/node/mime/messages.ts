/**
 * Raw MIME messages for the mime tests, written by hand so the tree (and so every IMAP part
 * number) is known exactly. CRLF line endings, as on the wire.
 */
import { createHash, randomBytes } from 'node:crypto';

/** One attachment of a test message: what the parser must report and the bytes behind it. */
export interface ExpectedPart {
  readonly partId: string;
  readonly filename: string;
  readonly contentType: string;
  /** The decoded content, as a download of the part must deliver it. */
  readonly content: Buffer;
  readonly inline: boolean;
  readonly contentId?: string;
}

/** A test message and the attachments in it. */
export interface TestMessage {
  readonly raw: Buffer;
  readonly parts: readonly ExpectedPart[];
}

/** Joins lines with CRLF. */
export function crlf(lines: readonly string[]): string {
  return lines.join('\r\n');
}

/** Base64 in 76-character lines (RFC 2045). */
export function base64Lines(content: Buffer): string {
  return (content.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

/** sha256 in hex. */
export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * A message whose tree has every case that moves IMAP part numbers around:
 * ```
 * multipart/mixed
 *   1 multipart/alternative
 *     1.1 text/plain
 *     1.2 multipart/related
 *       1.2.1 text/html
 *       1.2.2 image/png            (cid:logo@test, shown inline)
 *   2 application/pdf            report.pdf
 *   3 message/rfc822             forwarded.eml (attachment: not descended into)
 *   4 message/rfc822 (inline)    multipart/mixed inside
 *     4.1 text/plain
 *     4.2 application/zip        inner.zip
 *   5 message/rfc822 (inline)    a single-part message: its body is 5.1 (RFC 3501 §6.4.5)
 *     5.1 application/octet-stream single.bin
 * ```
 */
export function partsMessage(): TestMessage {
  const png = randomBytes(300);
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2000)]);
  const zip = randomBytes(700);
  const single = randomBytes(500);
  const forwarded = crlf([
    'From: c@example.test',
    'Subject: forwarded as an attachment',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="inner1"',
    '',
    '--inner1',
    'Content-Type: text/plain',
    '',
    'inner text',
    '--inner1',
    'Content-Type: text/csv; name="data.csv"',
    'Content-Disposition: attachment; filename="data.csv"',
    '',
    'a,b',
    '--inner1--',
    '',
  ]);
  const raw = crlf([
    'From: Parts Test <a@example.test>',
    'To: b@example.test',
    'Subject: part numbers',
    'Message-ID: <parts@example.test>',
    'Date: Mon, 02 Jun 2025 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="mixed"',
    '',
    '--mixed',
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello in text',
    '--alt',
    'Content-Type: multipart/related; boundary="rel"',
    '',
    '--rel',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Hello in HTML <img src="cid:logo@test"></p>',
    '--rel',
    'Content-Type: image/png; name="logo.png"',
    'Content-ID: <logo@test>',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(png),
    '--rel--',
    '--alt--',
    '--mixed',
    'Content-Type: application/pdf; name="report.pdf"',
    'Content-Disposition: attachment; filename="report.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(pdf),
    '--mixed',
    'Content-Type: message/rfc822',
    'Content-Disposition: attachment; filename="forwarded.eml"',
    '',
    forwarded,
    '--mixed',
    'Content-Type: message/rfc822',
    'Content-Disposition: inline',
    '',
    'From: d@example.test',
    'Subject: forwarded inline, multipart',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="inner2"',
    '',
    '--inner2',
    'Content-Type: text/plain',
    '',
    'inline inner text',
    '--inner2',
    'Content-Type: application/zip; name="inner.zip"',
    'Content-Disposition: attachment; filename="inner.zip"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(zip),
    '--inner2--',
    '--mixed',
    'Content-Type: message/rfc822',
    'Content-Disposition: inline',
    '',
    'From: e@example.test',
    'Subject: forwarded inline, one part',
    'MIME-Version: 1.0',
    'Content-Type: application/octet-stream; name="single.bin"',
    'Content-Disposition: attachment; filename="single.bin"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(single),
    '--mixed--',
    '',
  ]);
  return {
    raw: Buffer.from(raw),
    parts: [
      {
        partId: '1.2.2',
        filename: 'logo.png',
        contentType: 'image/png',
        content: png,
        inline: true,
        contentId: 'logo@test',
      },
      {
        partId: '2',
        filename: 'report.pdf',
        contentType: 'application/pdf',
        content: pdf,
        inline: false,
      },
      {
        partId: '3',
        filename: 'forwarded.eml',
        contentType: 'message/rfc822',
        content: Buffer.from(forwarded),
        inline: false,
      },
      {
        partId: '4.2',
        filename: 'inner.zip',
        contentType: 'application/zip',
        content: zip,
        inline: false,
      },
      {
        partId: '5.1',
        filename: 'single.bin',
        contentType: 'application/octet-stream',
        content: single,
        inline: false,
      },
    ],
  };
}

/** A message that is nothing but one attachment: its only part is "1". */
export function singlePartMessage(): TestMessage {
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(1500)]);
  const raw = crlf([
    'From: a@example.test',
    'To: b@example.test',
    'Subject: only an attachment',
    'MIME-Version: 1.0',
    'Content-Type: application/pdf; name="whole.pdf"',
    'Content-Disposition: attachment; filename="whole.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(pdf),
    '',
  ]);
  return {
    raw: Buffer.from(raw),
    parts: [
      {
        partId: '1',
        filename: 'whole.pdf',
        contentType: 'application/pdf',
        content: pdf,
        inline: false,
      },
    ],
  };
}

/** A text message with one base64 attachment of the given content under the given filename. */
export function attachmentMessage(
  filename: string,
  content: Buffer,
  subject = 'attachment',
): Buffer {
  return Buffer.from(
    crlf([
      'From: a@example.test',
      'To: b@example.test',
      `Subject: ${subject}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'See the attachment.',
      '--b',
      `Content-Type: application/octet-stream; name="${filename}"`,
      `Content-Disposition: attachment; filename="${filename}"`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(content),
      '--b--',
      '',
    ]),
  );
}
