/**
 * The CRM's tables bound to one transaction (the same reason as cache-tables.ts: native
 * async/await may lose Dexie's zone across nested helpers, and a write then escapes the
 * transaction). Helpers take these, never the database, while a transaction is open.
 */
import type { Collection, Table, Transaction } from 'dexie';
import type {
  CaseRecord,
  DealRecord,
  FollowUpRow,
  LinkRow,
  LinkSuppression,
  RoutingRule,
} from '../../shared/crm/types';
import type { StoredCompany, StoredContact } from './crm-records';
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
  readonly links: Table<LinkRow, [string, string, string, string]>;
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
  return db.transaction(
    mode,
    names.map((name) => db[name]),
    (tx: Transaction) =>
      body({
        get messages() {
          return tx.table<CachedMessage, [string, string]>('messages');
        },
        get memberships() {
          return tx.table<Membership, MembershipKey>('memberships');
        },
        get preferences() {
          return tx.table<PreferenceRow, string>('preferences');
        },
        get contacts() {
          return tx.table<StoredContact, string>('contacts');
        },
        get companies() {
          return tx.table<StoredCompany, string>('companies');
        },
        get deals() {
          return tx.table<DealRecord, string>('deals');
        },
        get cases() {
          return tx.table<CaseRecord, string>('cases');
        },
        get routingRules() {
          return tx.table<RoutingRule, string>('routingRules');
        },
        get links() {
          return tx.table<LinkRow, [string, string, string, string]>('links');
        },
        get linkSuppressions() {
          return tx.table<LinkSuppression, string>('linkSuppressions');
        },
        get followUps() {
          return tx.table<FollowUpRow, [string, string]>('followUps');
        },
      }),
  );
}

/** A record's links: the [recordType+recordId+time] range of one record. */
export function recordLinkRange(
  t: Pick<CrmTables, 'links'>,
  recordType: string,
  recordId: string,
): Collection<LinkRow, [string, string, string, string]> {
  return t.links
    .where('[recordType+recordId+time]')
    .between([recordType, recordId, -Infinity], [recordType, recordId, Infinity], true, true);
}
