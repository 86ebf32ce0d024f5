/**
 * Follow-up reminders as the UI lists them, with their contact and message; and re-timed to the
 * hours in the settings (which the user may change while reminders wait).
 */
import Dexie from 'dexie';
import type { FollowUpRow } from '../../shared/crm/types';
import { retimedFollowUp } from './crm-engine';
import type { CrmSettings, StoredContact } from './crm-records';
import { inCrmTransaction, type CrmTables } from './crm-tables';
import type { MailDb } from './mail-db';
import type { CachedMessage } from './records';

/** A follow-up with what the list shows beside it. */
export type FollowUpEntry = FollowUpRow & { contact?: StoredContact; message?: CachedMessage };

/** Follow-ups in these states (all without), soonest due first. */
export async function listFollowUps(
  db: MailDb,
  states?: readonly FollowUpRow['state'][],
): Promise<FollowUpEntry[]> {
  const rows =
    states === undefined
      ? await db.followUps.toArray()
      : await db.followUps.filter((row) => states.includes(row.state)).toArray();
  rows.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const [contacts, messages] = await Promise.all([
    db.contacts.bulkGet(rows.map((r) => r.contactId)),
    db.messages.bulkGet(rows.map((r): [string, string] => [r.accountId, r.messageKey])),
  ]);
  return rows.map((row, i) => ({ ...row, contact: contacts[i], message: messages[i] }));
}

/** "Not replied after N hours" for mail in this account. */
export function followUpHours(settings: CrmSettings, accountId: string): number {
  return settings.followUpByAccount[accountId] ?? settings.followUpHours;
}

/** Every reminder not cleared yet (waiting, due or notified): one index range. */
export function openFollowUps(t: Pick<CrmTables, 'followUps'>): Promise<FollowUpRow[]> {
  // States sort 'cleared' < 'due' < 'notified' < 'waiting': this range is every open row.
  return t.followUps
    .where('[state+dueAt]')
    .between(['due', Dexie.minKey], ['waiting', Dexie.maxKey], true, true)
    .toArray();
}

/**
 * Re-times the reminders not yet cleared by a reply to `settings`: due that many hours after
 * their message was received (retimedFollowUp says what happens to their state). Only rows
 * that change are written; returns how many. Announcing what came due is checkFollowUps' job.
 */
export async function retimeFollowUps(
  db: MailDb,
  settings: CrmSettings,
  now: Date,
): Promise<number> {
  return inCrmTransaction(db, 'rw', ['followUps', 'messages'], async (t) => {
    const open = await openFollowUps(t);
    const messages = await t.messages.bulkGet(
      open.map((row): [string, string] => [row.accountId, row.messageKey]),
    );
    const changed = open.flatMap((row, i) => {
      const message = messages[i];
      if (message === undefined) return [];
      const next = retimedFollowUp(row, message.date, followUpHours(settings, row.accountId), now);
      return next.dueAt === row.dueAt && next.state === row.state ? [] : [next];
    });
    await t.followUps.bulkPut(changed);
    return changed.length;
  });
}
