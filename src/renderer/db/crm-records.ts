/**
 * CRM rows as stored: the shared records plus the index keys Dexie needs. nameKeys are the
 * contact's full name and "last, first" in lower case, without accents (display-name matching);
 * nameKey is a company's lower-case name (duplicates, search).
 */
import type { CompanyRecord, ContactRecord } from '../../shared/crm/types';

export interface StoredContact extends ContactRecord {
  readonly nameKeys: readonly string[];
}

export interface StoredCompany extends CompanyRecord {
  readonly nameKey: string;
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
