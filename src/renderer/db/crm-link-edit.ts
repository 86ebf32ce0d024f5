/**
 * Changing stored links, inside the caller's transaction: the groups of the messages concerned
 * are read whole, their rows changed, and each group changed is written back once. Messages
 * without a group get new groups. New mail can skip the read (addGroups): the unique *messages
 * index refuses a group holding a message that has one already.
 */
import Dexie from 'dexie';
import type { RecordType } from '../../shared/crm/types';
import {
  groupIdsOf,
  groupOf,
  groupsOf,
  messageIdOf,
  messageLinksRow,
  recordLinkRange,
  rowsOfGroup,
  type LinkGroupsTable,
  type MessageRef,
} from './crm-link-keys';
import type { LinkGroup, MessageLinks, StoredLink } from './crm-records';

/** Messages to look up from which reading every group is cheaper (a table-wide change). */
const READ_ALL_FROM = 5000;

/**
 * Adds `rows` (messages with links) as new groups; returns the rows not added because their
 * group held a message that already has links (those need a read and a merge).
 */
export async function addGroups(
  table: LinkGroupsTable,
  rows: readonly MessageLinks[],
): Promise<MessageLinks[]> {
  if (rows.length === 0) return [];
  const groups = groupsOf(rows);
  try {
    await table.bulkAdd(groups);
    return [];
  } catch (thrown) {
    if (!(thrown instanceof Dexie.BulkError)) throw thrown;
    const failed = Object.entries(thrown.failuresByPos);
    // Anything but "the key exists" is a real failure: rethrown, the transaction aborts.
    if (failed.some(([, error]) => error.name !== 'ConstraintError')) throw thrown;
    const refused = new Set(failed.map(([position]) => Number(position)));
    return groups.flatMap((group, i) => {
      if (!refused.has(i)) return [];
      const ids = new Set(
        group.messages.map(([accountId, messageKey]) => messageIdOf({ accountId, messageKey })),
      );
      return rows.filter((row) => ids.has(messageIdOf(row)));
    });
  }
}

/** Stored rows read with their groups, changed, then saved group by group. */
export class LinkEdit {
  private readonly groups = new Map<number, Map<string, MessageLinks>>();
  private readonly groupOfMessage = new Map<string, number>();
  /** Messages known to have no group (read, or read and moved out). */
  private readonly ungrouped = new Map<string, MessageLinks | undefined>();
  private readonly changed = new Set<number>();

  constructor(private readonly table: LinkGroupsTable) {}

  /** Reads the groups of `keys`' messages; `hints` are the groups they were seen in before. */
  async read(keys: readonly MessageRef[], hints: readonly number[] = []): Promise<void> {
    await this.readGroups(hints);
    const unknown = keys.filter(
      ([accountId, messageKey]) => !this.knows(messageIdOf({ accountId, messageKey })),
    );
    if (unknown.length === 0) return;
    if (unknown.length >= READ_ALL_FROM) {
      // One read of every group costs less than a lookup per message by then.
      for (const group of await this.table.toArray()) this.take(group);
    } else {
      const ids = await groupIdsOf(this.table, unknown);
      await this.readGroups(ids.flatMap((id) => (id === undefined ? [] : [id])));
    }
    for (const [accountId, messageKey] of unknown) {
      const message = messageIdOf({ accountId, messageKey });
      if (!this.groupOfMessage.has(message)) this.ungrouped.set(message, undefined);
    }
  }

  /** Reads the groups linked to a record. */
  async readRecord(type: RecordType, id: string): Promise<void> {
    const ids = await recordLinkRange({ linkGroups: this.table }, type, id).primaryKeys();
    await this.readGroups(ids);
  }

  private async readGroups(ids: readonly number[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.groups.has(id));
    if (missing.length === 0) return;
    for (const group of await this.table.bulkGet(missing)) {
      if (group !== undefined) this.take(group);
    }
  }

