/** Follow-up reminders as the UI lists them, with their contact and message. */
import type { FollowUpRow } from '../../shared/crm/types';
import type { StoredContact } from './crm-records';
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
