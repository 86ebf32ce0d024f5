/**
 * The whole conversation around the open message, oldest first and across folders (a reply in
 * Sent sits between the Inbox messages it answers). The open message is shown in full where it
 * falls; the others are one line each and open in place on click.
 */
import { useCallback, useState, type ReactNode } from 'react';
import type { AccountView } from '../../../shared/account';
import { ErrorNotice } from '../../components/ErrorNotice';
import { getMailDb } from '../../db/mail-db';
import { useLiveQuery } from '../../db/useLiveQuery';
import { formatAddresses, fullDate, listDate, shortName } from '../mailbox/format';
import { folderLabel, type SelectedMessage } from '../mailbox/mailbox-view';
import { MessageBody } from '../mailbox/MessageBody';
import { readThread, type ThreadMessage } from './thread-query';
import './threads.css';

function ExpandedBody({ row }: { readonly row: ThreadMessage }) {
  const { accountId, folder, uidValidity, uid } = row.membership;
  const query = useCallback(
    () => getMailDb().bodies.get([accountId, row.message.messageKey]),
    [accountId, row.message.messageKey],
  );
  const body = useLiveQuery(query);
  if (body.status === 'loading') return null;
  if (body.status === 'failed') {
    return <ErrorNotice title="The message could not be read from the cache" error={body.error} />;
  }
  return (
    <MessageBody
      messageRef={{ accountId, folder, uidValidity, uid }}
      messageKey={row.message.messageKey}
      subject={row.message.subject}
      body={body.value}
    />
  );
}

function ThreadCard({
  row,
  account,
}: {
  readonly row: ThreadMessage;
  readonly account: AccountView | undefined;
}) {
  const [expanded, setExpanded] = useState(false);
  const { message, membership } = row;
  return (
    <article
      className={`thread-card${expanded ? ' expanded' : ''}`}
      data-thread-message={message.messageKey}
    >
      <button
        type="button"
        className="thread-card-line"
        aria-expanded={expanded}
        onClick={() => setExpanded((value) => !value)}
      >
        <span className={`thread-from${membership.unread === 1 ? ' unread' : ''}`}>
          {shortName(message.from)}
        </span>
        <span className="thread-folder">{folderLabel(account, membership.folder)}</span>
        <span className="thread-snippet muted">{expanded ? '' : (message.snippet ?? '')}</span>
        <time className="thread-date muted" dateTime={message.date}>
          {listDate(membership.time)}
        </time>
      </button>
      {expanded && (
        <div className="thread-card-body">
          <dl className="reader-headers">
            <dt>From</dt>
            <dd>{formatAddresses(message.from)}</dd>
            <dt>To</dt>
            <dd>{formatAddresses(message.to)}</dd>
            <dt>Date</dt>
            <dd>{fullDate(message.date)}</dd>
          </dl>
          <ExpandedBody row={row} />
        </div>
      )}
    </article>
  );
}

interface ThreadViewProps {
  readonly selected: SelectedMessage;
  readonly account: AccountView | undefined;
  readonly threading: boolean;
  readonly onThreadingChange: (on: boolean) => void;
  /** The open message in full. */
  readonly children: ReactNode;
}

/** The open message inside its conversation. */
export function ThreadView({
  selected,
  account,
  threading,
  onThreadingChange,
  children,
}: ThreadViewProps) {
  const query = useCallback(
    () => readThread(getMailDb(), selected.accountId, selected.messageKey, account, { threading }),
    [selected.accountId, selected.messageKey, account, threading],
  );
  const thread = useLiveQuery(query);
  const rows = thread.status === 'ready' ? thread.value : [];
  const at = rows.findIndex((row) => row.message.messageKey === selected.messageKey);
  const before = at === -1 ? [] : rows.slice(0, at);
  const after = at === -1 ? [] : rows.slice(at + 1);
  return (
    <div className="thread" aria-label="Conversation">
      <div className="thread-bar">
        <span className="muted" role="status">
          {rows.length > 1
            ? `${rows.length} messages in this conversation`
            : threading
              ? 'A single message'
              : 'Conversations are off'}
        </span>
        <label className="thread-toggle">
          <input
            type="checkbox"
            checked={threading}
            onChange={(event) => onThreadingChange(event.target.checked)}
          />{' '}
          Group conversations
        </label>
      </div>
      {before.map((row) => (
        <ThreadCard key={row.message.messageKey} row={row} account={account} />
      ))}
      <div className="thread-open">{children}</div>
      {after.map((row) => (
        <ThreadCard key={row.message.messageKey} row={row} account={account} />
      ))}
    </div>
  );
}
