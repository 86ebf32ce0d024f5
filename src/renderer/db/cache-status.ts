/**
 * The numbers of an account's status view, read from the cache: messages held, per-folder
 * counts, received and sent today, and what waits in the outbox.
 */
import Dexie from 'dexie';
import type { FolderMapping } from '../../shared/account';
import { cachedFolders, countFolder, countUnread } from './cache-queries';
import { inTransaction, type CacheTables } from './cache-tables';
import type { MailDb } from './mail-db';

/** A cached folder's counts. */
export interface FolderCount {
  readonly folder: string;
  readonly messages: number;
  readonly unread: number;
}

/** An account's cache as the status view shows it. */
export interface CacheStatus {
  /** Distinct messages (one per messageKey, however many folders hold it). */
  readonly messages: number;
  readonly folders: readonly FolderCount[];
  /** Distinct messages dated today in folders other than Sent, Drafts, Trash and Junk. */
  readonly receivedToday: number;
  /** Distinct messages dated today in the Sent folder. */
  readonly sentToday: number;
  readonly pendingActions: number;
  readonly failedActions: number;
}

/** Local midnight of `now`, in ms. */
function startOfDay(now: Date): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
}

async function keysSince(
  t: CacheTables,
  accountId: string,
  folder: string,
  since: number,
): Promise<string[]> {
  const rows = await t.memberships
    .where('[accountId+folder+time]')
    .between([accountId, folder, since], [accountId, folder, Dexie.maxKey])
    .toArray();
  // Placeholders (negative UIDs) are the user's own pending moves, not mail received.
  return rows.filter((row) => row.uid > 0).map((row) => row.messageKey);
}

/** Reads the account's status numbers; `mapping` says which folder is Sent (by role). */
export async function readCacheStatus(
  db: MailDb,
  accountId: string,
  mapping: FolderMapping,
  now: Date,
): Promise<CacheStatus> {
  const tables = ['messages', 'memberships', 'checkpoints', 'actionQueue'] as const;
  return inTransaction(db, 'r', tables, async (t) => {
    const folders = await cachedFolders(t, accountId);
    const since = startOfDay(now);
    const notReceived = new Set([mapping.sent, mapping.drafts, mapping.trash, mapping.junk]);
    const received = new Set<string>();
    const sent = new Set<string>();
    const counts: FolderCount[] = [];
    for (const folder of folders) {
      counts.push({
        folder,
        messages: await countFolder(t, accountId, folder),
        unread: await countUnread(t, accountId, folder),
      });
      if (folder === mapping.sent) {
        for (const key of await keysSince(t, accountId, folder, since)) sent.add(key);
      } else if (!notReceived.has(folder)) {
        for (const key of await keysSince(t, accountId, folder, since)) received.add(key);
      }
    }
    const messages = await t.messages
      .where('[accountId+messageKey]')
      .between([accountId, Dexie.minKey], [accountId, Dexie.maxKey])
      .count();
    const actions = await t.actionQueue
      .where('[accountId+state]')
      .anyOf([
        [accountId, 'queued'],
        [accountId, 'sending'],
        [accountId, 'failed'],
      ])
      .toArray();
    return {
      messages,
      folders: counts,
      receivedToday: received.size,
      sentToday: sent.size,
      pendingActions: actions.filter((a) => a.state !== 'failed').length,
      failedActions: actions.filter((a) => a.state === 'failed').length,
    };
  });
}
