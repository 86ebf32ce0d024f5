/**
 * The message list of the current view, virtualised: fixed row height, absolutely placed rows,
 * and only the rows on screen plus an overscan are read from the cache and rendered. The cache
 * is read in aligned chunks, so scrolling a few pixels does not query again.
 */
import { useCallback, useEffect, useMemo, type KeyboardEvent } from 'react';
import type { AccountView } from '../../../shared/account';
import { countOf, formatCount } from '../../../shared/text/counts';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/Spinner';
import type { FolderRow } from '../../db/cache-queries';
import { getMailDb } from '../../db/mail-db';
import { useLiveQuery } from '../../db/useLiveQuery';
import { runBulkAction, type MailActionKind } from './mail-actions';
import { countSources } from './mailbox-queries';
import {
  messageRefKey,
  type FolderSource,
  type MailboxView,
  type SelectedMessage,
} from './mailbox-view';
import { useMailbox } from './mailboxSlice';
import { MessageRow } from './MessageRow';
import { useListWindow } from './useListWindow';
import { useVirtualWindow } from './useVirtualWindow';

/** Row height in pixels; the CSS of .message-row matches it. */
export const ROW_HEIGHT = 72;
/** Rows rendered beyond the viewport on each side. */
const OVERSCAN = 8;
/** Rows are read from the cache in windows aligned to this. */
const CHUNK = 40;

interface MessageListProps {
  readonly view: MailboxView;
  readonly viewKey: string;
  readonly title: string;
  readonly sources: readonly FolderSource[];
  readonly accounts: readonly AccountView[];
  /** Shown instead of "No messages" while the view's folders are still syncing. */
  readonly syncing: boolean;
}

function refOf(row: FolderRow): SelectedMessage {
  const { accountId, folder, uidValidity, uid, messageKey } = row.membership;
  return { accountId, folder, uidValidity, uid, messageKey };
}

const BULK: readonly { readonly kind: MailActionKind; readonly label: string }[] = [
  { kind: 'archive', label: 'Archive' },
  { kind: 'delete', label: 'Delete' },
  { kind: 'read', label: 'Mark read' },
  { kind: 'unread', label: 'Mark unread' },
  { kind: 'flag', label: 'Flag' },
];

/** The actions on the checked messages, shown while any are checked. */
function BulkBar({ accounts }: { readonly accounts: readonly AccountView[] }) {
  const checked = useMailbox((state) => state.checked);
  const clear = useMailbox((state) => state.clearChecked);
  if (checked.size === 0) return null;
  const messages = [...checked.values()];
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Actions on checked messages">
      <span className="bulk-count">{formatCount(checked.size)} checked</span>
      {BULK.map(({ kind, label }) => (
        <button
          key={kind}
          type="button"
          className="button button-small button-secondary"
          onClick={() => void runBulkAction(kind, messages, accounts)}
        >
          {label}
        </button>
      ))}
      <button type="button" className="link-button" onClick={clear}>
        Clear
      </button>
    </div>
  );
}

function rowId(row: FolderRow): string {
  const { accountId, folder, uidValidity, uid } = row.membership;
  return `msg-${encodeURIComponent(messageRefKey({ accountId, folder, uidValidity, uid }))}`;
}

