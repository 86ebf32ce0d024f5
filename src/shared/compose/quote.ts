/**
 * What a reply quotes and a forward carries: the attribution line and quoted text, the
 * forwarded-message header block, and the original's attachments that go along.
 */
import type { MailAddress, OutgoingAttachment } from '../compose';
import type { AttachmentInfo, MessageRef } from '../sync';
import { escapeHtml, htmlToPlainText, plainTextToHtml } from '../text/html-to-text';

/** The parts of the original a quote or forward block reads. */
export interface QuotedOriginal {
  readonly from: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly subject: string;
  /** ISO 8601. */
  readonly date: string;
  readonly text?: string;
  /**
   * HTML that is already safe to put into the editor (sanitized by the caller); without it the
   * HTML quote is built from the text.
   */
  readonly safeHtml?: string;
}

/** A quote or block in both forms. */
export interface QuoteBlock {
  readonly html: string;
  readonly text: string;
}

/** "Anna Berg <anna@x.io>", or just the address. */
export function formatMailAddress(address: MailAddress): string {
  return address.name.trim() === '' ? address.address : `${address.name} <${address.address}>`;
}

function bodyText(original: QuotedOriginal): string {
  if (original.text !== undefined && original.text.trim() !== '') return original.text;
  return original.safeHtml === undefined ? '' : htmlToPlainText(original.safeHtml);
}

function bodyHtml(original: QuotedOriginal): string {
  if (original.safeHtml !== undefined && original.safeHtml.trim() !== '') {
    return original.safeHtml;
  }
  return plainTextToHtml(bodyText(original));
}

/**
 * "On <date>, <name> wrote:" and the original as a blockquote (HTML) or "> " lines (text). The
 * blockquote carries no inline style: mail clients style type="cite" themselves, and the app's
 * CSP refuses style attributes where the quote is shown.
 * `date` is the original's date already formatted for the reader.
 */
export function quoteForReply(
  original: QuotedOriginal,
  attribution: { readonly date: string; readonly fromName: string },
): QuoteBlock {
  const line = `On ${attribution.date}, ${attribution.fromName} wrote:`;
  const quotedLines = bodyText(original)
    .replace(/\r\n/g, '\n')
    .replace(/\n+$/, '')
    .split('\n')
    .map((text) => (text === '' || text.startsWith('>') ? `>${text}` : `> ${text}`));
  return {
    text: `${line}\n${quotedLines.join('\n')}\n`,
    html:
      `<p>${escapeHtml(line)}</p>` + `<blockquote type="cite">${bodyHtml(original)}</blockquote>`,
  };
}

/** The name to show in an attribution: the display name, else the address. */
export function senderName(original: { readonly from: readonly MailAddress[] }): string {
  const first = original.from[0];
  if (first === undefined) return 'Unknown sender';
  return first.name.trim() === '' ? first.address : first.name;
}

/** The "---------- Forwarded message ---------" header block and the original below it. */
export function forwardBlock(original: QuotedOriginal, formattedDate: string): QuoteBlock {
  const rows: [string, string][] = [
    ['From', original.from.map(formatMailAddress).join(', ')],
    ['Date', formattedDate],
    ['Subject', original.subject],
    ['To', original.to.map(formatMailAddress).join(', ')],
  ];
  if (original.cc.length > 0) rows.push(['Cc', original.cc.map(formatMailAddress).join(', ')]);
  const head = '---------- Forwarded message ---------';
  const text = [
    head,
    ...rows.map(([label, value]) => `${label}: ${value}`),
    '',
    bodyText(original),
  ];
  const htmlRows = rows
    .map(([label, value]) => `${escapeHtml(label)}: ${escapeHtml(value)}<br>`)
    .join('');
  return {
    text: `${text.join('\n')}\n`,
    html: `<div class="forwarded">${escapeHtml(head)}<br>${htmlRows}<br>${bodyHtml(original)}</div>`,
  };
}

/**
 * The attachments a forward carries: every part that is not inline (inline images belong to the
 * HTML and are not listed), referenced by the original's MessageRef and part number so main
 * copies them from the server.
 */
export function forwardedAttachments(
  ref: MessageRef,
  parts: readonly AttachmentInfo[],
): OutgoingAttachment[] {
  return parts
    .filter((part) => !part.inline)
    .map((part) => ({
      kind: 'forwarded',
      ref: {
        accountId: ref.accountId,
        folder: ref.folder,
        uidValidity: ref.uidValidity,
        uid: ref.uid,
      },
      partId: part.partId,
      filename: part.filename || 'attachment',
      contentType: part.contentType,
      size: part.size,
    }));
}
