/** The accounts list: who, which provider, personal or team, status, and the row actions. */
import type { AccountView, ProviderId } from '../../../shared/account';
import { AccountStatus } from './AccountStatus';

const PROVIDER_NAMES: Readonly<Record<ProviderId, string>> = {
  gmail: 'Gmail',
  microsoft: 'Microsoft 365',
  yahoo: 'Yahoo',
  icloud: 'iCloud',
  aol: 'AOL',
  zoho: 'Zoho',
  fastmail: 'Fastmail',
  gmx: 'GMX',
  yandex: 'Yandex',
  'proton-bridge': 'Proton Bridge',
  custom: 'IMAP/SMTP',
};

/** An OAuth account whose last connection was refused: its sign-in expired or was revoked. */
function needsSignIn(account: AccountView): boolean {
  return account.auth === 'oauth' && account.enabled && account.lastError?.code === 'AUTH_FAILED';
}

interface AccountsTableProps {
  readonly accounts: readonly AccountView[];
  readonly pending: Readonly<Record<string, string>>;
  readonly onEdit: (account: AccountView) => void;
  readonly onToggle: (account: AccountView) => void;
  readonly onCopy: (account: AccountView) => void;
  readonly onSignIn: (account: AccountView) => void;
  readonly onDelete: (account: AccountView) => void;
}

export function AccountsTable(props: AccountsTableProps) {
  return (
    <div className="table-scroll">
      <table className="table accounts-table">
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Provider</th>
            <th scope="col">User/Team</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.accounts.map((account) => {
            const progress = props.pending[account.id];
            const busy = progress !== undefined;
            return (
              <tr key={account.id} aria-busy={busy || undefined}>
                <th scope="row" className="account-cell">
                  <span className="account-name">
                    {account.name}
                    {account.isDefaultSender && <span className="tag">Default</span>}
                  </span>
                  <span className="account-email">{account.email}</span>
                </th>
                <td>
                  {PROVIDER_NAMES[account.provider]}
                  <span className="cell-note">{account.imap.host}</span>
                </td>
                <td>{account.scope === 'team' ? 'Team' : 'Personal'}</td>
                <td>
                  <AccountStatus account={account} />
                </td>
                <td className="actions-cell">
                  {busy ? (
                    <span className="muted" role="status">
                      {progress}
                    </span>
                  ) : (
                    <div className="row-actions">
                      {needsSignIn(account) && (
                        <button
                          type="button"
                          className="button button-small"
                          aria-label={`Sign in again to ${account.name}`}
                          onClick={() => props.onSignIn(account)}
                        >
                          Sign in again
                        </button>
                      )}
                      <button
                        type="button"
                        className="button button-small button-secondary"
                        aria-label={`Edit ${account.name}`}
                        onClick={() => props.onEdit(account)}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="button button-small button-secondary"
                        aria-label={`${account.enabled ? 'Disable' : 'Enable'} ${account.name}`}
                        onClick={() => props.onToggle(account)}
                      >
                        {account.enabled ? 'Disable' : 'Enable'}
                      </button>
                      <button
                        type="button"
                        className="button button-small button-secondary"
                        aria-label={`Create copy of ${account.name}`}
                        onClick={() => props.onCopy(account)}
                      >
                        Create copy
                      </button>
                      <button
                        type="button"
                        className="button button-small button-danger-quiet"
                        aria-label={`Delete ${account.name}`}
                        onClick={() => props.onDelete(account)}
                      >
                        Delete
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
