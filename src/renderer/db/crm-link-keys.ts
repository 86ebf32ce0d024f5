/**
 * The links table holds one row per linked message with all its links (MessageLinks): linking
 * a sync batch of 500 messages then writes 500 rows, not one per link, and the links of a
 * message are one get. Each link also has a [recordType, recordId, time] entry in *recordKeys,
 * so a record's timeline is one range of that index. These helpers turn rows into the LinkRows
 * the rest of the app sees and back.
 */
import type { Collection, Table } from 'dexie';
import type { LinkRow, RecordType } from '../../shared/crm/types';
import type { MessageLinks, StoredLink } from './crm-records';

/** The links table, bound to a transaction or not. */
export type LinksTable = Table<MessageLinks, [string, string]>;

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function byRecord(a: StoredLink, b: StoredLink): number {
  return compare(a.recordType, b.recordType) || compare(a.recordId, b.recordId);
}

/** The row of a message's links (record order, so equal sets store alike). */
export function messageLinksRow(
  accountId: string,
  messageKey: string,
  time: number,
  links: readonly StoredLink[],
): MessageLinks {
  const sorted = [...links].sort(byRecord);
  return {
    accountId,
    messageKey,
    time,
    links: sorted,
    recordKeys: sorted.map((link) => [link.recordType, link.recordId, time] as const),
  };
}

/** A LinkRow as stored in its message's row. */
export function storedLink(link: LinkRow): StoredLink {
  const { recordType, recordId, kind, reason, createdAt } = link;
  return { recordType, recordId, kind, reason, createdAt };
}

/** The links of a row as LinkRows, in record order. */
export function linkRowsOf(row: MessageLinks): LinkRow[] {
  return row.links.map((link) => ({
    accountId: row.accountId,
    messageKey: row.messageKey,
    time: row.time,
    ...link,
  }));
}

/** The link of a row to one record, if it has one. */
export function linkTo(row: MessageLinks, type: RecordType, id: string): LinkRow | undefined {
  return linkRowsOf(row).find((link) => link.recordType === type && link.recordId === id);
}

/** The rows of the messages `keys` ([accountId, messageKey] pairs), undefined where none. */
export function rowsOfMessages(
  links: LinksTable,
  keys: readonly (readonly [string, string])[],
): Promise<(MessageLinks | undefined)[]> {
  return links.bulkGet(
    keys.map(([accountId, messageKey]): [string, string] => [accountId, messageKey]),
  );
}

/** The rows linked to a record, oldest first: its range of the *recordKeys index. */
export function recordLinkRange(
  t: { readonly links: LinksTable },
  type: RecordType,
  id: string,
): Collection<MessageLinks, [string, string]> {
  return t.links
    .where('recordKeys')
    .between([type, id, -Infinity], [type, id, Infinity], true, true);
}

/**
 * Rewrites the rows linked to a record: `change` gives each row's new links; a row left with
 * none goes. Run it inside the caller's transaction.
 */
export async function rewriteRecordLinks(
  t: { readonly links: LinksTable },
  type: RecordType,
  id: string,
  change: (links: readonly StoredLink[]) => StoredLink[],
): Promise<void> {
  const rows = await recordLinkRange(t, type, id).toArray();
  const put: MessageLinks[] = [];
  const remove: [string, string][] = [];
  for (const row of rows) {
    const links = change(row.links);
    if (links.length === 0) remove.push([row.accountId, row.messageKey]);
    else put.push(messageLinksRow(row.accountId, row.messageKey, row.time, links));
  }
  await t.links.bulkDelete(remove);
  await t.links.bulkPut(put);
}

/** Drops a record's links from every row (the record is being deleted). */
export function dropRecordLinks(
  t: { readonly links: LinksTable },
  type: RecordType,
  id: string,
): Promise<void> {
  return rewriteRecordLinks(t, type, id, (links) =>
    links.filter((link) => link.recordType !== type || link.recordId !== id),
  );
}
