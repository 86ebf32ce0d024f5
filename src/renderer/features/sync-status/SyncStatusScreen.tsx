/** The Sync status screen: every account's connection, numbers, history and drift. */
import { Spinner } from '../../components/Spinner';
import { useAccounts } from '../accounts/accountsSlice';
import { AccountSyncCard } from './AccountSyncCard';

export function SyncStatusScreen() {
  const accounts = useAccounts((state) => state.accounts);
  const loadState = useAccounts((state) => state.loadState);

  let body;
  if (loadState !== 'ready') body = <Spinner label="Loading accounts…" />;
  else if (accounts.length === 0) {
    body = <p className="muted">No accounts yet: add one under Email Accounts.</p>;
  } else body = accounts.map((account) => <AccountSyncCard key={account.id} account={account} />);

  return (
    <section className="screen" aria-labelledby="sync-status-title">
      <header className="screen-header">
        <div>
          <h1 id="sync-status-title">Sync status</h1>
          <p className="muted">What each account has synced, how recently, and what went wrong.</p>
        </div>
      </header>
      {body}
    </section>
  );
}
