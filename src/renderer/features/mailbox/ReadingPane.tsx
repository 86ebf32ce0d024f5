/**
 * The open message inside its conversation (ThreadView): headers, the reader's actions and the
 * body, all from the cache (so it reads the same offline). Opening an unread message marks it
 * read.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { AccountView } from '../../../shared/account';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/Spinner';
import { getMailDb } from '../../db/mail-db';
import { useLiveQuery } from '../../db/useLiveQuery';
import { formatAddresses, fullDate } from './format';
import { runMailAction, type MailActionKind } from './mail-actions';
import { readMessage } from './mailbox-queries';
import { folderLabel, messageRefKey, type SelectedMessage } from './mailbox-view';
import { useCompose } from '../compose/composeSlice';
import { MessageCrmPanel } from '../crm/MessageCrmPanel';
import { ThreadView } from '../threads/ThreadView';
import { useMailbox } from './mailboxSlice';
import { MessageBody } from './MessageBody';

interface ReadingPaneProps {
  readonly accounts: readonly AccountView[];
}

function HeaderLine({ label, value }: { label: string; value: string }) {
  if (value === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

/** Reply, Reply all, Forward: what each opens, and its key (useMailShortcuts). */
const ANSWERS = [
  { kind: 'reply', label: 'Reply', key: 'r' },
  { kind: 'reply-all', label: 'Reply all', key: 'a' },
  { kind: 'forward', label: 'Forward', key: 'f' },
] as const;

function Toolbar(props: {
  readonly message: SelectedMessage;
  readonly account?: AccountView;
  readonly unread: boolean;
  readonly flagged: boolean;
}) {
  const { message, account, unread, flagged } = props;
  const act = (kind: MailActionKind) => void runMailAction(kind, message, account);
  const archive = account?.folders.archive;
  const canArchive = archive !== undefined && archive !== message.folder;
  const answer = (kind: 'reply' | 'reply-all' | 'forward') =>
    useCompose.getState().openCompose({ kind, source: message });
  return (
    <div className="reader-toolbar" role="toolbar" aria-label="Message actions">
      {ANSWERS.map(({ kind, label, key }) => (
        <button
          key={kind}
          type="button"
          className="button button-small button-secondary"
          onClick={() => answer(kind)}
          title={key}
        >
          {label}
        </button>
      ))}
      <button
        type="button"
        className="button button-small button-secondary"
        onClick={() => act(unread ? 'read' : 'unread')}
        title="u"
      >
        {unread ? 'Mark read' : 'Mark unread'}
      </button>
      <button
        type="button"
        className="button button-small button-secondary"
        aria-pressed={flagged}
        onClick={() => act(flagged ? 'unflag' : 'flag')}
        title="s"
      >
        {flagged ? 'Unflag' : 'Flag'}
      </button>
      <button
        type="button"
        className="button button-small button-secondary"
        disabled={!canArchive}
        onClick={() => act('archive')}
        title={canArchive ? 'e' : 'This account has no Archive folder'}
      >
        Archive
      </button>
      <button
        type="button"
        className="button button-small button-danger-quiet"
        onClick={() => act('delete')}
        title="#"
      >
        Delete
      </button>
    </div>
  );
}

function OpenMessageView({
  selected,
  account,
}: {
  selected: SelectedMessage;
  account?: AccountView;
}) {
  const key = messageRefKey(selected);
  const query = useCallback(
    () =>
      readMessage(
        getMailDb(),
        [selected.accountId, selected.folder, selected.uidValidity, selected.uid],
        selected.messageKey,
      ),
    [selected],
  );
  const result = useLiveQuery(query);
  const marked = useRef<string | undefined>(undefined);
  const membership = result.status === 'ready' ? result.value.membership : undefined;

  // Opening marks read, once per opening: "Mark unread" afterwards is not undone.
  useEffect(() => {
    if (membership === undefined || marked.current === key) return;
    marked.current = key;
    if (membership.unread === 1 && membership.uid > 0) {
      void runMailAction('read', selected, account);
    }
  }, [membership, key, selected, account]);

  if (result.status === 'loading') return <Spinner label="Opening the message…" />;
  if (result.status === 'failed') {
    return (
      <ErrorNotice title="The message could not be read from the cache" error={result.error} />
    );
  }
  const { message, body } = result.value;
  if (membership === undefined || message === undefined) {
    return (
      <div className="reader-empty">
        <p>This message is no longer in {folderLabel(account, selected.folder)}.</p>
        <p className="muted">It was moved or deleted, here or on the server.</p>
      </div>
    );
  }
  return (
    <article className="reader" aria-labelledby="reader-subject">
      <header className="reader-header">
        <Toolbar
          message={selected}
          account={account}
          unread={membership.unread === 1}
          flagged={membership.flagged === 1}
        />
        <h2 id="reader-subject" className="reader-subject">
          {message.subject || '(no subject)'}
        </h2>
        <dl className="reader-headers">
          <HeaderLine label="From" value={formatAddresses(message.from)} />
          <HeaderLine label="To" value={formatAddresses(message.to)} />
          <HeaderLine label="Cc" value={formatAddresses(message.cc)} />
          {formatAddresses(message.replyTo) !== formatAddresses(message.from) && (
            <HeaderLine label="Reply-To" value={formatAddresses(message.replyTo)} />
          )}
          <HeaderLine label="Date" value={fullDate(message.date)} />
          {account && <HeaderLine label="Account" value={account.name} />}
        </dl>
        <MessageCrmPanel
          accountId={selected.accountId}
          messageKey={selected.messageKey}
          from={message.from}
          to={message.to}
        />
      </header>
      <MessageBody
        messageRef={selected}
        messageKey={selected.messageKey}
        subject={message.subject}
        body={body}
      />
    </article>
  );
}

export function ReadingPane({ accounts }: ReadingPaneProps) {
  const selected = useMailbox((state) => state.selected);
  const failure = useMailbox((state) => state.actionFailure);
  const dismiss = useMailbox((state) => state.dismissActionFailure);
  const threading = useMailbox((state) => state.threading);
  const setThreading = useMailbox((state) => state.setThreading);
  const account = accounts.find((a) => a.id === selected?.accountId);
  return (
    <section className="reading-pane" aria-label="Reading pane">
      {failure && (
        <ErrorNotice title={failure.what} error={failure.error}>
          <button type="button" className="button button-small button-secondary" onClick={dismiss}>
            Dismiss
          </button>
        </ErrorNotice>
      )}
      {selected ? (
        <ThreadView
          key={messageRefKey(selected)}
          selected={selected}
          account={account}
          threading={threading}
          onThreadingChange={setThreading}
        >
          <OpenMessageView selected={selected} account={account} />
        </ThreadView>
      ) : (
        <div className="reader-empty">
          <p>Select a message to read it.</p>
          <p className="muted">Use j and k to move through the list.</p>
        </div>
      )}
    </section>
  );
}
