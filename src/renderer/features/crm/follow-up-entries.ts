/**
 * The follow-up reminders as the Follow-ups screen shows them: each with its contact, the
 * message it waits on and a folder the message is in (for Open).
 */
import type { ContactRecord, FollowUpRow } from '../../../shared/crm/types';
import { listFollowUps } from '../../db/crm-store';
import type { MailDb } from '../../db/mail-db';
import type { CachedMessage, Membership } from '../../db/records';

export interface ReminderEntry {
  readonly row: FollowUpRow;
  readonly contact?: ContactRecord;
  readonly message?: CachedMessage;
  readonly membership?: Membership;
}

/** Due first (oldest due first), then waiting; cleared ones are left out. */
export async function reminderEntries(db: MailDb): Promise<ReminderEntry[]> {
  const rows = await listFollowUps(db, ['due', 'notified', 'waiting']);
  const entries = await Promise.all(
    rows.map(async ({ contact, message, ...row }): Promise<ReminderEntry> => {
      const membership = await db.memberships
        .where('[accountId+messageKey]')
        .equals([row.accountId, row.messageKey])
        .first();
      return { row, contact, message, membership };
    }),
  );
  const rank = (row: FollowUpRow) => (row.state === 'waiting' ? 1 : 0);
  return entries.sort(
    (a, b) => rank(a.row) - rank(b.row) || a.row.dueAt.localeCompare(b.row.dueAt),
  );
}
