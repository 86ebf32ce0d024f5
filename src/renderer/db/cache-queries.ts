/**
 * Reads for the reading UI. Every list read is one index range plus a bulkGet of the page's
 * message rows, so its cost follows the page size, not the folder size (100,000 messages).
 * Wrap them in liveQuery / useLiveQuery to follow changes.
 */
import Dexie from 'dexie';
import { AppFailure } from '../../shared/errors';
import { bodyHasAttachments, type MessageBody } from '../../shared/sync';
import { inTransaction, type CacheTables } from './cache-tables';
import type { MailDb } from './mail-db';
import { snippetOf, toCachedBody } from './message-rows';
import type { CachedBody, CachedMessage, Membership } from './records';
import { storageError } from './storage-errors';

/** One line of a folder list: where the message is (with its flags) and its headers. */
export interface FolderRow {
  readonly membership: Membership;
  readonly message: CachedMessage;
}

function folderByDate(t: CacheTables, accountId: string, folder: string) {
  return t.memberships
    .where('[accountId+folder+time]')
    .between([accountId, folder, Dexie.minKey], [accountId, folder, Dexie.maxKey]);
}

/** A page of a folder, newest first. */
export async function listFolderPage(
  db: MailDb,
  accountId: string,
  folder: string,
  offset: number,
  limit: number,
): Promise<FolderRow[]> {
  return inTransaction(db, 'r', ['memberships', 'messages'], async (t) => {
    const memberships = await folderByDate(t, accountId, folder)
      .reverse()
      .offset(offset)
      .limit(limit)
      .toArray();
    const messages = await t.messages.bulkGet(
      memberships.map((m): [string, string] => [accountId, m.messageKey]),
    );
    return memberships.flatMap((membership, i) => {
      const message = messages[i];
      return message === undefined ? [] : [{ membership, message }];
    });
  });
}

/** How many messages a folder holds in the cache. */
export function countFolder(t: CacheTables, accountId: string, folder: string): Promise<number> {
  return folderByDate(t, accountId, folder).count();
}

/** How many of a folder's messages are unread. */
export function countUnread(t: CacheTables, accountId: string, folder: string): Promise<number> {
  return t.memberships.where('[accountId+folder+unread]').equals([accountId, folder, 1]).count();
}

/** The folders the account has synced at least once (they have a checkpoint). */
export async function cachedFolders(t: CacheTables, accountId: string): Promise<string[]> {
  const keys = await t.checkpoints
    .where('[accountId+folder]')
    .between([accountId, Dexie.minKey], [accountId, Dexie.maxKey])
    .primaryKeys();
  return keys.map(([, folder]) => folder);
}

/** A message's folders (its memberships), e.g. to show its labels. */
export function membershipsOf(
  db: MailDb,
  accountId: string,
  messageKey: string,
): Promise<Membership[]> {
  return db.memberships.where('[accountId+messageKey]').equals([accountId, messageKey]).toArray();
}

/** The cached body, if it was downloaded. */
export function getBody(
  db: MailDb,
  accountId: string,
  messageKey: string,
): Promise<CachedBody | undefined> {
  return db.bodies.get([accountId, messageKey]);
}

/** Stores a body fetched on demand ('messages.body'), with the message's snippet. */
export async function storeBody(
  db: MailDb,
  accountId: string,
  messageKey: string,
  body: MessageBody,
): Promise<void> {
  try {
    await inTransaction(db, 'rw', ['bodies', 'messages'], async (t) => {
      const message = await t.messages.get([accountId, messageKey]);
      // The message may have been expunged while its body was downloading: keep no orphan.
      if (message === undefined) return;
      await t.bodies.put(toCachedBody(accountId, messageKey, body));
      await t.messages.put({
        ...message,
        hasBody: true,
        snippet: snippetOf(body),
        hasAttachments: bodyHasAttachments(body),
      });
    });
  } catch (thrown) {
    throw new AppFailure(storageError(thrown, 'the message body'));
  }
}
