/**
 * The mail screen's folder list: the unified inbox on top, then each account with the folders
 * it syncs and their unread counts, live from the cache. Each account shows whether it is
 * connected, so a list read offline never looks current.
 */
import { useCallback, type ReactNode } from 'react';
import type { AccountView } from '../../../shared/account';
import { formatCount } from '../../../shared/text/counts';
import { getMailDb } from '../../db/mail-db';
import { useLiveQuery } from '../../db/useLiveQuery';
import { NotifyToggle } from '../notifications/NotifyToggle';
import { OutboxBadge } from '../outbox/OutboxBadge';
import { ConnectionDot } from '../sync-status/ConnectionDot';
import { readFolderTree } from './mailbox-queries';
import { UNIFIED, sameView, type MailboxView } from './mailbox-view';
import { useMailbox } from './mailboxSlice';

/** One entry; `children` follow the name (e.g. the Outbox's badge). */
function FolderButton(props: {
  readonly label: string;
  readonly unread?: number;
  readonly current: boolean;
  readonly onClick: () => void;
  readonly children?: ReactNode;
}) {
  const unread = props.unread ?? 0;
  return (
    <button
      type="button"
      className="folder-item"
      aria-current={props.current ? 'true' : undefined}
      onClick={props.onClick}
    >
      <span className="folder-name">{props.label}</span>
      {unread > 0 && (
        <span className="folder-unread" aria-label={`${unread} unread`}>
          {formatCount(unread)}
        </span>
      )}
      {props.children}
    </button>
  );
}

export function FolderPane({ accounts }: { readonly accounts: readonly AccountView[] }) {
  const view = useMailbox((state) => state.view);
  const showView = useMailbox((state) => state.showView);
  const query = useCallback(() => readFolderTree(getMailDb(), accounts), [accounts]);
  const tree = useLiveQuery(query);
  const folders = tree.status === 'ready' ? tree.value : undefined;
  const panel = useMailbox((state) => state.panel);
  const showPanel = useMailbox((state) => state.showPanel);
  const isCurrent = (candidate: MailboxView) => panel === undefined && sameView(candidate, view);

  return (
    <nav className="folder-pane" aria-label="Folders">
      <ul className="folder-list">
        <li>
          <FolderButton
            label="All inboxes"
            unread={folders?.unifiedUnread ?? 0}
            current={isCurrent(UNIFIED)}
            onClick={() => showView(UNIFIED)}
          />
        </li>
        <li>
          <FolderButton
            label="Outbox"
            current={panel === 'outbox'}
            onClick={() => showPanel('outbox')}
          >
            <OutboxBadge />
          </FolderButton>
        </li>
        <li>
          <FolderButton
            label="Drafts"
            current={panel === 'drafts'}
            onClick={() => showPanel('drafts')}
          />
        </li>
      </ul>
      {accounts.map((account) => {
        const entry = folders?.accounts.find((a) => a.accountId === account.id);
        const headingId = `folders-${account.id}`;
        return (
          <section key={account.id} className="folder-account" aria-labelledby={headingId}>
            <h3 id={headingId} className="folder-account-name">
              <ConnectionDot accountId={account.id} enabled={account.enabled} />
              <span>{account.name}</span>
              <NotifyToggle accountId={account.id} accountName={account.name} />
            </h3>
            {!account.enabled && <p className="folder-note muted">Disabled: not syncing.</p>}
            <ul className="folder-list">
              {(entry?.folders ?? []).map((folder) => {
                const target: MailboxView = {
                  kind: 'folder',
                  accountId: account.id,
                  folder: folder.folder,
                };
                return (
                  <li key={folder.folder}>
                    <FolderButton
                      label={folder.label}
                      unread={folder.unread}
                      current={isCurrent(target)}
                      onClick={() => showView(target)}
                    />
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </nav>
  );
}
