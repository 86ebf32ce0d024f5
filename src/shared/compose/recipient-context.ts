/**
 * The template context for one recipient: what the CRM knows of its contact (names, title,
 * phone, company, open deal), else the display name it writes with ("Anna Berg" → Anna, Berg).
 */
import type { MailAddress } from '../compose';
import type { TemplateContext } from '../templates/variables';

/** First and last name read from a display name; none from an empty name or a bare address. */
export function splitDisplayName(name: string): { firstName?: string; lastName?: string } {
  const cleaned = name.replace(/["']/g, '').trim();
  if (cleaned === '' || cleaned.includes('@')) return {};
  // "Berg, Anna" is written last name first.
  const comma = cleaned.indexOf(',');
  if (comma > 0) {
    const lastName = cleaned.slice(0, comma).trim();
    const firstName = cleaned
      .slice(comma + 1)
      .trim()
      .split(/\s+/)[0];
    return { firstName: firstName || undefined, lastName: lastName || undefined };
  }
  const words = cleaned.split(/\s+/);
  if (words.length === 1) return { firstName: words[0] };
  return { firstName: words[0], lastName: words.slice(1).join(' ') };
}

/**
 * What the CRM knows of one recipient address: its contact, the contact's company and its most
 * recent open deal. Blank values count as unknown.
 */
export interface RecipientRecord {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly title?: string;
  readonly phone?: string;
  readonly companyName?: string;
  readonly companyDomain?: string;
  readonly dealName?: string;
  readonly dealStage?: string;
  /** Formatted for people ("12,000 EUR"). */
  readonly dealValue?: string;
}

/**
 * Who sends: the profile and the sending account's address, and what the CRM knows of the
 * recipients (the same for every recipient of one message, so it travels with the sender).
 */
export interface SenderContext {
  readonly name?: string;
  readonly title?: string;
  readonly phone?: string;
  readonly companyName?: string;
  readonly email: string;
  /** The signature in use, sanitized HTML, for {signature}. */
  readonly signatureHtml?: string;
  /** The CRM's records by recipient address (lower case); absent before the lookup is done. */
  readonly knownRecipients?: ReadonlyMap<string, RecipientRecord>;
}

/** `value` unless it is blank. */
function known(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The context a template is rendered with for `recipient`. */
export function templateContextFor(recipient: MailAddress, sender: SenderContext): TemplateContext {
  const named = splitDisplayName(recipient.name);
  const record = sender.knownRecipients?.get(recipient.address.trim().toLowerCase());
  // The contact's own names win over the display name: they are what the user entered.
  const firstName = known(record?.firstName) ?? named.firstName;
  const lastName =
    known(record?.lastName) ?? (known(record?.firstName) ? undefined : named.lastName);
  return {
    contact: {
      firstName,
      lastName,
      email: recipient.address,
      company: known(record?.companyName),
      title: known(record?.title),
      phone: known(record?.phone),
    },
    company: { name: known(record?.companyName), domain: known(record?.companyDomain) },
    deal: {
      name: known(record?.dealName),
      stage: known(record?.dealStage),
      value: known(record?.dealValue),
    },
    user: {
      name: sender.name,
      title: sender.title,
      phone: sender.phone,
      email: sender.email,
      companyName: sender.companyName,
    },
    signatureHtml: sender.signatureHtml,
  };
}

/** True when a text uses a variable that differs per recipient ({contact.*}, {company.*}, {deal.*}). */
export function usesRecipientVariables(...texts: readonly string[]): boolean {
  return texts.some((text) => /\{\s*(contact|company|deal)\.[a-z_]+/i.test(text));
}
