/**
 * CRM records and the links between mail and records. Everything here is stored locally (the
 * renderer's Dexie database, schema v5) and computed by the pure engine in src/shared/crm/:
 * a link always says why it exists, and a link the user removed stays removed.
 */
import type { MailAddress } from '../sync';

/** Where a record came from. */
export type RecordSource = 'manual' | 'import' | 'auto';

export interface ContactRecord {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  /** As entered, lower case; the first is the primary address. */
  readonly addresses: readonly string[];
  readonly phone: string;
  readonly title: string;
  readonly companyId?: string;
  /** Who in the team looks after the contact (free text for now: a name or address). */
  readonly owner: string;
  readonly notes: string;
  readonly tags: readonly string[];
  readonly source: RecordSource;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CompanyRecord {
  readonly id: string;
  readonly name: string;
  /** Lower case, without "www."; never a free-mail domain. */
  readonly domains: readonly string[];
  readonly source: RecordSource;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface DealRecord {
  readonly id: string;
  readonly name: string;
  /** One of the pipeline's stage names (the pipeline is a user preference). */
  readonly stage: string;
  readonly status: 'open' | 'won' | 'lost';
  readonly value?: number;
  readonly currency?: string;
  /** YYYY-MM-DD. */
  readonly closeDate?: string;
  readonly contactIds: readonly string[];
  readonly companyId?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A ticket or lead a routing rule created for a thread. */
export interface CaseRecord {
  readonly id: string;
  readonly kind: 'ticket' | 'lead';
  readonly ruleId: string;
  readonly accountId: string;
  /** The thread the case belongs to (see threadKeyOf); one case per rule and thread. */
  readonly threadKey: string;
  readonly subject: string;
  /** The first sender. */
  readonly requester: string;
  readonly status: 'open' | 'closed';
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** "Mail to this address creates a ticket/lead linked to the thread" ("Append to"). */
export interface RoutingRule {
  readonly id: string;
  readonly name: string;
  /** Lower case, e.g. support@acme.io. */
  readonly address: string;
  readonly kind: 'ticket' | 'lead';
  readonly enabled: boolean;
}

export type RecordType = 'contact' | 'company' | 'deal' | 'case';

export interface RecordRef {
  readonly type: RecordType;
  readonly id: string;
}

/** Why a link exists. */
export type LinkKind = 'address' | 'name' | 'domain' | 'deal' | 'routing' | 'manual';

/** One message linked to one record, with the reason shown to the user. */
export interface LinkRow {
  readonly accountId: string;
  readonly messageKey: string;
  readonly recordType: RecordType;
  readonly recordId: string;
  readonly kind: LinkKind;
  /** For the user: "address anna@acme.io", "domain acme.io", "deal Q3 renewal via Anna Berg". */
  readonly reason: string;
  /** The message date (ms since the epoch): timelines sort by it. */
  readonly time: number;
  readonly createdAt: string;
}

/**
 * What the user said no to: a link removed by hand (never recreated by a relink), or "never
 * link this address / domain".
 *   unlink:<accountId>:<messageKey>:<recordType>:<recordId> | never-address:<address> | never-domain:<domain>
 */
export interface LinkSuppression {
  readonly key: string;
  readonly createdAt: string;
}

/** The parts of a cached message the CRM looks at. */
export interface CrmMessage {
  readonly accountId: string;
  readonly messageKey: string;
  readonly messageId?: string;
  readonly gmailThreadId?: string;
  readonly inReplyTo?: string;
  readonly references: readonly string[];
  readonly subject: string;
  readonly from: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  /** ISO 8601. */
  readonly date: string;
  /** When the server received it (ISO 8601), where known: orders a timeline when `date` lies. */
  readonly internalDate?: string;
  readonly listId?: string;
  readonly listUnsubscribe?: string;
  readonly autoSubmitted?: string;
  readonly precedence?: string;
  /** True when the account's own address sent it (in Sent, or From is the account). */
  readonly outgoing: boolean;
}

/** "Not replied after N hours": a received message from a linked contact waiting for us. */
export interface FollowUpRow {
  readonly accountId: string;
  readonly messageKey: string;
  readonly threadKey: string;
  readonly contactId: string;
  /** ISO 8601: when the reminder is due. */
  readonly dueAt: string;
  readonly state: 'waiting' | 'due' | 'notified' | 'cleared';
}
