/**
 * Message rows as the last transactions committed them, kept a short while for the CRM linker:
 * it links a sync batch right after the batch is stored, and reading its 500 rows back would
 * cost 500 IndexedDB requests. A DBCore middleware sees every write to messages; a
 * transaction's rows are kept once it commits (an aborted one leaves nothing), in commit order,
 * so a row kept is the one stored. The oldest rows go first past MAX_ROWS; what is not kept is
 * read.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreTransaction, Middleware } from 'dexie';
import type { MailDb } from './mail-db';
import type { CachedMessage } from './records';

/** Rows kept at most: a few sync batches, which the linker takes within a second. */
const MAX_ROWS = 5000;

/** A committed row, or null when the message was deleted. */
type Written = CachedMessage | null;

/** A transaction's writes, or 'unknown' when it did something the rows cannot follow. */
type Writes = Map<string, Written> | 'unknown';

function idOf(accountId: string, messageKey: string): string {
  return `${accountId}\u0000${messageKey}`;
}

/** The message rows of the last transactions that committed. */
export class RecentMessages {
  private readonly rows = new Map<string, Written>();

  /** Takes the kept row of a message: null when deleted, undefined when not kept (read it). */
  take(accountId: string, messageKey: string): Written | undefined {
    const id = idOf(accountId, messageKey);
    const row = this.rows.get(id);
    this.rows.delete(id);
    return row;
  }

  /** Keeps the writes of a transaction that committed. */
  commit(writes: Writes): void {
    if (writes === 'unknown') {
      this.clear();
      return;
    }
    for (const [id, row] of writes) {
      // Deleted first, so that the newest row is the last one in the map's order.
      this.rows.delete(id);
      this.rows.set(id, row);
    }
    for (const id of this.rows.keys()) {
      if (this.rows.size <= MAX_ROWS) break;
      this.rows.delete(id);
    }
  }

  /** Forgets every row (the database was opened again, perhaps after a delete). */
  clear(): void {
    this.rows.clear();
  }
}

/** What one mutation of the messages table wrote. */
function writesOf(req: DBCoreMutateRequest, failed: boolean, into: Writes): Writes {
  if (into === 'unknown' || failed || req.type === 'deleteRange') return 'unknown';
  if (req.type === 'delete') {
    for (const key of req.keys as readonly [string, string][]) into.set(idOf(...key), null);
    return into;
  }
  // The messages table holds CachedMessage rows; DBCore types values loosely.
  for (const row of req.values as readonly CachedMessage[]) {
    into.set(idOf(row.accountId, row.messageKey), row);
  }
  return into;
}

/**
 * The middleware that fills `recent`. DBCore's transaction is the IDBTransaction in Dexie's
 * IndexedDB layer: its 'complete' event says the writes are stored. The listener goes on before
 * Dexie's own, so that code resumed by the transaction's end already finds the rows kept.
 */
export function recentMessagesMiddleware(recent: RecentMessages): Middleware<DBCore> {
  const pending = new WeakMap<DBCoreTransaction, Writes>();
  return {
    stack: 'dbcore',
    name: 'RecentMessages',
    create(down) {
      return {
        ...down,
        transaction(stores, mode, options) {
          const trans = down.transaction(stores, mode, options);
          if (mode === 'readwrite' && stores.includes('messages')) {
            (trans as unknown as IDBTransaction).addEventListener('complete', () => {
              const writes = pending.get(trans);
              if (writes !== undefined) recent.commit(writes);
            });
          }
          return trans;
        },
        table(name) {
          const table = down.table(name);
          if (name !== 'messages') return table;
          return {
            ...table,
            mutate: async (req) => {
              const res = await table.mutate(req);
              const writes = pending.get(req.trans) ?? new Map<string, Written>();
              pending.set(req.trans, writesOf(req, res.numFailures > 0, writes));
              return res;
            },
          };
        },
      };
    },
  };
}

/**
 * The messages `keys` ([accountId, messageKey]): the rows just committed where they are kept,
 * the others read; undefined where a message is not cached.
 */
export async function takeMessages(
  db: MailDb,
  keys: readonly [string, string][],
): Promise<(CachedMessage | undefined)[]> {
  const taken = keys.map(([accountId, messageKey]) =>
    db.recentMessages.take(accountId, messageKey),
  );
  const read = await db.messages.bulkGet(keys.filter((_, i) => taken[i] === undefined));
  let next = 0;
  return taken.map((row) => {
    if (row !== undefined) return row ?? undefined;
    next += 1;
    return read[next - 1];
  });
}
