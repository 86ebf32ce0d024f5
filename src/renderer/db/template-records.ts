/**
 * Rows of templates and signatures. Templates are the user's own or shared with the team;
 * signatures belong to one account. Both hold rich text (sanitized HTML) with {variables}.
 */
import type { CrmPipeline, CrmSettings } from './crm-records';

/** A reusable message: subject and body with variables such as {contact.first_name|there}. */
export interface TemplateRow {
  readonly id: string;
  readonly name: string;
  readonly scope: 'mine' | 'shared';
  readonly subject: string;
  /** Rich text (HTML). */
  readonly bodyHtml: string;
  readonly updatedAt: string;
}

/** A signature of one account, with variables ({user.name}, {user.title}, ...). */
export interface SignatureRow {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  /** Rich text (HTML). */
  readonly bodyHtml: string;
  /** The account's default, inserted on new mail (and on replies when the account says so). */
  readonly isDefault: boolean;
  readonly updatedAt: string;
}

/** One use of a template in a sent message (for analytics later). */
export interface TemplateUsageRow {
  readonly id?: number;
  readonly templateId: string;
  readonly accountId: string;
  readonly messageId: string;
  /** ISO 8601. */
  readonly usedAt: string;
}

/** Who the user is, for {user.*} and {company.name} in signatures and templates. */
export interface UserProfile {
  readonly name: string;
  readonly title: string;
  readonly phone: string;
  readonly companyName: string;
}

/** How compose behaves for one account. */
export interface ComposePreferences {
  /** Insert the default signature on replies and forwards too (always on new mail). */
  readonly signatureOnReplies: boolean;
  readonly signaturePlacement: 'above-quote' | 'below-quote';
  /** A List-Unsubscribe header value added to every message, when set. */
  readonly listUnsubscribe?: string;
  /** Attachments above this total (MB) get a warning: the provider's limit. */
  readonly attachmentLimitMb: number;
  readonly readReceiptByDefault: boolean;
}

/**
 * A renderer-side preference: 'profile' (UserProfile), 'compose:ACCOUNT_ID' (ComposePreferences),
 * 'crm:settings' (CrmSettings) or 'crm:pipeline' (CrmPipeline).
 */
export interface PreferenceRow {
  readonly key: string;
  readonly value: UserProfile | ComposePreferences | CrmSettings | CrmPipeline;
}
