/**
 * Turns what the compose pane holds into the OutgoingMessage(s) to queue. A template is filled
 * in per recipient; when it uses recipient variables and there are several To recipients, each
 * gets a message of its own (its own Message-ID), so nobody sees another's name. Cc and Bcc go
 * with the first of those only, so they receive the message once.
 */
import {
  outgoingMessageSchema,
  type MailAddress,
  type OutgoingAttachment,
  type OutgoingMessage,
} from '../compose';
import { appError, type AppError } from '../errors';
import { missingVariableError, renderTemplate } from '../templates/render-template';
import { htmlToPlainText } from '../text/html-to-text';
import { newMessageId } from './message-id';
import { formatMailAddress, type QuoteBlock } from './quote';
import {
  templateContextFor,
  usesRecipientVariables,
  type SenderContext,
} from './recipient-context';

/** The parts of the body, joined in the order the account's preferences say. */
export interface BodyParts {
  /** The user's text (sanitized HTML from the editor). */
  readonly bodyHtml: string;
  /** The rendered signature (sanitized HTML), '' for none. */
  readonly signatureHtml: string;
  /** The quote of a reply or the forwarded block. */
  readonly quote?: QuoteBlock;
  readonly signatureBelowQuote: boolean;
}

/** The whole HTML body: text, then signature and quote in the chosen order. */
export function joinBody(parts: BodyParts, bodyHtml: string = parts.bodyHtml): string {
  const signature =
    parts.signatureHtml === '' ? '' : `<div class="mailcrm-signature">${parts.signatureHtml}</div>`;
  const quote = parts.quote?.html ?? '';
  return parts.signatureBelowQuote
    ? `${bodyHtml}${quote}${signature}`
    : `${bodyHtml}${signature}${quote}`;
}

/** Everything a send needs besides the body. */
export interface OutgoingDraft extends BodyParts {
  readonly accountId: string;
  /** The draft's Message-ID: the (first) message is sent with it. */
  readonly messageId: string;
  readonly from: MailAddress;
  readonly replyTo?: MailAddress;
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly bcc: readonly MailAddress[];
  readonly subject: string;
  readonly inReplyTo?: string;
  readonly references: readonly string[];
  readonly attachments: readonly OutgoingAttachment[];
  readonly readReceipt: boolean;
  readonly listUnsubscribe?: string;
  /** True when the subject and body came from a template: its variables are filled in. */
  readonly fromTemplate: boolean;
}

/** The messages to queue, or what stops the send (naming the recipient and variable). */
export type BuildResult =
  | { readonly ok: true; readonly messages: readonly OutgoingMessage[] }
  | { readonly ok: false; readonly error: AppError };

/** True when sending `draft` makes one message per To recipient. */
export function sendsPerRecipient(draft: {
  readonly fromTemplate: boolean;
  readonly to: readonly MailAddress[];
  readonly subject: string;
  readonly bodyHtml: string;
}): boolean {
  return (
    draft.fromTemplate &&
    draft.to.length > 1 &&
    usesRecipientVariables(draft.subject, draft.bodyHtml)
  );
}

function invalid(message: string): BuildResult {
  return { ok: false, error: appError('INVALID_INPUT', message, { retryable: false }) };
}

/**
 * Builds the message(s). `date` is the Date header (ISO 8601), `random` makes the Message-IDs
 * of the extra per-recipient messages, `sender` fills {user.*} and {signature}.
 */
export function buildOutgoing(
  draft: OutgoingDraft,
  sender: SenderContext,
  date: string,
  random: () => string,
): BuildResult {
  if (draft.to.length + draft.cc.length + draft.bcc.length === 0) {
    return invalid('Add at least one recipient in To, Cc or Bcc.');
  }
  const groups: {
    to: readonly MailAddress[];
    cc: readonly MailAddress[];
    bcc: readonly MailAddress[];
  }[] = sendsPerRecipient(draft)
    ? draft.to.map((recipient, index) => ({
        to: [recipient],
        cc: index === 0 ? draft.cc : [],
        bcc: index === 0 ? draft.bcc : [],
      }))
    : [{ to: draft.to, cc: draft.cc, bcc: draft.bcc }];

  const messages: OutgoingMessage[] = [];
  for (const [index, group] of groups.entries()) {
    let subject = draft.subject;
    let bodyHtml = draft.bodyHtml;
    if (draft.fromTemplate) {
      const recipient = group.to[0] ?? group.cc[0] ?? group.bcc[0];
      if (recipient === undefined) return invalid('Add a recipient.');
      const rendered = renderTemplate({ subject, bodyHtml }, templateContextFor(recipient, sender));
      if (!rendered.ok) {
        return {
          ok: false,
          error: missingVariableError(formatMailAddress(recipient), rendered.missing),
        };
      }
      subject = rendered.subject;
      bodyHtml = rendered.bodyHtml;
    }
    const html = joinBody(draft, bodyHtml);
    const candidate = {
      accountId: draft.accountId,
      messageId: index === 0 ? draft.messageId : newMessageId(draft.from.address, random),
      date,
      from: draft.from,
      replyTo: draft.replyTo,
      to: group.to,
      cc: group.cc,
      bcc: group.bcc,
      subject,
      text: htmlToPlainText(html),
      html,
      inReplyTo: draft.inReplyTo,
      references: draft.references,
      attachments: draft.attachments,
      readReceipt: draft.readReceipt,
      listUnsubscribe: draft.listUnsubscribe,
    };
    const parsed = outgoingMessageSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') ?? '';
      return invalid(
        `${issue?.message ?? 'This message cannot be sent as it is'}${where ? ` (${where})` : ''}.`,
      );
    }
    messages.push(parsed.data);
  }
  return { ok: true, messages };
}
