/**
 * The template context for one recipient. Until the CRM supplies contact data, what is known of
 * a contact is its address and the display name it writes with ("Anna Berg" → Anna, Berg).
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

/** Who sends: the profile and the sending account's address. */
export interface SenderContext {
  readonly name?: string;
  readonly title?: string;
  readonly phone?: string;
  readonly companyName?: string;
  readonly email: string;
  /** The signature in use, sanitized HTML, for {signature}. */
  readonly signatureHtml?: string;
}

/** The context a template is rendered with for `recipient`. */
export function templateContextFor(recipient: MailAddress, sender: SenderContext): TemplateContext {
  const { firstName, lastName } = splitDisplayName(recipient.name);
  return {
    contact: { firstName, lastName, email: recipient.address },
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
