/**
 * Search results in place of the message list: what the search covered, the matches newest
 * first (the same rows as the list), and "Search the server" for mail whose body is not here.
 */
import { useCallback, useEffect, useMemo } from 'react';
import type { AccountView } from '../../../shared/account';
import { countOf, formatCount } from '../../../shared/text/counts';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/Spinner';
import type { FolderRow } from '../../db/cache-queries';
import { messageRefKey } from '../mailbox/mailbox-view';
import { useMailbox } from '../mailbox/mailboxSlice';
import { ROW_HEIGHT } from '../mailbox/MessageList';
import { MessageRow } from '../mailbox/MessageRow';
import { coverageLine } from './local-search';
import { useSearch, type ServerState } from './searchSlice';
import './search.css';

/** Rows shown at most (local and server results together). */
const SHOWN = 500;

function refOf(row: FolderRow) {
  const { accountId, folder, uidValidity, uid, messageKey } = row.membership;
  return { accountId, folder, uidValidity, uid, messageKey };
}

function ServerLine({
  server,
  onSearch,
}: {
  readonly server: ServerState;
  readonly onSearch: () => void;
}) {
  switch (server.status) {
    case 'idle':
      return (
        <div className="search-server">
          <span className="muted">Mail whose body is not on this computer may match too.</span>
          <button type="button" className="button button-small button-secondary" onClick={onSearch}>
            Search the server
          </button>
        </div>
      );
    case 'running':
      return (
        <div className="search-server">
          <Spinner label="Searching the server…" />
        </div>
      );
    case 'failed':
      return <ErrorNotice title="The server could not be searched" error={server.error} />;
    case 'done': {
      const { found, notCached, failures } = server.outcome;
      return (
        <div className="search-server" role="status">
          <span>
            The server found {countOf(found, 'message', 'messages')}
            {notCached > 0 ? ` (${formatCount(notCached)} not synced yet)` : ''}.
          </span>
          {failures.map((failure) => (
            <span key={failure.folder} className="muted">
              {failure.folder}: {failure.error.message}
            </span>
          ))}
        </div>
      );
    }
    default: {
      const unknown: never = server;
      throw new Error(`Unknown server search state: ${JSON.stringify(unknown)}`);
    }
  }
}

export function SearchResults({ accounts }: { readonly accounts: readonly AccountView[] }) {
  const local = useSearch((state) => state.local);
  const server = useSearch((state) => state.server);
  const allRows = useSearch((state) => state.rows);
  const searchServer = useSearch((state) => state.searchServer);
  const selected = useMailbox((state) => state.selected);
  const wantedIndex = useMailbox((state) => state.wantedIndex);
  const select = useMailbox((state) => state.select);
  const rows = allRows.slice(0, SHOWN);

  const open = useCallback((row: FolderRow, index: number) => select(refOf(row), index), [select]);

  // j/k and "next after archive" ask for an index: open that row of the results.
  useEffect(() => {
    if (wantedIndex === undefined || rows.length === 0) return;
    const index = Math.min(wantedIndex, rows.length - 1);
    const row = rows[index];
    if (row !== undefined) select(refOf(row), index);
  }, [wantedIndex, rows, select]);

  const sentFolders = useMemo(
    () => new Set(accounts.map((a) => `${a.id}\u0000${a.folders.sent ?? ''}`)),
    [accounts],
  );
  const selectedKey = selected === undefined ? undefined : messageRefKey(selected);

  let body;
  if (local.status === 'running' || local.status === 'idle') {
    body = <Spinner label="Searching…" />;
  } else if (local.status === 'failed') {
    body = <ErrorNotice title="The search could not be run" error={local.error} />;
  } else {
    const { result, query, tookMs } = local;
    const matches = result.matches + (allRows.length - result.rows.length);
    body = (
      <>
        <p className="search-coverage muted" role="status" data-took-ms={Math.round(tookMs)}>
          {countOf(matches, 'match', 'matches')}: {coverageLine(result)}.
        </p>
        {query.problems.length > 0 && (
          <p className="search-problems">Not understood: {query.problems.join(', ')}</p>
        )}
        <ServerLine server={server} onSearch={() => void searchServer(accounts)} />
        {rows.length === 0 ? (
          <div className="list-empty">
            <p>No messages match.</p>
          </div>
        ) : (
          <div className="message-list" role="listbox" tabIndex={0} aria-label="Search results">
            <div className="message-list-spacer" style={{ height: rows.length * ROW_HEIGHT }}>
              {rows.map((row, index) => {
                const id = `result-${encodeURIComponent(messageRefKey(row.membership))}`;
                return (
                  <MessageRow
                    key={id}
                    id={id}
                    row={row}
                    index={index}
                    total={rows.length}
                    top={index * ROW_HEIGHT}
                    height={ROW_HEIGHT}
                    selected={selectedKey === messageRefKey(row.membership)}
                    outgoing={sentFolders.has(
                      `${row.membership.accountId}\u0000${row.membership.folder}`,
                    )}
                    onOpen={open}
                  />
                );
              })}
            </div>
          </div>
        )}
      </>
    );
  }

  return (
    <section className="message-list-pane" aria-label="Search results">
      <header className="list-header">
        <h2 className="list-title">Search results</h2>
      </header>
      {body}
    </section>
  );
}
