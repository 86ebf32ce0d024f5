/**
 * CRM rows as stored: the shared records plus the index keys Dexie needs. nameKeys are the
 * contact's full name and "last, first" in lower case, without accents (display-name matching);
 * nameKey is a company's lower-case name (duplicates, search).
 */
import type {
  CompanyRecord,
  ContactRecord,
  LinkKind,
  LinkRow,
  RecordType,
} from '../../shared/crm/types';

export interface StoredContact extends ContactRecord {
  readonly nameKeys: readonly string[];
}

export interface StoredCompany extends CompanyRecord {
  readonly nameKey: string;
}

/** A link inside its message's row: LinkRow less what the row holds once. */
export type StoredLink = Pick<LinkRow, 'recordType' | 'recordId' | 'kind' | 'reason' | 'createdAt'>;

/**
 * The links of one message: what linking reads and writes. Stored inside a LinkGroup, never on
 * its own.
 */
export interface MessageLinks {
  readonly accountId: string;
  readonly messageKey: string;
  /** The message date (ms since the epoch), the time of each of its links. */
  readonly time: number;
  readonly links: readonly StoredLink[];
}

/**
 * One link as an index key: [recordType, recordId, time, accountId, messageKey, kind, reason,
 * createdAt]. A record's timeline is one range of the *links index, read as keys alone.
 */
export type LinkKey = readonly [
  RecordType,
  string,
  number,
  string,
  string,
  LinkKind,
  string,
  string,
];

/**
 * A row of linkGroups: the links of up to GROUP_MAX messages written together (crm-link-keys.ts).
 * messages holds [accountId, messageKey] of each (a unique multiEntry index: a message is in one
 * group at most); links holds one LinkKey per link, the only copy of them.
 */
export interface LinkGroup {
  readonly id?: number;
  readonly messages: readonly (readonly [string, string])[];
  readonly links: readonly LinkKey[];
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
