/**
 * The compose pane's fields, how they start (new mail, reply, reply all, forward) and how they
 * become a draft row. Starting reads the original and its body from the cache, the account's
 * compose preferences and its default signature.
 */
import type { AccountView } from '../../../shared/account';
import type { MailAddress, OutgoingAttachment, OutgoingMessage } from '../../../shared/compose';
import { formatAddressList, parseAddressList } from '../../../shared/compose/address-list';
import { newMessageId } from '../../../shared/compose/message-id';
import { joinBody } from '../../../shared/compose/outgoing';
import {
  forwardBlock,
  forwardedAttachments,
  quoteForReply,
  senderName,
  type QuoteBlock,
} from '../../../shared/compose/quote';
import {
  forwardSubject,
  replyHeaders,
  replyRecipients,
  replySubject,
} from '../../../shared/compose/reply';
import { renderSignature } from '../../../shared/templates/render-template';
import { htmlToPlainText } from '../../../shared/text/html-to-text';
import { fail } from '../../../shared/errors';
import type { DraftKind, DraftRow } from '../../db/compose-records';
import { readDraft, type DraftContent } from '../../db/draft-store';
import type { MailDb } from '../../db/mail-db';
import type {
  ComposePreferences,
  SignatureRow,
  TemplateRow,
  UserProfile,
} from '../../db/template-records';
import { defaultSignature, getComposePreferences } from '../../db/template-store';
import { fullDate } from '../mailbox/format';
import { readMessage } from '../mailbox/mailbox-queries';
import type { SelectedMessage } from '../mailbox/mailbox-view';
import { sanitizeRichText } from '../templates/sanitize-rich-text';
import type { ComposeRequest } from './composeSlice';

/** Everything the pane edits. */
export interface ComposeForm {
  /** The Message-ID, fixed when the draft is created. */
  readonly id: string;
  readonly kind: DraftKind;
  readonly accountId: string;
  readonly to: string;
  readonly cc: string;
  readonly bcc: string;
  readonly showCc: boolean;
  readonly showBcc: boolean;
  readonly subject: string;
  /** The editor's HTML: the user's own text (and a template's). */
  readonly bodyHtml: string;
  /** The chosen signature, '' for none. */
  readonly signatureId: string;
  readonly quote?: QuoteBlock;
  readonly signatureBelowQuote: boolean;
  readonly inReplyTo?: string;
  readonly references: readonly string[];
  /** Forwarded parts and staged files, in the order added. */
  readonly attachments: readonly OutgoingAttachment[];
  readonly readReceipt: boolean;
  /** A datetime-local value, '' to send at once. */
  readonly sendAt: string;
  readonly templateId?: string;
  readonly source?: SelectedMessage;
}

/** The account a new message is sent from: the original's, else the default sender. */
export function pickAccount(
  accounts: readonly AccountView[],
  preferredId?: string,
): AccountView | undefined {
  const enabled = accounts.filter((account) => account.enabled);
  return (
    enabled.find((account) => account.id === preferredId) ??
    enabled.find((account) => account.isDefaultSender) ??
    enabled[0]
  );
}

/** The account's sender as a MailAddress. */
export function senderOf(account: AccountView): MailAddress {
  return { name: account.senderName, address: account.email };
}

/** The account's Reply-To, when it has one. */
export function replyToOf(account: AccountView): MailAddress | undefined {
  const replyTo = account.replyTo?.trim() ?? '';
  return replyTo === '' ? undefined : { name: account.senderName, address: replyTo };
}

/** A signature filled in for the account, sanitized; '' without one. */
export function signatureHtml(
  signature: SignatureRow | undefined,
  profile: UserProfile,
  account: AccountView | undefined,
): string {
  if (signature === undefined) return '';
  return sanitizeRichText(
    renderSignature(signature.bodyHtml, { ...profile, email: account?.email }),
  );
}

/** What the form starts with, and the settings it was started under. */
export interface ComposeStart {
  readonly form: ComposeForm;
  readonly preferences: ComposePreferences;
  /** The stored draft being reopened: its server copy is replaced on the next save. */
  readonly existing?: DraftRow;
}

/** The form of a saved draft, as the pane left it. */
function formOfDraft(row: DraftRow): ComposeForm {
  const { message, fields } = row;
  return {
    id: row.id,
    kind: row.kind,
    accountId: row.accountId,
    to: row.typed?.to ?? formatAddressList(message.to),
    cc: row.typed?.cc ?? formatAddressList(message.cc),
    bcc: row.typed?.bcc ?? formatAddressList(message.bcc),
    showCc: fields?.showCc ?? message.cc.length > 0,
    showBcc: fields?.showBcc ?? message.bcc.length > 0,
    subject: message.subject,
    // A draft from before fields were kept: its joined HTML is the best there is.
    bodyHtml: fields?.bodyHtml ?? message.html ?? '',
    signatureId: fields?.signatureId ?? '',
    ...(fields?.quote === undefined ? {} : { quote: fields.quote }),
    signatureBelowQuote: fields?.signatureBelowQuote ?? false,
    ...(message.inReplyTo === undefined ? {} : { inReplyTo: message.inReplyTo }),
    references: message.references,
    attachments: message.attachments,
    readReceipt: message.readReceipt,
    sendAt: row.sendAt === undefined ? '' : localDateTime(row.sendAt),
    ...(row.templateId === undefined ? {} : { templateId: row.templateId }),
    ...(row.source === undefined ? {} : { source: row.source }),
  };
}

