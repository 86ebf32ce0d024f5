/**
 * The CRM's tables bound to one transaction (the same reason as cache-tables.ts: native
 * async/await may lose Dexie's zone across nested helpers, and a write then escapes the
 * transaction). Helpers take these, never the database, while a transaction is open.
 */
import type { Table } from 'dexie';
import type {
  CaseRecord,
  DealRecord,
  FollowUpRow,
  LinkSuppression,
  RoutingRule,
} from '../../shared/crm/types';
import { tablesTransaction, type TableSet } from './cache-tables';
import type { LinkGroup, StoredCompany, StoredContact } from './crm-records';
import type { MailDb } from './mail-db';
import type { CachedMessage, Membership, MembershipKey } from './records';
import type { PreferenceRow } from './template-records';

/** The tables CRM code reads and writes. */
export interface CrmTables {
  readonly messages: Table<CachedMessage, [string, string]>;
  readonly memberships: Table<Membership, MembershipKey>;
  readonly preferences: Table<PreferenceRow, string>;
  readonly contacts: Table<StoredContact, string>;
  readonly companies: Table<StoredCompany, string>;
  readonly deals: Table<DealRecord, string>;
  readonly cases: Table<CaseRecord, string>;
  readonly routingRules: Table<RoutingRule, string>;
  readonly linkGroups: Table<LinkGroup, number>;
  readonly linkSuppressions: Table<LinkSuppression, string>;
  readonly followUps: Table<FollowUpRow, [string, string]>;
}

type CrmTableName = keyof CrmTables;

/** Runs `body` in one transaction over `names`; touching another table fails at once. */
export function inCrmTransaction<T>(
  db: MailDb,
  mode: 'r' | 'rw',
  names: readonly CrmTableName[],
  body: (tables: CrmTables) => Promise<T>,
): Promise<T> {
  return tablesTransaction(db, mode, names, CRM_TABLES, body);
}

/** Every CRM table, once. */
const CRM_TABLES: TableSet<CrmTables> = {
  messages: true,
  memberships: true,
  preferences: true,
  contacts: true,
  companies: true,
  deals: true,
  cases: true,
  routingRules: true,
  linkGroups: true,
  linkSuppressions: true,
  followUps: true,
};
