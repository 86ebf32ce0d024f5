/**
 * Folder-level removals shared by sync batches and the action queue. A message row lives as long
 * as at least one membership (in any folder, placeholders included) points at it.
 * Call these inside a rw transaction over memberships, messages and bodies.
 */
import Dexie from 'dexie';
import type { CacheTables } from './cache-tables';
import { settleAll } from './settle-all';

/** Deletes the messages (and bodies) among `messageKeys` that no membership points at any more. */
export async function deleteOrphans(
  t: CacheTables,
  accountId: string,
  messageKeys: Iterable<string>,
): Promise<number> {
  const candidates = [...new Set(messageKeys)];
  if (candidates.length === 0) return 0;
  // One index walk for all candidates instead of a query per message (a reset may drop 100,000).
  const stillUsed = await t.memberships
    .where('[accountId+messageKey]')
    .anyOf(candidates.map((key) => [accountId, key]))
    .keys();
  // Index keys of [accountId+messageKey] are [accountId, messageKey] pairs.
  const used = new Set(stillUsed.map((key) => (key as unknown as [string, string])[1]));
  const orphans = candidates
    .filter((key) => !used.has(key))
    .map((key): [string, string] => [accountId, key]);
  if (orphans.length === 0) return 0;
  await settleAll([t.messages.bulkDelete(orphans), t.bodies.bulkDelete(orphans)]);
  return orphans.length;
}

/**
 * Drops a folder's memberships, of every UIDVALIDITY unless `keepUidValidity` is given, and the
 * messages left in no folder. Returns how many memberships went.
 */
export async function dropFolder(
  t: CacheTables,
  accountId: string,
  folder: string,
  keepUidValidity?: number,
): Promise<number> {
  const inFolder = t.memberships
    .where('[accountId+folder+uidValidity+uid]')
    .between(
      [accountId, folder, Dexie.minKey, Dexie.minKey],
      [accountId, folder, Dexie.maxKey, Dexie.maxKey],
    )
    .filter((row) => row.uidValidity !== keepUidValidity);
  const rows = await inFolder.toArray();
  if (rows.length === 0) return 0;
  await t.memberships.bulkDelete(
    rows.map((row): [string, string, number, number] => [
      accountId,
      folder,
      row.uidValidity,
      row.uid,
    ]),
  );
  await deleteOrphans(
    t,
    accountId,
    rows.map((row) => row.messageKey),
  );
  return rows.length;
}