/** An ISO time as a datetime-local input value (the user's local time, minutes). */
function localDateTime(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

async function originalOf(db: MailDb, source: SelectedMessage) {
  const { message, body } = await readMessage(
    db,
    [source.accountId, source.folder, source.uidValidity, source.uid],
    source.messageKey,
  );
  return { message, body };
}

/** The fields a request starts with. */
export async function startForm(
  db: MailDb,
  request: ComposeRequest,
  accounts: readonly AccountView[],
  random: () => string,
): Promise<ComposeStart> {
  if (request.kind === 'draft') {
    const row = await readDraft(db, request.draftId);
    if (row === undefined) {
      fail('NOT_FOUND', 'This draft is gone: it was sent or discarded meanwhile.');
    }
    return {
      form: formOfDraft(row),
      preferences: await getComposePreferences(db, row.accountId),
      existing: row,
    };
  }
  const source = request.kind === 'new' ? undefined : request.source;
  const account = pickAccount(accounts, source?.accountId);
  const accountId = account?.id ?? '';
  const [preferences, signature] = await Promise.all([
    getComposePreferences(db, accountId),
    account ? defaultSignature(db, accountId) : Promise.resolve(undefined),
  ]);
  const base: ComposeForm = {
    id: newMessageId(account?.email ?? '', random),
    kind: request.kind,
    accountId,
    to: '',
    cc: '',
    bcc: '',
    showCc: false,
    showBcc: false,
    subject: '',
    bodyHtml: '',
    signatureId:
      request.kind === 'new' || preferences.signatureOnReplies ? (signature?.id ?? '') : '',
    signatureBelowQuote: preferences.signaturePlacement === 'below-quote',
    references: [],
    attachments: [],
    readReceipt: preferences.readReceiptByDefault,
    sendAt: '',
    source,
  };
  if (source === undefined) return { form: base, preferences };

  const { message, body } = await originalOf(db, source);
  if (message === undefined) return { form: base, preferences };
  const original = {
    ...message,
    text: body?.text,
    safeHtml: body?.html === undefined ? undefined : sanitizeRichText(body.html),
  };
  const formattedDate = fullDate(message.date);
  if (request.kind === 'forward') {
    return {
      preferences,
      form: {
        ...base,
        subject: forwardSubject(message.subject),
        quote: forwardBlock(original, formattedDate),
        attachments: forwardedAttachments(source, body?.attachments ?? []),
      },
    };
  }
  const mine = accounts.flatMap((a) => [a.email, a.replyTo ?? '']).filter((a) => a !== '');
  const recipients = replyRecipients(
    message,
    mine,
    request.kind === 'reply-all' ? 'reply-all' : 'reply',
  );
  const headers = replyHeaders({
    messageId: message.messageId,
    references: message.references,
    inReplyTo: message.inReplyTo,
  });
  return {
    preferences,
    form: {
      ...base,
      to: formatAddressList(recipients.to),
      cc: formatAddressList(recipients.cc),
      showCc: recipients.cc.length > 0,
      subject: replySubject(message.subject),
      quote: quoteForReply(original, { date: formattedDate, fromName: senderName(message) }),
      inReplyTo: headers.inReplyTo,
      references: headers.references,
    },
  };
}

/** The recipients of a form as parsed so far (entries that are not addresses left out). */
export function recipientsOf(form: ComposeForm): {
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
} {
  return {
    to: [...parseAddressList(form.to).addresses],
    cc: form.showCc ? [...parseAddressList(form.cc).addresses] : [],
    bcc: form.showBcc ? [...parseAddressList(form.bcc).addresses] : [],
  };
}

/** The draft row content of a form: the message as it stands, and the fields as typed. */
export function draftContentOf(
  form: ComposeForm,
  account: AccountView | undefined,
  signature: string,
  now: Date,
): DraftContent {
  const html = joinBody({
    ...form,
    bodyHtml: sanitizeRichText(form.bodyHtml),
    signatureHtml: signature,
  });
  const message: OutgoingMessage = {
    accountId: form.accountId,
    messageId: form.id,
    date: now.toISOString(),
    from: account ? senderOf(account) : { name: '', address: '' },
    replyTo: account ? replyToOf(account) : undefined,
    ...recipientsOf(form),
    subject: form.subject,
    text: htmlToPlainText(html),
    html,
    inReplyTo: form.inReplyTo,
    references: [...form.references],
    attachments: [...form.attachments],
    readReceipt: form.readReceipt,
  };
  return {
    id: form.id,
    accountId: form.accountId,
    kind: form.kind,
    message,
    templateId: form.templateId,
    source: form.source,
    typed: { to: form.to, cc: form.cc, bcc: form.bcc },
    fields: {
      bodyHtml: form.bodyHtml,
      signatureId: form.signatureId,
      ...(form.quote === undefined ? {} : { quote: form.quote }),
      signatureBelowQuote: form.signatureBelowQuote,
      showCc: form.showCc,
      showBcc: form.showBcc,
    },
    sendAt: form.sendAt === '' ? undefined : new Date(form.sendAt).toISOString(),
  };
}

/**
 * The fields a template choice changes. Its body goes before what is written; when the body is
 * still exactly the previous template's, that one is replaced instead of stacked. The subject
 * is taken on new mail or when empty (a reply keeps "Re: ...").
 */
export function pickTemplate(
  form: ComposeForm,
  templates: readonly TemplateRow[],
  template: TemplateRow | undefined,
): Partial<ComposeForm> {
  if (template === undefined) return { templateId: undefined };
  const previous = templates.find((t) => t.id === form.templateId);
  const untouched = previous !== undefined && previous.bodyHtml === form.bodyHtml;
  const keepSubject =
    form.kind !== 'new' && form.subject.trim() !== '' && form.subject !== previous?.subject;
  return {
    templateId: template.id,
    subject: keepSubject ? form.subject : template.subject,
    bodyHtml: untouched ? template.bodyHtml : `${template.bodyHtml}${form.bodyHtml}`,
  };
}
