/**
 * A full relink: every cached message, page by page in key order, against the links read once
 * at the start (a group holds mail of any key range, so a page cannot read just its own). Only
 * the messages whose links change are written; links of messages no longer cached go at the end.
 */
import { messageIdOf, rowsOfGroup } from './crm-link-keys';
import { merge, writeLinks, type KnownRow, type WantedLinks } from './crm-link-writes';
import type { StoredLink } from './crm-records';
import { computePass, writePass, type LinkContext, type RelinkEffect } from './crm-relink';
import { inCrmTransaction } from './crm-tables';
import type { MailDb } from './mail-db';
import type { CachedMessage } from './records';

/**
 * Relinks a page of a full relink against the rows read at its start (`known`, from which the
 * page's messages are taken out): only the messages whose links change are written.
 */
async function relinkPage(
  db: MailDb,
  messages: readonly CachedMessage[],
  context: LinkContext,
  now: Date,
  known: Map<string, KnownRow>,
): Promise<RelinkEffect> {
  const pass = computePass(messages, context, now);
  const write: WantedLinks[] = [];
  const hints = new Map<string, KnownRow>();
  const kept = new Map<string, readonly StoredLink[]>();
  for (const wanted of pass.wanted) {
    const id = messageIdOf(wanted);
    const before = known.get(id);
    known.delete(id);
    if (before === undefined) {
      if (wanted.links.length > 0) write.push(wanted);
      continue;
    }
    const merged = merge(before.row, wanted);
    if (!merged.changed) {
      kept.set(id, merged.links);
      continue;
    }
    write.push(wanted);
    hints.set(id, before);
  }
  return writePass(db, pass, context, now, { wanted: write, existing: 'new', known: hints }, kept);
}

/** Every stored row with its group, by message (one read of the whole table). */
async function knownRows(db: MailDb): Promise<Map<string, KnownRow>> {
  const known = new Map<string, KnownRow>();
  for (const group of await db.linkGroups.toArray()) {
    if (group.id === undefined) continue;
    for (const row of rowsOfGroup(group)) known.set(messageIdOf(row), { group: group.id, row });
  }
  return known;
}

/** Messages read and relinked per transaction in a full relink. */
const PAGE = 2000;

function pageAfter(db: MailDb, after: [string, string] | undefined): Promise<CachedMessage[]> {
  return after === undefined
    ? db.messages.orderBy(':id').limit(PAGE).toArray()
    : db.messages.where(':id').above(after).limit(PAGE).toArray();
}

/** Relinks every cached message; the next page is read while the current one is written. */
export async function relinkAllMessages(
  db: MailDb,
  context: LinkContext,
  now: Date,
): Promise<{ messages: number; links: number }> {
  const known = await knownRows(db);
  let messages = 0;
  let links = 0;
  let page = await pageAfter(db, undefined);
  for (;;) {
    const last = page.at(-1);
    if (last === undefined) break;
    const next = pageAfter(db, [last.accountId, last.messageKey]);
    const effect = await relinkPage(db, page, context, now, known);
    messages += page.length;
    links += effect.links;
    page = await next;
  }
  // What is left was not among the cached messages: its automatic links go, manual ones stay.
  const gone = [...known.values()].map(({ row }): WantedLinks => ({ ...row, links: [] }));
  if (gone.length > 0) {
    const effect = await inCrmTransaction(db, 'rw', ['linkGroups'], (t) =>
      writeLinks(t.linkGroups, gone, 'read', known),
    );
    links += effect.links;
  }
  return { messages, links };
}
