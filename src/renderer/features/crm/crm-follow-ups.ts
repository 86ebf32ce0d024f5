/**
 * Follow-up reminders coming due: waiting rows whose time has come become 'notified' (or 'due'
 * when the user turned reminders off) and are announced once. The state is written before the
 * notice is shown, so a crash in between never announces twice. The clock is passed in.
 */
import Dexie from 'dexie';
import type { FollowUpRow } from '../../../shared/crm/types';
import { contactDisplayName } from '../../../shared/crm/addresses';
import { dueFollowUps } from '../../db/crm-engine';
import { getCrmSettings } from '../../db/crm-settings';
import { inCrmTransaction } from '../../db/crm-tables';
import type { MailDb } from '../../db/mail-db';

/** Reminders announced one by one per check; more become one summary. */
const MAX_SINGLE = 3;

async function announce(
  db: MailDb,
  rows: readonly FollowUpRow[],
  notify: (title: string, body: string) => void,
): Promise<void> {
  const single = rows.slice(0, MAX_SINGLE);
  const [contacts, messages] = await Promise.all([
    db.contacts.bulkGet(single.map((r) => r.contactId)),
    db.messages.bulkGet(single.map((r): [string, string] => [r.accountId, r.messageKey])),
  ]);
  single.forEach((_, i) => {
    const contact = contacts[i];
    const name = contact === undefined ? 'a contact' : contactDisplayName(contact);
    const subject = messages[i]?.subject || '(no subject)';
    notify(`Follow up with ${name}`, `No reply yet to "${subject}"`);
  });
  if (rows.length > MAX_SINGLE) {
    const more = rows.length - MAX_SINGLE;
    notify(
      'Follow-ups',
      `${more} more ${more === 1 ? 'message waits' : 'messages wait'} for your reply`,
    );
  }
}

/** Marks what is due at `now` and notifies once per reminder; returns how many came due. */
export async function checkFollowUps(
  db: MailDb,
  now: Date,
  notify: (title: string, body: string) => void,
): Promise<number> {
  const settings = await getCrmSettings(db);
  const due = await inCrmTransaction(db, 'rw', ['followUps'], async (t) => {
    const waiting = await t.followUps
      .where('[state+dueAt]')
      .between(['waiting', Dexie.minKey], ['waiting', now.toISOString()], true, true)
      .toArray();
    const rows = dueFollowUps(waiting, now).map((row): FollowUpRow => ({
      ...row,
      state: settings.notifyFollowUps ? 'notified' : 'due',
    }));
    await t.followUps.bulkPut(rows);
    return rows;
  });
  if (due.length > 0 && settings.notifyFollowUps) await announce(db, due, notify);
  return due.length;
}
