/**
 * One account on the Sync status screen: connection, progress, numbers, the latest problem,
 * the folders, the history of runs and the drift report.
 */
import type { AccountView } from '../../../shared/account';
import { formatCount } from '../../../shared/text/counts';
import { ErrorNotice } from '../../components/ErrorNotice';
import { moment } from '../mailbox/format';
import { folderLabel } from '../mailbox/mailbox-view';
import { selectedFolders } from '../sync/sync-scheduler';
import { SyncProgressBar } from '../sync/SyncProgressBar';
import { useAccountSync } from '../sync/useAccountSync';
import { summarizeConnection } from './connection-summary';
import { ConnectionState } from './ConnectionState';
import { DriftReport } from './DriftReport';
import { describeCounts, RunHistory, RUN_STATUS } from './RunHistory';
import { SyncNowButton } from './SyncNowButton';

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function count(value: number | undefined): string {
  return value === undefined ? '…' : formatCount(value);
}

export function AccountSyncCard({ account }: { readonly account: AccountView }) {
  const sync = useAccountSync(account.id);
  const summary = summarizeConnection(sync, account.enabled);
  const cache = sync.cache;
  const headingId = `sync-${account.id}`;
  const chosen = selectedFolders(account);
  const folderCounts = new Map((cache?.folders ?? []).map((f) => [f.folder, f]));
  const folders = [...new Set([...chosen, ...folderCounts.keys()])];

  return (
    <section className="sync-card" aria-labelledby={headingId}>
      <header className="sync-card-header">
        <div>
          <h2 id={headingId}>{account.name}</h2>
          <p className="muted">{account.email}</p>
        </div>
        <SyncNowButton
          accountIds={[account.id]}
          accountName={account.name}
          disabled={!account.enabled}
        />
      </header>

      <ConnectionState summary={summary} />
      <SyncProgressBar sync={sync} />
      {sync.lastError && sync.lastError.error !== summary.error && (
        <ErrorNotice title={sync.lastError.what} error={sync.lastError.error} tone="warning" />
      )}

      <dl className="facts">
        <Fact label="Last sync" value={moment(sync.lastSyncAt)} />
        <Fact label="Messages synced" value={count(cache?.messages)} />
        <Fact label="Received today" value={count(cache?.receivedToday)} />
        <Fact label="Sent today" value={count(cache?.sentToday)} />
        <Fact label="Changes waiting to be sent" value={count(cache?.pendingActions)} />
        <Fact label="Changes the server refused" value={count(cache?.failedActions)} />
      </dl>

      <h3>Folders</h3>
      <table className="table folder-table">
        <thead>
          <tr>
            <th scope="col">Folder</th>
            <th scope="col">Cached</th>
            <th scope="col">Unread</th>
            <th scope="col">Last run</th>
          </tr>
        </thead>
        <tbody>
          {folders.map((folder) => {
            const counts = folderCounts.get(folder);
            const lastRun = sync.recentRuns.find(
              (run) => run.direction === 'download' && run.folders.includes(folder),
            );
            return (
              <tr key={folder}>
                <th scope="row">
                  {folderLabel(account, folder)}
                  {!chosen.includes(folder) && <span className="cell-note">No longer synced</span>}
                </th>
                <td>{counts ? formatCount(counts.messages) : 'Not synced yet'}</td>
                <td>{counts ? formatCount(counts.unread) : ''}</td>
                <td>
                  {sync.runningFolder === folder
                    ? 'Running…'
                    : lastRun
                      ? `${RUN_STATUS[lastRun.status]} ${moment(lastRun.finishedAt)}: ${describeCounts(lastRun)}`
                      : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h3>Cache against the server</h3>
      <DriftReport
        accountId={account.id}
        folders={chosen.map((path) => ({ path, label: folderLabel(account, path) }))}
        reports={sync.drift}
        runs={sync.recentRuns}
        canCheck={account.enabled}
      />

      <h3>Recent runs</h3>
      <RunHistory runs={sync.recentRuns} />
    </section>
  );
}
