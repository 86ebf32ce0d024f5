/**
 * Drafts: the messages being written, saved on this computer (and in the server's Drafts),
 * newest first, to open again where they were left or to discard.
 */
import { useCallback, useState } from 'react';
import type { AppError } from '../../../shared/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { DraftRow } from '../../db/compose-records';
import { discardDraft, listDrafts } from '../../db/draft-store';
import { useLiveQuery } from '../../db/useLiveQuery';
import { formatAddresses, fullDate } from '../mailbox/format';
import { useComposeDeps } from './compose-deps';
import { useCompose } from './composeSlice';
import '../outbox/outbox.css';

function DraftEntry({ row }: { readonly row: DraftRow }) {
  const deps = useComposeDeps();
  const [failure, setFailure] = useState<AppError>();
  const subject = row.message.subject === '' ? '(no subject)' : row.message.subject;
  const to = row.typed?.to.trim() || formatAddresses(row.message.to) || 'no recipient yet';
  const onServer = row.serverSavedAt !== undefined && row.serverSavedAt >= row.updatedAt;
  return (
    <li className="outbox-item" aria-label={subject}>
      <div className="outbox-line">
        <span className="outbox-subject">{subject}</span>
        <span className="outbox-state">Saved {fullDate(row.updatedAt)}</span>
      </div>
      <p className="outbox-to muted">
        To {to}
        {onServer ? '' : ' · on this computer only, not yet in Drafts on the server'}
      </p>
      {failure && (
        <ErrorNotice title="Removed here; the server copy could not be removed" error={failure} />
      )}
      <div className="outbox-actions">
        <button
          type="button"
          className="button button-small button-secondary"
          onClick={() => useCompose.getState().openCompose({ kind: 'draft', draftId: row.id })}
        >
          Open
        </button>
        <button
          type="button"
          className="button button-small button-danger-quiet"
          onClick={() => void discardDraft(deps.db, deps.api, row.id).then(setFailure)}
        >
          Discard
        </button>
      </div>
    </li>
  );
}

/** The Drafts panel of the mail screen. */
export function DraftsPanel() {
  const { db } = useComposeDeps();
  const result = useLiveQuery(useCallback(() => listDrafts(db), [db]));
  if (result.status === 'loading') return <section className="outbox" aria-label="Drafts" />;
  if (result.status === 'failed') {
    return (
      <section className="outbox" aria-label="Drafts">
        <ErrorNotice title="Could not read the drafts" error={result.error} />
      </section>
    );
  }
  return (
    <section className="outbox" aria-label="Drafts">
      <h2>Drafts</h2>
      {result.value.length === 0 ? (
        <p className="muted">No drafts. A message you start is saved here as you write.</p>
      ) : (
        <ul className="outbox-list" aria-label="Drafts">
          {result.value.map((row) => (
            <DraftEntry key={row.id} row={row} />
          ))}
        </ul>
      )}
    </section>
  );
}
