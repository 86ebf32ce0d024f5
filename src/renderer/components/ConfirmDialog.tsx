/** "Delete X?": nothing is removed until the user confirms; a failure is shown in the dialog. */
import { useState } from 'react';
import { toAppError, type AppError } from '../../shared/errors';
import { Dialog } from './Dialog';
import { ErrorNotice } from './ErrorNotice';

interface ConfirmDialogProps {
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
  readonly onConfirm: () => Promise<void>;
  readonly onClose: () => void;
}

export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppError>();

  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
      onClose();
    } catch (thrown) {
      setFailure(toAppError(thrown));
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            disabled={busy}
            onClick={() => void confirm()}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      {failure && <ErrorNotice error={failure} />}
      <p>{message}</p>
    </Dialog>
  );
}
