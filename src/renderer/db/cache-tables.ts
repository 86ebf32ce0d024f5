/**
 * The cache's tables as one object, bound to a transaction. Dexie finds the current transaction
 * through its zone, which native async/await does not always carry through several nested async
 * functions: a write then escapes into a transaction of its own and the outer one commits early
 * (PrematureCommitError). Tables taken from the transaction object are bound to it explicitly,
 * so helpers receive these instead of the database.
 */
import type { Table, Transaction } from 'dexie';
import type { MailDb } from './mail-db';
import type {
  CachedBody,
  CachedMessage,
  CheckpointRow,
  Membership,
  MembershipKey,
  QueuedAction,
  SyncRunRow,
} from './records';

/** The tables helpers work on; a MailDb is one too (each call then runs on its own). */
export interface CacheTables {
  readonly messages: Table<CachedMessage, [string, string]>;
  readonly memberships: Table<Membership, MembershipKey>;
  readonly bodies: Table<CachedBody, [string, string]>;
  readonly checkpoints: Table<CheckpointRow, [string, string]>;
  readonly syncRuns: Table<SyncRunRow, number>;
  readonly actionQueue: Table<QueuedAction, number>;
}

type TableName = keyof CacheTables;

/**
 * Runs `body` in one transaction over `names`, with tables bound to it. Touching a table not in
 * `names` fails at once (Dexie: "not part of transaction").
 */
export function inTransaction<T>(
  db: MailDb,
  mode: 'r' | 'rw',
  names: readonly TableName[],
  body: (tables: CacheTables) => Promise<T>,
): Promise<T> {
  return tablesTransaction(db, mode, names, CACHE_TABLES, body);
}

/** Every cache table, once: bindTables makes a getter for each. */
const CACHE_TABLES: TableSet<CacheTables> = {
  messages: true,
  memberships: true,
  bodies: true,
  checkpoints: true,
  syncRuns: true,
  actionQueue: true,
};

/** The names of an interface of tables, each listed exactly once (the compiler checks). */
export type TableSet<T> = { readonly [K in keyof T]: true };

/**
 * The tables of `names`, each a getter that asks `tx` for it: the transaction refuses a table
 * outside its scope at once, instead of a write escaping into a transaction of its own.
 */
export function bindTables<T extends object>(tx: Transaction, names: TableSet<T>): T {
  const bound = {};
  for (const name of Object.keys(names)) {
    Object.defineProperty(bound, name, { get: () => tx.table(name), enumerable: true });
  }
  // The interface declares each table's row and key types; Dexie's tx.table is untyped.
  return bound as T;
}

/**
 * Runs `body` in one transaction over `names` of the database's tables, with the tables of
 * `set` bound to it (the cache's and the CRM's transactions are both this).
 */
export function tablesTransaction<T extends object, R>(
  db: MailDb,
  mode: 'r' | 'rw',
  names: readonly (keyof T & keyof MailDb)[],
  set: TableSet<T>,
  body: (tables: T) => Promise<R>,
): Promise<R> {
  return db.transaction(
    mode,
    names.map((name) => db[name] as Table),
    (tx: Transaction) => body(bindTables<T>(tx, set)),
  );
}
