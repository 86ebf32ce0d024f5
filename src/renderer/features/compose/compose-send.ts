/**
 * Send from the compose pane: check the fields, build the message(s) (templates filled in per
 * recipient), queue them in the outbox and remove the draft. What stops a send is returned with
 * the field it belongs to, so the pane shows it there.
 */
import type { AccountView } from '../../../shared/account';
import { parseAddressList } from '../../../shared/compose/address-list';
import { buildOutgoing, type OutgoingDraft } from '../../../shared/compose/outgoing';
import type { SenderContext } from '../../../shared/compose/recipient-context';
import { appError, toAppError, type AppError } from '../../../shared/errors';
import type { ComposePreferences } from '../../db/template-records';
import { sanitizeRichText } from '../templates/sanitize-rich-text';
import type { ComposeDeps } from './compose-deps';
import { recipientsOf, replyToOf, senderOf, type ComposeForm } from './compose-form';

/** Where a problem is shown. */
export type ComposeField = 'to' | 'cc' | 'bcc' | 'from' | 'sendAt' | 'send';

/** Problems by field; empty when the form can be sent. */
export type FieldErrors = Partial<Record<ComposeField, string>>;

/** Entries of To, Cc and Bcc that are not addresses, and a schedule in the past. */
export function checkFields(form: ComposeForm, now: Date): FieldErrors {
  const errors: FieldErrors = {};
  const fields: ['to' | 'cc' | 'bcc', string, boolean][] = [
    ['to', form.to, true],
    ['cc', form.cc, form.showCc],
    ['bcc', form.bcc, form.showBcc],
  ];
  for (const [field, value, shown] of fields) {
    const problems = shown ? parseAddressList(value).errors : [];
    if (problems.length > 0) errors[field] = problems.map((p) => p.message).join('; ');
  }
  if (form.sendAt !== '') {
    const at = new Date(form.sendAt);
    if (Number.isNaN(at.getTime())) errors.sendAt = 'Enter a date and time.';
    else if (at.getTime() <= now.getTime()) errors.sendAt = 'Choose a time in the future.';
  }
  return errors;
}

/** What the send needs besides the form. */
export interface SendContext {
  readonly account?: AccountView;
  readonly preferences: ComposePreferences;
  readonly signatureHtml: string;
  readonly sender: SenderContext;
  /** Message-IDs already queued by an earlier try that failed half-way: not queued again. */
  readonly queued: Set<string>;
}

/** The outcome: sent (queued), or the error to show and where. */
export type SendOutcome =
  | { readonly ok: true; readonly count: number }
  | { readonly ok: false; readonly field: ComposeField; readonly error: AppError };

/** The OutgoingDraft of a form. */
export function outgoingDraftOf(
  form: ComposeForm,
  account: AccountView,
  context: Pick<SendContext, 'preferences' | 'signatureHtml'>,
): OutgoingDraft {
  const listUnsubscribe = context.preferences.listUnsubscribe?.trim();
  return {
    ...recipientsOf(form),
    accountId: account.id,
    messageId: form.id,
    from: senderOf(account),
    replyTo: replyToOf(account),
    subject: form.subject,
    bodyHtml: sanitizeRichText(form.bodyHtml),
    signatureHtml: context.signatureHtml,
    quote: form.quote,
    signatureBelowQuote: form.signatureBelowQuote,
    inReplyTo: form.inReplyTo,
    references: form.references,
    attachments: form.attachments,
    readReceipt: form.readReceipt,
    listUnsubscribe: listUnsubscribe === '' ? undefined : listUnsubscribe,
    fromTemplate: form.templateId !== undefined,
  };
}

/** Builds and queues the message(s) of `form`. */
export async function sendForm(
  deps: ComposeDeps,
  form: ComposeForm,
  context: SendContext,
): Promise<SendOutcome> {
  const now = deps.now();
  const fieldErrors = Object.entries(checkFields(form, now));
  const firstError = fieldErrors[0];
  if (firstError !== undefined) {
    const [field, message] = firstError as [ComposeField, string];
    return { ok: false, field, error: appError('INVALID_INPUT', message, { retryable: false }) };
  }
  const account = context.account;
  if (account === undefined || !account.enabled) {
    return {
      ok: false,
      field: 'from',
      error: appError('INVALID_INPUT', 'Choose an enabled account to send from.', {
        retryable: false,
      }),
    };
  }
  const built = buildOutgoing(
    outgoingDraftOf(form, account, context),
    context.sender,
    now.toISOString(),
    deps.random,
  );
  if (!built.ok) return { ok: false, field: 'send', error: built.error };
  const sendAt = form.sendAt === '' ? undefined : new Date(form.sendAt);
  try {
    for (const message of built.messages) {
      // Per-recipient messages after the first get new random IDs on each build: skip by
      // recipient so a retry after a half-way failure does not send anyone a second copy.
      const key = message.to.map((a) => a.address.toLowerCase()).join(',');
      if (context.queued.has(key)) continue;
      await deps.queue(message, { sendAt, templateId: form.templateId });
      context.queued.add(key);
    }
  } catch (thrown) {
    return { ok: false, field: 'send', error: toAppError(thrown) };
  }
  return { ok: true, count: built.messages.length };
}
