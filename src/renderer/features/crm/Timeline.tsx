/**
 * A record's activity: every linked message, sent and received, newest first, each with why it
 * is linked. "Open" shows the message in the mail screen's reader; "Unlink" removes the link
 * for good (the linker does not bring it back), the mail stays.
 */
import type { RecordRef } from '../../../shared/crm/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/Spinner';
import { unlink } from '../../db/crm-store';
import { getMailDb } from '../../db/mail-db';
import { useAccounts } from '../accounts/accountsSlice';
import { fullDate, shortName } from '../mailbox/format';
import { useCrmNav } from './crmNavSlice';
import { directionOf } from './crm-format';
import { runCrmAction } from './crmNoticeSlice';
import { useTimeline } from './useCrm';

export function Timeline({ record, title = 'Activity' }: { record: RecordRef; title?: string }) {
  const result = useTimeline(record);
  const accounts = useAccounts((state) => state.accounts);
  const openMessage = useCrmNav((state) => state.openMessage);
  if (result.status === 'loading') return <Spinner label="Loading the activity…" />;
  if (result.status === 'failed') {
    return <ErrorNotice title="The activity could not be read" error={result.error} />;
  }
  const entries = result.value;
  return (
    <section className="crm-timeline" aria-label={title} data-testid="crm-timeline">
      <h2>
        {title} <span className="muted">({entries.length})</span>
      </h2>
      {entries.length === 0 ? (
        <p className="muted">
          No linked mail yet. Mail from and to this record&apos;s addresses shows here once synced.
        </p>
      ) : (
        <ol className="crm-timeline-list">
          {entries.map(({ link, message, membership }) => {
            const direction = directionOf(message.from, accounts);
            const subject = message.subject || '(no subject)';
            return (
              <li
                key={`${link.accountId}\u0000${link.messageKey}`}
                className="crm-timeline-entry"
                data-testid="timeline-entry"
                aria-label={subject}
              >
                <span className={`crm-direction crm-direction-${direction}`}>
                  {direction === 'sent' ? 'Sent' : 'Received'}
                </span>
                <div className="crm-timeline-main">
                  <p className="crm-timeline-subject">{subject}</p>
                  <p className="crm-timeline-meta muted">
                    {direction === 'sent'
                      ? `To ${shortName(message.to)}`
                      : `From ${shortName(message.from)}`}{' '}
                    · <time dateTime={message.date}>{fullDate(message.date)}</time>
                  </p>
                  <p className="crm-reason" data-testid="link-reason">
                    Linked by {link.reason}
                  </p>
                </div>
                <div className="crm-timeline-actions">
                  <button
                    type="button"
                    className="button button-small button-secondary"
                    disabled={membership === undefined}
                    title={membership === undefined ? 'Not in any synced folder' : undefined}
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
                  <button
                    type="button"
                    className="button button-small button-danger-quiet"
                    onClick={() =>
                      void runCrmAction('The link could not be removed', () =>
                        unlink(getMailDb(), link),
                      )
                    }
                  >
                    Unlink
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
