/**
 * The draft's save state under the compose pane: saving, saved (here, and in the server's
 * Drafts), or what went wrong; a server failure says the local copy is safe.
 */
import { useSyncExternalStore } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SERVER_NOT_SAVED, type DraftSession } from '../../db/draft-store';

export function DraftStatusLine({ session }: { readonly session: DraftSession }) {
  const status = useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.status(),
  );
  if (status.local === 'failed' && status.localError) {
    return (
      <ErrorNotice
        title="The draft could not be saved on this computer"
        error={status.localError}
      />
    );
  }
  if (status.server === 'failed' && status.serverError) {
    return <ErrorNotice tone="warning" title={SERVER_NOT_SAVED} error={status.serverError} />;
  }
  const text =
    status.local === 'idle'
      ? ''
      : status.local === 'pending'
        ? 'Saving draft…'
        : status.server === 'saved'
          ? 'Draft saved'
          : 'Draft saved on this computer';
  return (
    <span className="muted compose-draft-status" role="status" data-testid="compose-draft-status">
      {text}
    </span>
  );
}
