/**
 * Links are stored in groups (LinkGroup): the links of up to GROUP_MAX messages in one row,
 * written together. Each IndexedDB request costs far more than its size (tens of microseconds
 * in Chromium whatever the row holds), so linking a sync batch of 500 messages writes one row,
 * not 500, and a full relink of 50,000 messages about a hundred. Each link is also a key of the
 * *links index ([recordType, recordId, time, ...the rest of the link]), so a record's timeline
 * is one index range read as keys, without the rows. These helpers turn groups into the
 * MessageLinks and LinkRows the rest of the app sees and back.
 */
import type { Collection, Table } from 'dexie';
import type { LinkRow, RecordType } from '../../shared/crm/types';
import type { LinkGroup, LinkKey, MessageLinks, StoredLink } from './crm-records';

/** The linkGroups table, bound to a transaction or not. */
export type LinkGroupsTable = Table<LinkGroup, number>;

/** Messages per group at most: a group is read whole to show the links of one message. */
export const GROUP_MAX = 500;

/** [accountId, messageKey] of a message. */
export type MessageRef = readonly [string, string];

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function byRecord(a: StoredLink, b: StoredLink): number {
  return compare(a.recordType, b.recordType) || compare(a.recordId, b.recordId);
}

/** A message's identity as one string (map keys). */
export function messageIdOf(row: {
  readonly accountId: string;
  readonly messageKey: string;
}): string {
  return `${row.accountId}\u0000${row.messageKey}`;
}

/** The row of a message's links (record order, so equal sets store alike). */
export function messageLinksRow(
  accountId: string,
  messageKey: string,
  time: number,
  links: readonly StoredLink[],
): MessageLinks {
  return { accountId, messageKey, time, links: [...links].sort(byRecord) };
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

/** The LinkRow an index key stands for. */
export function linkOfKey(key: LinkKey): LinkRow {
  const [recordType, recordId, time, accountId, messageKey, kind, reason, createdAt] = key;
  return { accountId, messageKey, recordType, recordId, kind, reason, time, createdAt };
}

/** The group row holding `rows` (each with at least one link). */
export function groupOf(rows: readonly MessageLinks[], id?: number): LinkGroup {
  const links: LinkKey[] = [];
  for (const row of rows) {
    for (const l of row.links) {
      links.push([
        l.recordType,
        l.recordId,
        row.time,
        row.accountId,
        row.messageKey,
        l.kind,
        l.reason,
        l.createdAt,
      ]);
    }
  }
  return {
    ...(id === undefined ? {} : { id }),
    messages: rows.map((row): MessageRef => [row.accountId, row.messageKey]),
    links,
  };
}

/** Groups of at most GROUP_MAX of `rows`, in their order. */
export function groupsOf(rows: readonly MessageLinks[]): LinkGroup[] {
  const groups: LinkGroup[] = [];
  for (let start = 0; start < rows.length; start += GROUP_MAX) {
    groups.push(groupOf(rows.slice(start, start + GROUP_MAX)));
  }
  return groups;
}

/** The rows of a group, in its order. */
export function rowsOfGroup(group: LinkGroup): MessageLinks[] {
  const rows = new Map<string, { time: number; links: StoredLink[] }>();
  for (const key of group.links) {
    const [recordType, recordId, time, accountId, messageKey, kind, reason, createdAt] = key;
    const id = messageIdOf({ accountId, messageKey });
    const row = rows.get(id) ?? { time, links: [] };
    rows.set(id, row);
    row.links.push({ recordType, recordId, kind, reason, createdAt });
  }
  return group.messages.flatMap(([accountId, messageKey]) => {
    const row = rows.get(messageIdOf({ accountId, messageKey }));
    return row === undefined ? [] : [{ accountId, messageKey, time: row.time, links: row.links }];
  });
}

/**
 * The id of the group holding each message, undefined where none: one request per message, all
 * issued at once (a cursor over anyOf would wait for each jump).
 */
export function groupIdsOf(
  table: LinkGroupsTable,
  keys: readonly MessageRef[],
): Promise<(number | undefined)[]> {
  return Promise.all(
    keys.map(
      async (key) =>
        (
          await table
            .where('messages')
            .equals([...key])
            .primaryKeys()
        )[0],
    ),
  );
}

/** The rows of the messages `keys`, undefined where none. */
export async function rowsOfMessages(
  table: LinkGroupsTable,
  keys: readonly MessageRef[],
): Promise<(MessageLinks | undefined)[]> {
  const ids = await groupIdsOf(table, keys);
  const unique = [...new Set(ids.flatMap((id) => (id === undefined ? [] : [id])))];
  const rows = new Map<string, MessageLinks>();
  for (const group of await table.bulkGet(unique)) {
    for (const row of group === undefined ? [] : rowsOfGroup(group))
      rows.set(messageIdOf(row), row);
  }
  return keys.map(([accountId, messageKey]) => rows.get(messageIdOf({ accountId, messageKey })));
}

/** A record's links, oldest first: its range of the *links index (read its keys). */
export function recordLinkRange(
  t: { readonly linkGroups: LinkGroupsTable },
  type: RecordType,
  id: string,
): Collection<LinkGroup, number> {
  return t.linkGroups
    .where('links')
    .between([type, id, -Infinity], [type, id, Infinity], true, true);
}
