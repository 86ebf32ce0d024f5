/**
 * Generates a realistic mailbox for the sync benchmark: plain text, HTML only,
 * multipart/alternative, multipart/mixed with small attachments, reply threads with In-Reply-To
 * and References, RFC 2047 encoded non-ASCII names and subjects, quoted-printable and base64
 * bodies; about 18 KB per message on average like the mailbox measured in DESIGN section 4.
 * Messages come oldest first with LF line ends (Maildir stores LF; Dovecot serves CRLF).
 */
import {
  base64Lines,
  createBytePool,
  createPicker,
  encodeWord,
  isAscii,
  paragraphs,
  quotedPrintable,
  sentence,
  type Picker,
} from './mail-text';

/** One generated message. */
export interface GeneratedMessage {
  readonly index: number;
  readonly raw: string;
  readonly date: Date;
  /** Maildir info flags, sorted: D draft, F flagged, R replied, S seen. */
  readonly maildirFlags: string;
  readonly messageId?: string;
}

export interface MailboxOptions {
  readonly count: number;
  readonly seed: number;
  /** The newest message's date; the oldest is `spanDays` before it. */
  readonly newest: Date;
  readonly spanDays: number;
}

interface Person {
  readonly name: string;
  readonly address: string;
}

const FIRST = ['Anna', 'Ben', 'Chloé', 'Dmitri', 'Émile', 'Fatma', 'Jürgen', 'Kenji', 'Lena'];
const LAST = ['Müller', 'Smith', 'Dubois', 'Иванов', 'Tanaka', 'García', 'Nowak', 'Østergaard'];
const DOMAINS = ['example.com', 'acme.example', 'partner.example.org', 'mail.example.net'];
const BULK = [
  { name: 'Newsletter', address: 'newsletter@marketing.example.com' },
  { name: 'Billing', address: 'noreply@billing.example.net' },
];

function person(picker: Picker): Person {
  const first = picker.pick(FIRST);
  const last = picker.pick(LAST);
  const local = `${first}.${last}`
    .normalize('NFD')
    .replace(/[^A-Za-z.]/g, '')
    .toLowerCase();
  return { name: `${first} ${last}`, address: `${local || 'user'}@${picker.pick(DOMAINS)}` };
}

/** An address header value; non-ASCII display names as RFC 2047 encoded words. */
function addressHeader(people: readonly Person[], picker: Picker): string {
  return people
    .map((who) => {
      const name = isAscii(who.name)
        ? `"${who.name}"`
        : encodeWord(who.name, picker.chance(0.5) ? 'B' : 'Q');
      return `${name} <${who.address}>`;
    })
    .join(',\n ');
}

