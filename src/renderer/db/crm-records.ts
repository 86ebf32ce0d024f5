/**
 * CRM rows as stored: the shared records plus the index keys Dexie needs. nameKeys are the
 * contact's full name and "last, first" in lower case, without accents (display-name matching);
 * nameKey is a company's lower-case name (duplicates, search).
 */
import type { CompanyRecord, ContactRecord, LinkRow, RecordType } from '../../shared/crm/types';

export interface StoredContact extends ContactRecord {
  readonly nameKeys: readonly string[];
}

export interface StoredCompany extends CompanyRecord {
  readonly nameKey: string;
}

/** A link inside its message's row: LinkRow less what the row holds once. */
export type StoredLink = Pick<LinkRow, 'recordType' | 'recordId' | 'kind' | 'reason' | 'createdAt'>;

/** A record's place on its timeline: [recordType, recordId, message time]. */
export type RecordKey = readonly [RecordType, string, number];

/**
 * The links of one message, one row per message that has any (crm-link-keys.ts). recordKeys
 * holds one RecordKey per link for the *recordKeys index: a record's timeline is one index
 * range, newest first.
 */
export interface MessageLinks {
  readonly accountId: string;
  readonly messageKey: string;
  /** The message date (ms since the epoch), the time of each of its links. */
  readonly time: number;
  readonly links: readonly StoredLink[];
  readonly recordKeys: readonly RecordKey[];
}

/** How the CRM behaves; one preference row ('crm:settings'). */
export interface CrmSettings {
  /** Create contacts (and companies) from new mail by itself; off until the user opts in. */
  readonly autoCreate: boolean;
  readonly autoCreateCompanies: boolean;
  /** Addresses or domains never turned into records ("*@noreply.*", "billing@"). */
  readonly excludePatterns: readonly string[];
  /** "Not replied after N hours", unless the account has its own value. */
  readonly followUpHours: number;
  readonly followUpByAccount: Readonly<Record<string, number | undefined>>;
  readonly notifyFollowUps: boolean;
}

/** The deal stages in order; one preference row ('crm:pipeline'). */
export interface CrmPipeline {
  readonly stages: readonly string[];
}
