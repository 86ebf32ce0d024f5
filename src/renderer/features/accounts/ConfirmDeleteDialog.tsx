/** Asks before deleting: the account's settings and its keychain secrets go; server mail stays. */
import { useState } from 'react';
import type { AccountView } from '../../../shared/account';
import { Dialog } from '../../components/Dialog';
import { Spinner } from '../../components/Spinner';

interface ConfirmDeleteDialogProps {
  readonly account: AccountView;
  readonly onConfirm: () => Promise<boolean>;
  readonly onClose: () => void;
}

export function ConfirmDeleteDialog({ account, onConfirm, onClose }: ConfirmDeleteDialogProps) {
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    await onConfirm();
    // A failure is shown above the list (with what to do), so close either way to reveal it.
    setBusy(false);
    onClose();
  }

  return (
    <Dialog
      title={`Delete ${account.name}?`}
      onClose={onClose}
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="button button-secondary" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            disabled={busy}
            onClick={() => void confirm()}
          >
            Delete account
          </button>
        </>
      }
    >
      <p>
        <strong>{account.email}</strong> is removed from mailcrm, and its passwords are removed from
        the system keychain.
      </p>
      <p className="muted">
        Mail on the server is not touched: you can add the account again later.
      </p>
      {busy && <Spinner label="Deleting…" />}
    </Dialog>
  );
}