function rfc2822Date(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

/** A text body part: 7bit when ASCII, else quoted-printable or 8bit UTF-8. */
function textPart(text: string, subtype: 'plain' | 'html', picker: Picker): string {
  const type = `Content-Type: text/${subtype}; charset=utf-8`;
  if (subtype === 'html' && picker.chance(0.3)) {
    return `${type}\nContent-Transfer-Encoding: base64\n\n${base64Lines(Buffer.from(text))}\n`;
  }
  if (isAscii(text)) return `${type}\nContent-Transfer-Encoding: 7bit\n\n${text}\n`;
  if (picker.chance(0.6)) {
    return `${type}\nContent-Transfer-Encoding: quoted-printable\n\n${quotedPrintable(text)}\n`;
  }
  return `${type}\nContent-Transfer-Encoding: 8bit\n\n${text}\n`;
}

function htmlOf(blocks: readonly string[], picker: Picker, newsletter: boolean): string {
  const style = 'font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#333;line-height:1.5';
  const rows = blocks.map((block) => {
    const escaped = block.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, ' ');
    if (!newsletter) return `<p style="${style}">${escaped}</p>`;
    const link = `https://www.example.com/track/${picker.int(100000, 999999)}`;
    return `<tr><td style="${style};padding:12px 24px"><p>${escaped}</p><a href="${link}" style="color:#0a66c2">Read more</a></td></tr>`;
  });
  const body = newsletter
    ? `<table width="600" cellpadding="0" cellspacing="0" border="0" align="center">\n${rows.join('\n')}\n</table>\n<img src="https://www.example.com/pixel/${picker.int(1, 1e9)}.gif" width="1" height="1">`
    : rows.join('\n');
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n<body>\n${body}\n</body></html>`;
}

interface Thread {
  readonly subject: string;
  readonly ids: string[];
  readonly people: Person[];
}

/** Generates the mailbox lazily, oldest first, so 50,000 messages never sit in memory. */
export function* generateMailbox(options: MailboxOptions): Generator<GeneratedMessage> {
  const picker = createPicker(options.seed);
  const bytes = createBytePool(options.seed);
  const me: Person = { name: 'Me Myself', address: 'me@example.test' };
  const threads: Thread[] = [];
  const spanMs = options.spanDays * 86_400_000;
  const oldest = options.newest.getTime() - spanMs;
  for (let index = 0; index < options.count; index += 1) {
    const date = new Date(oldest + Math.floor((spanMs * index) / Math.max(1, options.count - 1)));
    const replying = threads.length > 0 && picker.chance(0.3);
    const thread = replying ? picker.pick(threads.slice(-200)) : undefined;
    const bulk = !replying && picker.chance(0.2);
    const from = bulk
      ? picker.pick(BULK)
      : thread !== undefined
        ? picker.pick(thread.people)
        : person(picker);
    const baseSubject = thread?.subject ?? sentence(picker, 3, 8).slice(0, -1);
    const subject = thread === undefined ? baseSubject : `Re: ${baseSubject}`;
    const hasId = picker.next() > 0.005;
    const messageId = hasId
      ? `<bench.${options.seed}.${index}@${from.address.split('@')[1] ?? 'x'}>`
      : undefined;
    const headers = [
      `Return-Path: <${from.address}>`,
      `Received: from mx.example.com (mx.example.com [192.0.2.${picker.int(1, 254)}])\n\tby mail.example.test with ESMTPS id ${picker.int(1e8, 9e8)}\n\tfor <me@example.test>; ${rfc2822Date(date)}`,
      `Date: ${rfc2822Date(date)}`,
      `From: ${addressHeader([from], picker)}`,
      `To: ${addressHeader([me], picker)}`,
      ...(picker.chance(0.25)
        ? [`Cc: ${addressHeader([person(picker), person(picker)], picker)}`]
        : []),
      `Subject: ${encodeWord(subject, picker.chance(0.5) ? 'B' : 'Q')}`,
      ...(messageId === undefined ? [] : [`Message-ID: ${messageId}`]),
      ...(thread !== undefined && thread.ids.length > 0
        ? [
            `In-Reply-To: ${thread.ids[thread.ids.length - 1] ?? ''}`,
            `References: ${thread.ids.slice(-10).join('\n ')}`,
          ]
        : []),
      ...(bulk
        ? [
            `List-Id: <news.marketing.example.com>`,
            `List-Unsubscribe: <https://www.example.com/u/${index}>`,
            'Precedence: bulk',
          ]
        : []),
      'MIME-Version: 1.0',
    ];
    const quoted =
      thread === undefined
        ? []
        : paragraphs(picker, picker.int(500, 3000)).map((p) => `> ${p.replace(/\n/g, '\n> ')}`);
    const text = [...paragraphs(picker, picker.int(600, bulk ? 3000 : 5000)), ...quoted].join(
      '\n\n',
    );
    const roll = picker.next();
    let body: string;
    if (bulk || roll < 0.12) {
      const html = htmlOf(paragraphs(picker, picker.int(6000, 24000)), picker, true);
      body =
        bulk && picker.chance(0.6)
          ? alternative(text, html, picker, index)
          : textPart(html, 'html', picker);
    } else if (roll < 0.45) {
      body = textPart(text, 'plain', picker);
    } else if (roll < 0.8) {
      body = alternative(text, htmlOf(text.split('\n\n'), picker, false), picker, index);
    } else {
      body = mixed(text, picker, index, bytes);
    }
    if (thread === undefined) {
      threads.push({
        subject: baseSubject,
        ids: messageId === undefined ? [] : [messageId],
        people: [from, person(picker)],
      });
    } else if (messageId !== undefined) {
      thread.ids.push(messageId);
    }
    const flags = [
      ...(picker.chance(0.03) ? ['F'] : []),
      ...(picker.chance(0.1) ? ['R'] : []),
      ...(picker.chance(0.85) ? ['S'] : []),
    ].join('');
    yield {
      index,
      raw: `${headers.join('\n')}\n${body}`,
      date,
      maildirFlags: flags,
      ...(messageId === undefined ? {} : { messageId }),
    };
  }
}

function alternative(text: string, html: string, picker: Picker, index: number): string {
  const boundary = `=_alt_${index}_${picker.int(1e6, 9e6)}`;
  return `Content-Type: multipart/alternative; boundary="${boundary}"\n\n--${boundary}\n${textPart(text, 'plain', picker)}--${boundary}\n${textPart(html, 'html', picker)}--${boundary}--\n`;
}

const ATTACHMENTS = [
  { name: 'invoice.pdf', type: 'application/pdf' },
  { name: 'photo.jpg', type: 'image/jpeg' },
  {
    name: 'Präsentation Q3.pptx',
    type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  },
  { name: 'notes.txt', type: 'text/plain' },
];

function mixed(
  text: string,
  picker: Picker,
  index: number,
  bytes: ReturnType<typeof createBytePool>,
): string {
  const boundary = `=_mix_${index}_${picker.int(1e6, 9e6)}`;
  const inner = picker.chance(0.5)
    ? alternative(text, htmlOf(text.split('\n\n'), picker, false), picker, index)
    : textPart(text, 'plain', picker);
  const parts = [inner];
  const count = picker.chance(0.8) ? 1 : 2;
  for (let n = 0; n < count; n += 1) {
    const file = picker.pick(ATTACHMENTS);
    const name = isAscii(file.name) ? `"${file.name}"` : `"${encodeWord(file.name, 'B')}"`;
    const data = bytes(picker, picker.int(2000, 30000));
    parts.push(
      `Content-Type: ${file.type}; name=${name}\nContent-Disposition: attachment; filename=${name}\nContent-Transfer-Encoding: base64\n\n${base64Lines(data)}\n`,
    );
  }
  return `Content-Type: multipart/mixed; boundary="${boundary}"\n\n${parts.map((part) => `--${boundary}\n${part}`).join('')}--${boundary}--\n`;
}
