/**
 * Stores what the engine wants for a set of messages by difference: a manual link stays as it
 * is, a link the engine no longer gives goes, a changed one keeps its first creation time, and
 * an unchanged message writes nothing. Each IndexedDB request costs far more than its size, so
 * new mail is added without a read (see ExistingRows) and rows are written group by group.
 */
import type { LinkRow } from '../../shared/crm/types';
import { addGroups, LinkEdit } from './crm-link-edit';
import {
  messageIdOf,
  messageLinksRow,
  storedLink,
  type LinkGroupsTable,
  type MessageRef,
} from './crm-link-keys';
import type { MessageLinks, StoredLink } from './crm-records';

/** What the engine wants for one message now (suppressions already left out). */
export interface WantedLinks {
  readonly accountId: string;
  readonly messageKey: string;
  readonly time: number;
  readonly links: readonly LinkRow[];
}

/**
 * How to find the rows stored for the messages:
 * - 'new': mostly mail not linked before (a sync batch): its links are added as new groups
 *   without a read, and only a group refused (a message in it has links) is read and merged.
 * - 'read': each message's group is looked up first.
 */
export type ExistingRows = 'new' | 'read';

/** What storing changed, and each message's links now (in the order follow-ups look at). */
export interface LinkWriteEffect {
  readonly links: number;
  readonly added: number;
  readonly removed: number;
  readonly byMessage: ReadonlyMap<string, readonly StoredLink[]>;
}

export interface Merged {
  readonly links: StoredLink[];
  readonly added: number;
  readonly removed: number;
  readonly changed: boolean;
}

function recordId(link: StoredLink): string {
  return `${link.recordType}\u0000${link.recordId}`;
}

/** One message's stored links merged with what the engine wants now. */
export function merge(row: MessageLinks, wanted: WantedLinks): Merged {
  const want = new Map(wanted.links.map((link) => [recordId(link), link]));
  const sameTime = row.time === wanted.time;
  const links: StoredLink[] = [];
  let added = 0;
  let removed = 0;
  for (const link of row.links) {
    const id = recordId(link);
    const now = want.get(id);
    want.delete(id);
    if (link.kind === 'manual') links.push(link);
    else if (now === undefined) removed += 1;
    else if (sameTime && now.kind === link.kind && now.reason === link.reason) links.push(link);
    else {
      // The first creation time stays: the user sees since when a link exists.
      links.push({ ...storedLink(now), createdAt: link.createdAt });
      added += 1;
    }
  }
  for (const link of want.values()) links.push(storedLink(link));
  added += want.size;
  return { links, added, removed, changed: added + removed > 0 || !sameTime };
}

/** A message's stored row as read before the pass, and the group it was in. */
export interface KnownRow {
  readonly group: number;
  readonly row: MessageLinks;
}

function rowOf(wanted: WantedLinks): MessageLinks {
  return messageLinksRow(
    wanted.accountId,
    wanted.messageKey,
    wanted.time,
    wanted.links.map(storedLink),
  );
}

/**
 * Stores `wanted` by difference inside the caller's transaction. `known` holds rows read before
 * (their groups are read again here, by id); in 'new' mode the other messages with links are
 * added as new groups without a read.
 */
export async function writeLinks(
  table: LinkGroupsTable,
  wanted: readonly WantedLinks[],
  mode: ExistingRows,
  known: ReadonlyMap<string, KnownRow> = new Map(),
): Promise<LinkWriteEffect> {
  const byMessage = new Map<string, readonly StoredLink[]>();
  let added = 0;
  let removed = 0;
  let rest = wanted;
  if (mode === 'new') {
    const adding = wanted.filter((w) => w.links.length > 0 && !known.has(messageIdOf(w)));
    const refused = new Set((await addGroups(table, adding.map(rowOf))).map(messageIdOf));
    for (const w of adding) {
      if (refused.has(messageIdOf(w))) continue;
      byMessage.set(messageIdOf(w), w.links.map(storedLink));
      added += w.links.length;
    }
    rest = wanted.filter((w) => !byMessage.has(messageIdOf(w)));
  }
  const edit = new LinkEdit(table);
  await edit.read(
    rest.map((w): MessageRef => [w.accountId, w.messageKey]),
    rest.flatMap((w) => known.get(messageIdOf(w))?.group ?? []),
  );
  for (const w of rest) {
    const id = messageIdOf(w);
    const row = edit.row(w);
    if (row === undefined) {
      // No links yet: the message gets its first ones, if any.
      if (w.links.length === 0) continue;
      edit.set(rowOf(w));
      byMessage.set(id, w.links.map(storedLink));
      added += w.links.length;
      continue;
    }
    const merged = merge(row, w);
    added += merged.added;
    removed += merged.removed;
    byMessage.set(id, merged.links);
    if (merged.changed) edit.set(messageLinksRow(w.accountId, w.messageKey, w.time, merged.links));
  }
  await edit.save();
  let total = 0;
  for (const list of byMessage.values()) total += list.length;
  return { links: total, added, removed, byMessage };
}
