/**
 * Where the compose pane lives on the mail screen: the Compose button, the pane when open, and
 * the note left when it closed with something the user should know (the server copy of the
 * draft not saved).
 */
import type { AccountView } from '../../../shared/account';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ComposePane } from './ComposePane';
import { useCompose } from './composeSlice';
import './compose.css';

export function ComposeButton() {
  const openCompose = useCompose((state) => state.openCompose);
  return (
    <button
      type="button"
      className="button button-small"
      data-testid="compose-button"
      onClick={() => openCompose({ kind: 'new' })}
      title="Write a new message"
    >
      Compose
    </button>
  );
}

export function ComposeHost({ accounts }: { readonly accounts: readonly AccountView[] }) {
  const request = useCompose((state) => state.request);
  const session = useCompose((state) => state.session);
  const notice = useCompose((state) => state.notice);
  const dismiss = useCompose((state) => state.dismissNotice);
  return (
    <>
      {notice && (
        <div className="compose-notice">
          <ErrorNotice tone="warning" title={notice.title} error={notice.error}>
            <button
              type="button"
              className="button button-small button-secondary"
              onClick={dismiss}
            >
              Dismiss
            </button>
          </ErrorNotice>
        </div>
      )}
      {request && <ComposePane key={session} request={request} accounts={accounts} />}
    </>
  );
}