export function MessageList({
  view,
  viewKey,
  title,
  sources,
  accounts,
  syncing,
}: MessageListProps) {
  const selected = useMailbox((state) => state.selected);
  const selectedIndex = useMailbox((state) => state.selectedIndex);
  const wantedIndex = useMailbox((state) => state.wantedIndex);
  const select = useMailbox((state) => state.select);
  const selectIndex = useMailbox((state) => state.selectIndex);
  const noteIndex = useMailbox((state) => state.noteIndex);
  const checked = useMailbox((state) => state.checked);
  const checkAnchor = useMailbox((state) => state.checkAnchor);
  const toggleChecked = useMailbox((state) => state.toggleChecked);
  const addChecked = useMailbox((state) => state.addChecked);
  const { ref, first, last, reveal } = useVirtualWindow(ROW_HEIGHT, viewKey);

  const countQuery = useCallback(() => countSources(getMailDb(), sources), [sources]);
  const count = useLiveQuery(countQuery);
  const total = count.status === 'ready' ? count.value : 0;

  const from = Math.max(0, first - OVERSCAN);
  const to = Math.min(total, last + OVERSCAN);
  const chunkStart = Math.floor(from / CHUNK) * CHUNK;
  const chunkEnd = Math.max(chunkStart + CHUNK, Math.ceil(to / CHUNK) * CHUNK);
  const { window: current, error: pageError } = useListWindow(
    sources,
    viewKey,
    chunkStart,
    chunkEnd - chunkStart,
  );
  const rowAt = useCallback(
    (index: number): FolderRow | undefined => current?.rows[index - current.offset],
    [current],
  );

  // j/k past the rows on screen, or the next message after archive: open it once it is read.
  useEffect(() => {
    if (wantedIndex === undefined || count.status !== 'ready') return;
    if (total === 0) return;
    const index = Math.min(wantedIndex, total - 1);
    reveal(index);
    const row = rowAt(index);
    if (row !== undefined) {
      const { accountId, folder, uidValidity, uid, messageKey } = row.membership;
      select({ accountId, folder, uidValidity, uid, messageKey }, index);
    }
  }, [wantedIndex, total, count.status, rowAt, reveal, select]);

  // New mail above the open message moves it down: keep j/k going from where it is now.
  const selectedKey = selected === undefined ? undefined : messageRefKey(selected);
  useEffect(() => {
    if (current === undefined || selectedKey === undefined) return;
    const at = current.rows.findIndex((row) => messageRefKey(row.membership) === selectedKey);
    if (at !== -1) noteIndex(current.offset + at);
  }, [current, selectedKey, noteIndex]);

  const open = useCallback(
    (row: FolderRow, index: number) => {
      const { accountId, folder, uidValidity, uid, messageKey } = row.membership;
      select({ accountId, folder, uidValidity, uid, messageKey }, index);
    },
    [select],
  );

  const check = useCallback(
    (row: FolderRow, index: number, mode: 'toggle' | 'range') => {
      if (mode === 'toggle' || checkAnchor === undefined) {
        toggleChecked(refOf(row), index);
        return;
      }
      // A range reaches as far as the rows read; the window covers what is on screen.
      const range: SelectedMessage[] = [];
      const [low, high] = checkAnchor < index ? [checkAnchor, index] : [index, checkAnchor];
      for (let at = low; at <= high; at += 1) {
        const inRange = rowAt(at);
        if (inRange !== undefined) range.push(refOf(inRange));
      }
      addChecked(range, index);
    },
    [checkAnchor, toggleChecked, addChecked, rowAt],
  );

  const accountNames = useMemo(() => new Map(accounts.map((a) => [a.id, a.name])), [accounts]);
  const sentFolders = useMemo(
    () => new Set(accounts.map((a) => `${a.id}\u0000${a.folders.sent ?? ''}`)),
    [accounts],
  );
  const mixed = view.kind === 'unified' && new Set(sources.map((s) => s.accountId)).size > 1;

  const rows = [];
  let activeId: string | undefined;
  for (let index = from; index < to; index += 1) {
    const row = rowAt(index);
    const top = index * ROW_HEIGHT;
    if (row === undefined) {
      rows.push(
        <div
          key={`placeholder-${index}`}
          className="message-row placeholder"
          style={{ top, height: ROW_HEIGHT }}
          aria-hidden="true"
        />,
      );
      continue;
    }
    const id = rowId(row);
    const isSelected = selectedKey === messageRefKey(row.membership);
    if (isSelected) activeId = id;
    rows.push(
      <MessageRow
        key={id}
        id={id}
        row={row}
        index={index}
        total={total}
        top={top}
        height={ROW_HEIGHT}
        selected={isSelected}
        checked={checked.has(messageRefKey(row.membership))}
        onCheck={check}
        outgoing={sentFolders.has(`${row.membership.accountId}\u0000${row.membership.folder}`)}
        accountName={mixed ? accountNames.get(row.membership.accountId) : undefined}
        onOpen={open}
      />,
    );
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const currentIndex = selectedIndex ?? -1;
    let next: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
        next = currentIndex + 1;
        break;
      case 'ArrowUp':
        next = Math.max(0, currentIndex - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = total - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    if (next >= 0 && next < total) selectIndex(next);
  }

  let overlay;
  if (pageError !== undefined && current === undefined) {
    overlay = (
      <ErrorNotice title="The messages could not be read from the cache" error={pageError} />
    );
  } else if (count.status === 'failed') {
    overlay = (
      <ErrorNotice title="The messages could not be read from the cache" error={count.error} />
    );
  } else if (count.status === 'loading' || (total > 0 && current === undefined)) {
    overlay = <Spinner label="Loading messages…" />;
  } else if (total === 0) {
    overlay = syncing ? (
      <Spinner label="Downloading messages…" />
    ) : (
      <div className="list-empty">
        <p>No messages in {title}.</p>
        <p className="muted">New mail appears here as it arrives.</p>
      </div>
    );
  }

  return (
    <section className="message-list-pane" aria-label="Message list">
      <header className="list-header">
        <h2 className="list-title">{title}</h2>
        <p className="muted list-count" aria-live="polite">
          {count.status === 'ready' ? countOf(total, 'message', 'messages') : ''}
        </p>
      </header>
      <BulkBar accounts={accounts} />
      {overlay && <div className="list-overlay">{overlay}</div>}
      <div
        ref={ref}
        className="message-list"
        role="listbox"
        tabIndex={0}
        aria-label={`Messages in ${title}`}
        aria-activedescendant={activeId}
        onKeyDown={onKeyDown}
      >
        <div className="message-list-spacer" style={{ height: total * ROW_HEIGHT }}>
          {rows}
        </div>
      </div>
    </section>
  );
}
