/** The Status cell: a badge, and for errors the message and what to do about it. */
import type { AccountStatus as Status, AccountView } from '../../../shared/account';

function statusLabel(status: Status): string {
  switch (status) {
    case 'active':
      return 'Active';
    case 'disabled':
      return 'Disabled';
    case 'awaiting-password':
      return 'Awaiting password';
    case 'error':
      return 'Error';
    default: {
      const unknown: never = status;
      throw new Error(`Unknown account status: ${String(unknown)}`);
    }
  }
}

export function AccountStatus({ account }: { readonly account: AccountView }) {
  return (
    <div className="status-cell">
      <span className={`badge badge-${account.status}`}>{statusLabel(account.status)}</span>
      {account.status === 'awaiting-password' && (
        <p className="cell-note">Edit the account to enter its password.</p>
      )}
      {account.status === 'error' && account.lastError && (
        <>
          <p className="cell-note cell-error">{account.lastError.message}</p>
          {account.lastError.hint && <p className="cell-note">{account.lastError.hint}</p>}
        </>
      )}
    </div>
  );
}
