/**
 * The Mail screen: folders, the message list and the reading pane, all read from the offline
 * cache, with the progress of a running sync and, when an account is not connected, a line that
 * says so (a list read offline must never look current).
 */
import { useEffect, useMemo } from 'react';
import type { AccountView } from '../../../shared/account';
import { getMailDb } from '../../db/mail-db';
import { searchIndexerOf } from '../../db/search-indexer';
import { useAccounts } from '../accounts/accountsSlice';
import { ComposeButton, ComposeHost } from '../compose/ComposeHost';
import { DraftsPanel } from '../compose/DraftsPanel';
import { OutboxPanel } from '../outbox/OutboxPanel';
import { startDesktopNotifications } from '../notifications/desktop-notifications';
import { SearchBar } from '../search/SearchBar';
import { SearchResults } from '../search/SearchResults';
import { useSearch } from '../search/searchSlice';
import { summarizeConnection } from '../sync-status/connection-summary';
import { SyncNowButton } from '../sync-status/SyncNowButton';
import { SyncProgressBar } from '../sync/SyncProgressBar';
import { EMPTY_ACCOUNT, useSync } from '../sync/syncSlice';
import { FolderPane } from './FolderPane';
import { sourcesOf, viewKey, viewTitle } from './mailbox-view';
import { useMailbox } from './mailboxSlice';
import { MessageList } from './MessageList';
import { ReadingPane } from './ReadingPane';
import { useMailShortcuts } from './useMailShortcuts';

/** Background work of the mail screen waits this long after it first shows. */
const BACKGROUND_START_MS = 1500;

function SyncActivity({ accounts }: { readonly accounts: readonly AccountView[] }) {
  const syncs = useSync((state) => state.accounts);
  const many = accounts.length > 1;
  const lines = accounts.flatMap((account) => {
    const sync = syncs[account.id] ?? EMPTY_ACCOUNT;
    const summary = summarizeConnection(sync, account.enabled);
    const problem = summary.tone === 'warn' || summary.tone === 'error';
    if (!problem && sync.runningFolder === undefined) return [];
    return [
      <div key={account.id} className="mail-activity-account">
        {problem && (
          <p className={`offline-line tone-${summary.tone}`} role="status">
            <strong>
              {account.name}: {summary.label}.
            </strong>{' '}
            {summary.error?.message ?? ''} Showing mail saved on this computer.
          </p>
        )}
        {sync.runningFolder !== undefined && (
          <div className="mail-progress">
            {many && <span className="muted">{account.name}</span>}
            <SyncProgressBar sync={sync} />
          </div>
        )}
      </div>,
    ];
  });
  return lines.length === 0 ? null : <div className="mail-activity">{lines}</div>;
}

interface MailScreenProps {
  /** Opens the Email Accounts screen (from the empty state). */
  readonly onAddAccount: () => void;
}

export function MailScreen({ onAddAccount }: MailScreenProps) {
  const accounts = useAccounts((state) => state.accounts);
  const loadState = useAccounts((state) => state.loadState);
  const view = useMailbox((state) => state.view);
  const panel = useMailbox((state) => state.panel);
  const syncs = useSync((state) => state.accounts);
  const onKeyDown = useMailShortcuts(accounts);
  const searching = useSearch((state) => state.open);

  // Both outlive this screen once started: the index and notices follow every sync. They start
  // after the first paint: the indexer's catch-up reads every key of the cache, and the list
  // comes first (a search starts the indexer at once if it is not running yet).
  useEffect(() => {
    const timer = setTimeout(() => {
      searchIndexerOf(getMailDb());
      startDesktopNotifications(() => useAccounts.getState().accounts);
    }, BACKGROUND_START_MS);
    return () => clearTimeout(timer);
  }, []);

  const key = viewKey(view);
  // New arrays only when the view or the accounts change, so live queries are not redone.
  const sources = useMemo(() => sourcesOf(view, accounts), [view, accounts]);
  const title = viewTitle(view, accounts);
  const syncing = sources.some((source) => {
    const sync = syncs[source.accountId];
    return sync?.runningFolder === source.folder || sync?.waitingFolders.includes(source.folder);
  });
  const enabledIds = accounts.filter((a) => a.enabled).map((a) => a.id);

  if (loadState === 'ready' && accounts.length === 0) {
    return (
      <section className="screen" aria-labelledby="mail-title">
        <h1 id="mail-title">Mail</h1>
        <div className="empty-state">
          <h2>No mail to show yet</h2>
          <p>
            Add an email account: its Inbox and Sent folders sync to this computer and stay readable
            offline.
          </p>
          <button type="button" className="button button-large" onClick={onAddAccount}>
            Go to Email Accounts
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="mail-screen" aria-labelledby="mail-title" onKeyDown={onKeyDown}>
      <header className="mail-header">
        <h1 id="mail-title">Mail</h1>
        <SearchBar accounts={accounts} />
        <ComposeButton />
        <SyncNowButton accountIds={enabledIds} />
      </header>
      <SyncActivity accounts={accounts} />
      <div className="mail-panes">
        <FolderPane accounts={accounts} />
        {panel !== undefined ? (
          <div className="mail-outbox">
            {panel === 'outbox' ? <OutboxPanel /> : <DraftsPanel />}
          </div>
        ) : searching ? (
          <SearchResults accounts={accounts} />
        ) : (
          <MessageList
            key={key}
            view={view}
            viewKey={key}
            title={title}
            sources={sources}
            accounts={accounts}
            syncing={syncing}
          />
        )}
        {panel === undefined && <ReadingPane accounts={accounts} />}
      </div>
      <ComposeHost accounts={accounts} />
    </section>
  );
}
