/** The Email Accounts screen: the list, its empty state, and the add/edit/delete dialogs. */
import { useState } from 'react';
import type { AccountView } from '../../../shared/account';
import { useConnection } from '../../app/connectionSlice';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/Spinner';
import { AccountsTable } from './AccountsTable';
import { useAccounts } from './accountsSlice';
import { ConfirmDeleteDialog } from './ConfirmDeleteDialog';
import { AccountEditor } from './editor/AccountEditor';
import { useAccountEditor } from './editor/accountEditorSlice';

function KeychainNotice() {
  const secretStore = useConnection((state) => state.info?.secretStore);
  if (!secretStore || secretStore.available) return null;
  return (
    <div className="notice notice-warning" role="alert">
      <p className="notice-title">The system keychain is not available</p>
      <p>{secretStore.message ?? 'mailcrm cannot reach the keychain where it keeps passwords.'}</p>
      <p className="notice-hint">
        Accounts can be added, but their passwords cannot be saved: they stay &quot;Awaiting
        password&quot;. Unlock or start your keychain (GNOME Keyring, KWallet, macOS Keychain or
        Windows Credential Manager) and restart mailcrm.
      </p>
    </div>
  );
}

function EmptyState({ onAdd }: { onAdd: () => void }) {
  return (
    <div className="empty-state">
      <h2>No email accounts yet</h2>
      <p>
        Add a mailbox from Gmail, Microsoft 365, Yahoo, iCloud or any provider with IMAP and SMTP.
        mailcrm finds the server settings from the address.
      </p>
      <button type="button" className="button button-large" onClick={onAdd}>
        Add account
      </button>
    </div>
  );
}

export function AccountsScreen() {
  const accounts = useAccounts((state) => state.accounts);
  const loadState = useAccounts((state) => state.loadState);
  const loadError = useAccounts((state) => state.loadError);
  const pending = useAccounts((state) => state.pending);
  const failure = useAccounts((state) => state.failure);
  const load = useAccounts((state) => state.load);
  const setEnabled = useAccounts((state) => state.setEnabled);
  const duplicate = useAccounts((state) => state.duplicate);
  const signIn = useAccounts((state) => state.signIn);
  const remove = useAccounts((state) => state.remove);
  const dismissFailure = useAccounts((state) => state.dismissFailure);
  const connection = useConnection((state) => state.status);
  const editorOpen = useAccountEditor((state) => state.open);
  const openCreate = useAccountEditor((state) => state.openCreate);
  const openEdit = useAccountEditor((state) => state.openEdit);
  const [deleting, setDeleting] = useState<AccountView>();

  const canAdd = connection === 'connected';

  let body;
  if (loadState === 'ready' && accounts.length === 0) {
    body = <EmptyState onAdd={openCreate} />;
  } else if (loadState === 'ready') {
    body = (
      <AccountsTable
        accounts={accounts}
        pending={pending}
        onEdit={openEdit}
        onToggle={(account) => void setEnabled(account, !account.enabled)}
        onCopy={(account) => void duplicate(account)}
        onSignIn={(account) => void signIn(account)}
        onDelete={setDeleting}
      />
    );
  } else if (loadState === 'failed' && loadError) {
    body = (
      <ErrorNotice title="The accounts could not be loaded" error={loadError}>
        <button type="button" className="button button-secondary" onClick={() => void load()}>
          Try again
        </button>
      </ErrorNotice>
    );
  } else if (connection === 'lost' || connection === 'reconnecting') {
    body = <p className="muted">The accounts appear when mailcrm is connected again.</p>;
  } else {
    body = <Spinner label="Loading accounts…" />;
  }

  return (
    <section className="screen" aria-labelledby="accounts-title">
      <header className="screen-header">
        <div>
          <h1 id="accounts-title">Email Accounts</h1>
          <p className="muted">Mailboxes mailcrm reads and sends from.</p>
        </div>
        {loadState === 'ready' && accounts.length > 0 && (
          <button type="button" className="button" disabled={!canAdd} onClick={openCreate}>
            Add account
          </button>
        )}
      </header>

      <KeychainNotice />
      {failure && (
        <ErrorNotice title={failure.what} error={failure.error}>
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={dismissFailure}
          >
            Dismiss
          </button>
        </ErrorNotice>
      )}

      {body}

      {editorOpen && <AccountEditor />}
      {deleting && (
        <ConfirmDeleteDialog
          account={deleting}
          onConfirm={() => remove(deleting)}
          onClose={() => setDeleting(undefined)}
        />
      )}
    </section>
  );
}
