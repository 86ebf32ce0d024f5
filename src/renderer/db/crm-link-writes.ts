/**
 * Stores what the engine wants for a set of messages by difference: a manual link stays as it
 * is, a link the engine no longer gives goes, a changed one keeps its first creation time, and
 * an unchanged message writes nothing. Each IndexedDB request costs far more than its size, so
 * the rows already stored are found with as few requests as the caller's messages allow (see
 * ExistingRows).
 */
import Dexie from 'dexie';
import type { LinkRow } from '../../shared/crm/types';
import { messageLinksRow, rowsOfMessages, storedLink, type LinksTable } from './crm-link-keys';
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
 * - 'page': consecutive message keys (a page of a full relink): one key range reads them all;
 *   a row in the range whose message is not in the page loses its automatic links.
 * - 'new': mostly mail not linked before (a sync batch): rows are added without a read, and
 *   only the adds that find a row read it and merge.
 * - 'read': one get per message.
 */
export type ExistingRows = 'page' | 'new' | 'read';

/** What storing changed, and each message's links now (in the order follow-ups look at). */
export interface LinkWriteEffect {
  readonly links: number;
  readonly added: number;
  readonly removed: number;
  readonly byMessage: ReadonlyMap<string, readonly StoredLink[]>;
}

interface Merged {
  readonly links: StoredLink[];
  readonly added: number;
  readonly removed: number;
  readonly changed: boolean;
}

function messageId(row: { readonly accountId: string; readonly messageKey: string }): string {
  return `${row.accountId}\u0000${row.messageKey}`;
}

function recordId(link: StoredLink): string {
  return `${link.recordType}\u0000${link.recordId}`;
}

/** One message's stored links merged with what the engine wants now. */
function merge(row: MessageLinks, wanted: WantedLinks): Merged {
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

/** Adds `rows`; returns the positions of those whose message already has a row. */
async function addNew(links: LinksTable, rows: readonly MessageLinks[]): Promise<number[]> {
  try {
    await links.bulkAdd(rows);
    return [];
  } catch (thrown) {
    if (!(thrown instanceof Dexie.BulkError)) throw thrown;
    const failed = Object.entries(thrown.failuresByPos);
    // Anything but "the key exists" is a real failure: rethrown, the transaction aborts.
    if (failed.some(([, error]) => error.name !== 'ConstraintError')) throw thrown;
    return failed.map(([position]) => Number(position));
  }
}

async function rowsInPage(
  links: LinksTable,
  wanted: readonly WantedLinks[],
): Promise<MessageLinks[]> {
  const first = wanted[0];
  const last = wanted.at(-1);
  if (first === undefined || last === undefined) return [];
  return links
    .where(':id')
    .between([first.accountId, first.messageKey], [last.accountId, last.messageKey], true, true)
    .toArray();
}

/** The rows stored for `wanted`; in 'new' mode, `fresh` gets the messages whose row was added. */
async function existingRows(
  links: LinksTable,
  wanted: readonly WantedLinks[],
  mode: ExistingRows,
  fresh: Set<string>,
): Promise<MessageLinks[]> {
  switch (mode) {
    case 'page':
      return rowsInPage(links, wanted);
    case 'read': {
      const rows = await rowsOfMessages(
        links,
        wanted.map((w) => [w.accountId, w.messageKey]),
      );
      return rows.flatMap((row) => row ?? []);
    }
    case 'new': {
      const adding = wanted.filter((w) => w.links.length > 0);
      const rows = adding.map((w) =>
        messageLinksRow(w.accountId, w.messageKey, w.time, w.links.map(storedLink)),
      );
      const taken = new Set(await addNew(links, rows));
      adding.forEach((w, i) => {
        if (!taken.has(i)) fresh.add(messageId(w));
      });
      // A message the engine links to nothing may still have links to drop.
      const check = wanted.filter((w) => !fresh.has(messageId(w)));
      return existingRows(links, check, 'read', fresh);
    }
    default: {
      const unknown: never = mode;
      throw new Error(`Unknown mode: ${String(unknown)}`);
    }
  }
}

/** Stores `wanted` by difference inside the caller's transaction. */
export async function writeLinks(
  links: LinksTable,
  wanted: readonly WantedLinks[],
  mode: ExistingRows,
): Promise<LinkWriteEffect> {
  const fresh = new Set<string>();
  const stored = await existingRows(links, wanted, mode, fresh);
  const wantedById = new Map(wanted.map((w) => [messageId(w), w]));
  const byMessage = new Map<string, readonly StoredLink[]>();
  let added = 0;
  let removed = 0;
  const put: MessageLinks[] = [];
  const remove: [string, string][] = [];
  for (const row of stored) {
    const id = messageId(row);
    // A row in a page whose message is not in it: its automatic links go.
    const now = wantedById.get(id) ?? { ...row, links: [] };
    const merged = merge(row, now);
    added += merged.added;
    removed += merged.removed;
    byMessage.set(id, merged.links);
    if (!merged.changed) continue;
    if (merged.links.length === 0) remove.push([row.accountId, row.messageKey]);
    else put.push(messageLinksRow(row.accountId, row.messageKey, now.time, merged.links));
  }
  // Messages without a row: what was just added, and what gets its first links now.
  const add: MessageLinks[] = [];
  for (const w of wanted) {
    const id = messageId(w);
    if (byMessage.has(id) || w.links.length === 0) continue;
    if (!fresh.has(id))
      add.push(messageLinksRow(w.accountId, w.messageKey, w.time, w.links.map(storedLink)));
    byMessage.set(id, w.links);
    added += w.links.length;
  }
  await links.bulkDelete(remove);
  await links.bulkPut(put);
  // add, not put: the read just showed these messages have no row.
  await links.bulkAdd(add);
  let total = 0;
  for (const list of byMessage.values()) total += list.length;
  return { links: total, added, removed, byMessage };
}