  private take(group: LinkGroup): void {
    if (group.id === undefined || this.groups.has(group.id)) return;
    const rows = new Map<string, MessageLinks>();
    for (const row of rowsOfGroup(group)) {
      const message = messageIdOf(row);
      rows.set(message, row);
      this.groupOfMessage.set(message, group.id);
    }
    this.groups.set(group.id, rows);
  }

  private knows(message: string): boolean {
    return this.groupOfMessage.has(message) || this.ungrouped.has(message);
  }

  /** The stored row of a message read before, undefined when it has no links. */
  row(ref: { readonly accountId: string; readonly messageKey: string }): MessageLinks | undefined {
    const message = messageIdOf(ref);
    const group = this.groupOfMessage.get(message);
    return group === undefined ? this.ungrouped.get(message) : this.groups.get(group)?.get(message);
  }

  /** Every row read (those of the groups linked to a record, after readRecord). */
  rows(): MessageLinks[] {
    return [...this.groups.values()].flatMap((rows) => [...rows.values()]);
  }

  /** Sets a message's links (none: it leaves its group). */
  set(row: MessageLinks): void {
    const message = messageIdOf(row);
    const group = this.groupOfMessage.get(message);
    const rows = group === undefined ? undefined : this.groups.get(group);
    if (group === undefined || rows === undefined) {
      this.ungrouped.set(message, row.links.length === 0 ? undefined : row);
      return;
    }
    if (row.links.length === 0) rows.delete(message);
    else rows.set(message, row);
    this.changed.add(group);
  }

  /** Writes the groups changed and the new ones. */
  async save(): Promise<void> {
    const put = [...this.changed].flatMap((id) => {
      const rows = [...(this.groups.get(id)?.values() ?? [])];
      return rows.length === 0 ? [] : [groupOf(rows, id)];
    });
    const emptied = [...this.changed].filter((id) => (this.groups.get(id)?.size ?? 0) === 0);
    const fresh = [...this.ungrouped.values()].flatMap((row) => (row === undefined ? [] : [row]));
    // Each call costs even when empty (a batch of new mail mostly has nothing here).
    if (emptied.length > 0) await this.table.bulkDelete(emptied);
    if (put.length > 0) await this.table.bulkPut(put);
    // add, not put: the reads showed these messages in no group.
    if (fresh.length > 0) await this.table.bulkAdd(groupsOf(fresh));
    this.changed.clear();
    this.ungrouped.clear();
  }
}

/**
 * Rewrites the rows linked to a record: `change` gives each row's new links; a row left with
 * none goes. Run it inside the caller's transaction.
 */
export async function rewriteRecordLinks(
  t: { readonly linkGroups: LinkGroupsTable },
  type: RecordType,
  id: string,
  change: (links: readonly StoredLink[]) => StoredLink[],
): Promise<void> {
  const edit = new LinkEdit(t.linkGroups);
  await edit.readRecord(type, id);
  for (const row of edit.rows()) {
    if (!row.links.some((link) => link.recordType === type && link.recordId === id)) continue;
    edit.set(messageLinksRow(row.accountId, row.messageKey, row.time, change(row.links)));
  }
  await edit.save();
}

/** Drops a record's links from every row (the record is being deleted). */
export function dropRecordLinks(
  t: { readonly linkGroups: LinkGroupsTable },
  type: RecordType,
  id: string,
): Promise<void> {
  return rewriteRecordLinks(t, type, id, (links) =>
    links.filter((link) => link.recordType !== type || link.recordId !== id),
  );
}

/** Drops every link of the messages `keys` (they left the cache). */
export async function dropMessageLinks(
  table: LinkGroupsTable,
  keys: readonly MessageRef[],
): Promise<void> {
  const edit = new LinkEdit(table);
  await edit.read(keys);
  for (const [accountId, messageKey] of keys)
    edit.set({ accountId, messageKey, time: 0, links: [] });
  await edit.save();
}
