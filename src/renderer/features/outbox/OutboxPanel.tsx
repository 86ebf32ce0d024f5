/**
 * The Outbox: every message on its way out, live from the cache, with its state in words, the
 * server's reason when it failed, and what the user can do (retry, decide, cancel). Sent items
 * stay below as "Recently sent" for a week.
 */
import { useCallback, useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors';
import type { OutboxItem } from '../../../shared/outbox';
import { ErrorNotice } from '../../components/ErrorNotice';
import { getMailDb, type MailDb } from '../../db/mail-db';
import { listOutbox } from '../../db/outbox-store';
import { useLiveQuery } from '../../db/useLiveQuery';
import { formatAddresses } from '../mailbox/format';
import {
  cancelOutgoing,
  decideUnsure,
  retryOutgoing,
  retrySentCopy,
  type OutboxControl,
} from './outbox-actions';
import { appOutbox } from './start-outbox';
import { ACTION_LABELS, outboxActions, outboxStatus, type OutboxAction } from './outbox-words';
import './outbox.css';

/** Props of {@link OutboxPanel}; all optional, the app's database and runner by default. */
export interface OutboxPanelProps {
  /** Only this account's messages. */
  readonly accountId?: string;
  readonly db?: MailDb;
  readonly runner?: OutboxControl['runner'];
  readonly now?: () => Date;
}

/** Before startOutbox() nothing runs: actions still change the item, the start picks it up. */
const IDLE_RUNNER: OutboxControl['runner'] = { wake: () => undefined, isBusy: () => false };

function run(control: OutboxControl, action: OutboxAction, messageId: string): Promise<unknown> {
  switch (action) {
    case 'retry':
    case 'try-now':
      return retryOutgoing(control, messageId);
    case 'send-again':
      return decideUnsure(control, messageId, 'send-again');
    case 'mark-sent':
      return decideUnsure(control, messageId, 'mark-sent');
    case 'retry-copy':
      return retrySentCopy(control, messageId);
    case 'cancel':
      return cancelOutgoing(control, messageId);
    default: {
      const unknown: never = action;
      throw new Error(`Unknown outbox action ${String(unknown)}`);
    }
  }
}

function OutboxEntry(props: {
  readonly item: OutboxItem;
  readonly control: OutboxControl;
  readonly now: Date;
}) {
  const { item, control } = props;
  const [failure, setFailure] = useState<AppError>();
  const [working, setWorking] = useState(false);
  const status = outboxStatus(item, props.now);
  const actions = outboxActions(item, control.runner.isBusy(item.messageId));
  const subject = item.message.subject === '' ? '(no subject)' : item.message.subject;
  const recipients = [...item.message.to, ...item.message.cc, ...item.message.bcc];

  function act(action: OutboxAction): void {
    setWorking(true);
    setFailure(undefined);
    run(control, action, item.messageId)
      .catch((thrown: unknown) => setFailure(toAppError(thrown)))
      .finally(() => setWorking(false));
  }

  return (
    <li className={`outbox-item outbox-${status.tone}`} aria-label={subject}>
      <div className="outbox-line">
        <span className="outbox-subject">{subject}</span>
        <span className="outbox-state">{status.label}</span>
      </div>
      <p className="outbox-to muted">To {formatAddresses(recipients)}</p>
      {item.lastError && item.state !== 'sent-copy-confirmed' && (
        <ErrorNotice error={item.lastError} tone={status.tone === 'failed' ? 'error' : 'warning'} />
      )}
      {failure && <ErrorNotice error={failure} />}
      {actions.length > 0 && (
        <div className="outbox-actions">
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              className={`button button-small ${action === 'cancel' ? 'button-danger-quiet' : 'button-secondary'}`}
              disabled={working}
              onClick={() => act(action)}
            >
              {ACTION_LABELS[action]}
            </button>
          ))}
        </div>
      )}
    </li>
  );
}

/** The Outbox panel. */
export function OutboxPanel(props: OutboxPanelProps) {
  const db = props.db ?? getMailDb();
  const control: OutboxControl = { db, runner: props.runner ?? appOutbox() ?? IDLE_RUNNER };
  const { accountId } = props;
  const query = useCallback(async () => {
    const items = await listOutbox(db);
    return accountId === undefined ? items : items.filter((i) => i.accountId === accountId);
  }, [db, accountId]);
  const result = useLiveQuery(query);
  const now = (props.now ?? (() => new Date()))();

  if (result.status === 'loading') return <section className="outbox" aria-label="Outbox" />;
  if (result.status === 'failed') {
    return (
      <section className="outbox" aria-label="Outbox">
        <ErrorNotice title="Could not read the outbox" error={result.error} />
      </section>
    );
  }
  const sent = result.value.filter((item) => item.state === 'sent-copy-confirmed').reverse();
  const open = result.value.filter((item) => item.state !== 'sent-copy-confirmed');
  const entry = (item: OutboxItem) => (
    <OutboxEntry key={item.messageId} item={item} control={control} now={now} />
  );

  return (
    <section className="outbox" aria-label="Outbox">
      <h2>Outbox</h2>
      {open.length === 0 ? (
        <p className="muted">Nothing waiting to be sent.</p>
      ) : (
        <ul className="outbox-list" aria-label="On its way">
          {open.map(entry)}
        </ul>
      )}
      {sent.length > 0 && (
        <>
          <h3>Recently sent</h3>
          <ul className="outbox-list" aria-label="Recently sent">
            {sent.map(entry)}
          </ul>
        </>
      )}
    </section>
  );
}
