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
  return db.transaction(
    mode,
    names.map((name) => db[name]),
    (tx: Transaction) =>
      // Getters: the transaction refuses to hand out a table outside its scope.
      body({
        get messages() {
          return tx.table<CachedMessage, [string, string]>('messages');
        },
        get memberships() {
          return tx.table<Membership, MembershipKey>('memberships');
        },
        get bodies() {
          return tx.table<CachedBody, [string, string]>('bodies');
        },
        get checkpoints() {
          return tx.table<CheckpointRow, [string, string]>('checkpoints');
        },
        get syncRuns() {
          return tx.table<SyncRunRow, number>('syncRuns');
        },
        get actionQueue() {
          return tx.table<QueuedAction, number>('actionQueue');
        },
      }),
  );
}
