/**
 * Turns an outgoing message into RFC 5322 bytes with nodemailer's MailComposer: the Message-ID
 * and Date fixed when it was queued (so every attempt and the Sent copy carry the same ones),
 * text with an optional HTML alternative, and attachments streamed from files or IMAP parts.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Address } from 'nodemailer/lib/mailer';
import type { MailAddress, OutgoingMessage } from '../../../shared/compose';
import { fail } from '../../../shared/errors';
import type { MessageRef } from '../../../shared/sync';

/** Where attachment bytes come from. */
export interface AttachmentSources {
  /** The file of a staged attachment (see attachment-staging.ts). */
  stagedPath(token: string): Promise<string>;
  /** The decoded bytes of a part of a message on the server, for a forwarded attachment. */
  forwardedPart(ref: MessageRef, partId: string): Promise<Readable>;
}

/** nodemailer's address shape; an empty name is left out rather than written as "". */
function address(mailbox: MailAddress): Address | string {
  return mailbox.name.length > 0
    ? { name: mailbox.name, address: mailbox.address }
    : mailbox.address;
}

/** A header value that goes out as given must not smuggle in another header. */
function singleLine(value: string, header: string): string {
  if (/[\r\n]/.test(value))
    fail('INVALID_INPUT', `The ${header} header may not contain line breaks.`);
  return value;
}

/** The attachments as MailComposer entries, each with its stream opened. */
async function attachmentsOf(
  message: OutgoingMessage,
  sources: AttachmentSources,
): Promise<{ filename: string; contentType: string; content: Readable }[]> {
  const entries: { filename: string; contentType: string; content: Readable }[] = [];
  for (const attachment of message.attachments) {
    const content =
      attachment.kind === 'staged'
        ? createReadStream(await sources.stagedPath(attachment.token))
        : await sources.forwardedPart(attachment.ref, attachment.partId);
    entries.push({
      filename: attachment.filename,
      contentType: attachment.contentType || 'application/octet-stream',
      content,
    });
  }
  return entries;
}

/**
 * Builds the message. `keepBcc` writes the Bcc header: true for the Sent and Drafts copies,
 * false for what SMTP sends (Bcc recipients are in the envelope only, RFC 5322 section 3.6.3).
 * Rejects with NOT_FOUND when a staged file or forwarded part is gone.
 */
export async function buildMessage(
  message: OutgoingMessage,
  sources: AttachmentSources,
  options: { readonly keepBcc: boolean },
): Promise<Buffer> {
  const headers: Record<string, string | { prepared: boolean; value: string }> = {};
  // RFC 8098: the receipt goes to the sender's own address.
  if (message.readReceipt) headers['Disposition-Notification-To'] = message.from.address;
  if (message.listUnsubscribe !== undefined) {
    // Already formatted (`<mailto:...>, <https://...>`): nodemailer must not re-encode it.
    headers['List-Unsubscribe'] = {
      prepared: true,
      value: singleLine(message.listUnsubscribe, 'List-Unsubscribe'),
    };
  }
  const attachments = await attachmentsOf(message, sources);
  try {
    const composer = new MailComposer({
      messageId: message.messageId,
      date: new Date(message.date),
      from: address(message.from),
      ...(message.replyTo !== undefined ? { replyTo: address(message.replyTo) } : {}),
      to: message.to.map(address),
      cc: message.cc.map(address),
      bcc: message.bcc.map(address),
      subject: message.subject,
      text: message.text,
      ...(message.html !== undefined ? { html: message.html } : {}),
      ...(message.inReplyTo !== undefined ? { inReplyTo: message.inReplyTo } : {}),
      ...(message.references.length > 0 ? { references: [...message.references] } : {}),
      headers,
      attachments,
      // Content never names a path or URL for nodemailer to read: only the streams given here.
      disableFileAccess: true,
      disableUrlAccess: true,
      newline: 'win',
    });
    const node = composer.compile();
    node.keepBcc = options.keepBcc;
    return await node.build();
  } finally {
    // A failed build leaves streams open; a file handle or an IMAP download must not leak.
    for (const attachment of attachments) attachment.content.destroy();
  }
}
