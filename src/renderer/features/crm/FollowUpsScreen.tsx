/**
 * Follow-ups: received mail from a linked contact not answered after N hours. The reminder list
 * (due, then waiting) with contact, subject, how long ago and Open; the settings: hours (for all
 * accounts and per account) and desktop notifications on or off.
 */
import { useCallback, useState } from 'react';
import type { CrmSettings } from '../../db/crm-records';
import { Checkbox, TextField } from '../../components/Fields';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/Spinner';
import { saveCrmSettings } from '../../db/crm-store';
import { getMailDb } from '../../db/mail-db';
import { useLiveQuery } from '../../db/useLiveQuery';
import { useAccounts } from '../accounts/accountsSlice';
import { CrmNotice } from './CrmNotice';
import { contactName, timeAgo, timeUntil } from './crm-format';
import { useCrmNav } from './crmNavSlice';
import { runCrmAction } from './crmNoticeSlice';
import { reminderEntries } from './follow-up-entries';
import { useCrmSettings } from './useCrm';

function Reminders() {
  const read = useCallback(() => reminderEntries(getMailDb()), []);
  const result = useLiveQuery(read);
  const openMessage = useCrmNav((state) => state.openMessage);
  const openRecord = useCrmNav((state) => state.openRecord);
  if (result.status === 'loading') return <Spinner label="Loading reminders…" />;
  if (result.status === 'failed') {
    return <ErrorNotice title="The reminders could not be read" error={result.error} />;
  }
  if (result.value.length === 0) {
    return <p className="muted">Nothing waits for an answer from you.</p>;
  }
  const now = Date.now();
  return (
    <ul className="crm-reminders" aria-label="Reminders">
      {result.value.map(({ row, contact, message, membership }) => {
        const due = row.state !== 'waiting';
        const subject = message?.subject || '(no subject)';
        return (
          <li
            key={`${row.accountId}\u0000${row.messageKey}`}
            className={`crm-reminder ${due ? 'crm-reminder-due' : ''}`}
            aria-label={subject}
          >
            <span className={`crm-badge ${due ? 'crm-badge-due' : ''}`}>
              {due ? 'Due' : 'Waiting'}
            </span>
            <div className="crm-timeline-main">
              <p className="crm-timeline-subject">{subject}</p>
              <p className="muted">
                {contact ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => openRecord({ type: 'contact', id: contact.id })}
                  >
                    {contactName(contact)}
                  </button>
                ) : (
                  'A removed contact'
                )}
                {message && ` · received ${timeAgo(Date.parse(message.date), now)}`}
                {due
                  ? ` · due since ${timeAgo(Date.parse(row.dueAt), now)}`
                  : ` · due ${timeUntil(Date.parse(row.dueAt), now)}`}
              </p>
            </div>
            <button
              type="button"
              className="button button-small button-secondary"
              disabled={membership === undefined}
              onClick={() => {
                if (membership === undefined) return;
                openMessage({
                  accountId: membership.accountId,
                  folder: membership.folder,
                  uidValidity: membership.uidValidity,
                  uid: membership.uid,
                  messageKey: membership.messageKey,
                });
              }}
            >
              Open
            </button>
          </li>
        );
      })}
    </ul>
  );
}

function hoursError(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  const hours = Number(text);
  return Number.isFinite(hours) && hours > 0 ? undefined : 'Write a number of hours above 0.';
}

function FollowUpSettings({ settings }: { settings: CrmSettings }) {
  const accounts = useAccounts((state) => state.accounts);
  const [hours, setHours] = useState(String(settings.followUpHours));
  const [byAccount, setByAccount] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      Object.entries(settings.followUpByAccount).flatMap(([id, value]) =>
        value === undefined ? [] : [[id, String(value)]],
      ),
    ),
  );
  const [notify, setNotify] = useState(settings.notifyFollowUps);
  const errors = [hoursError(hours), ...Object.values(byAccount).map(hoursError)];
  const invalid = hours.trim() === '' || errors.some(Boolean);

  function save(): void {
    const perAccount: Record<string, number> = {};
    for (const [id, text] of Object.entries(byAccount)) {
      if (text.trim() !== '') perAccount[id] = Number(text);
    }
    void runCrmAction('The follow-up settings could not be saved', () =>
      saveCrmSettings(getMailDb(), {
        ...settings,
        followUpHours: Number(hours),
        followUpByAccount: perAccount,
        notifyFollowUps: notify,
      }),
    );
  }

  return (
    <section className="crm-card" aria-labelledby="follow-up-settings">
      <h2 id="follow-up-settings">Settings</h2>
      <TextField
        label="Remind me after (hours)"
        value={hours}
        onChange={setHours}
        error={hoursError(hours)}
        help="When mail from a contact has had no answer from you for this long."
      />
      {accounts.map((account) => (
        <TextField
          key={account.id}
          label={`For ${account.email} (hours)`}
          value={byAccount[account.id] ?? ''}
          placeholder={`${hours || '48'} (as above)`}
          onChange={(value) => setByAccount({ ...byAccount, [account.id]: value })}
          error={hoursError(byAccount[account.id] ?? '')}
        />
      ))}
      <Checkbox
        label="Desktop notifications when a reminder is due"
        checked={notify}
        onChange={setNotify}
      />
      <div className="crm-form-actions">
        <button type="button" className="button" disabled={invalid} onClick={save}>
          Save settings
        </button>
      </div>
    </section>
  );
}

export function FollowUpsScreen() {
  const settings = useCrmSettings();
  return (
    <section className="screen crm-screen" aria-labelledby="follow-ups-title">
      <header className="screen-header">
        <div>
          <h1 id="follow-ups-title">Follow-ups</h1>
          <p className="muted">Mail from your contacts that still waits for your answer.</p>
        </div>
      </header>
      <CrmNotice />
      <div className="crm-record-columns">
        <section className="crm-card" aria-label="Reminders list">
          <h2>Reminders</h2>
          <Reminders />
        </section>
        {settings.status === 'ready' && (
          <FollowUpSettings key={JSON.stringify(settings.value)} settings={settings.value} />
        )}
        {settings.status === 'failed' && (
          <ErrorNotice title="The settings could not be read" error={settings.error} />
        )}
      </div>
    </section>
  );
}
