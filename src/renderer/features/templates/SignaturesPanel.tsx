/** The Signatures tab: one account's signatures (one default), and the user's profile. */
import { useState } from 'react';
import type { AccountView } from '../../../shared/account';
import { renderSignature } from '../../../shared/templates/render-template';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/Spinner';
import { getMailDb } from '../../db/mail-db';
import type { SignatureRow, UserProfile } from '../../db/template-records';
import { deleteSignature, EMPTY_PROFILE, setDefaultSignature } from '../../db/template-store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SignatureEditorDialog } from './SignatureEditorDialog';
import { useProfile, useSignatures } from './useTemplates';

type Editing = { readonly signature?: SignatureRow } | undefined;

function SignatureCard(props: {
  signature: SignatureRow;
  profile: UserProfile;
  email: string;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { signature } = props;
  return (
    <li className="signature-card">
      <div className="signature-card-header">
        <h3>{signature.name}</h3>
        {signature.isDefault && <span className="badge badge-active">Default</span>}
        <div className="row-actions">
          {!signature.isDefault && (
            <button
              type="button"
              className="button button-small button-secondary"
              onClick={() => void setDefaultSignature(getMailDb(), signature.id)}
            >
              Make default
            </button>
          )}
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={props.onEdit}
          >
            Edit
          </button>
          <button
            type="button"
            className="button button-small button-danger-quiet"
            aria-label={`Delete ${signature.name}`}
            onClick={props.onDelete}
          >
            Delete
          </button>
        </div>
      </div>
      <div
        className="template-preview-body"
        // Stored signatures are sanitized; profile values are escaped by renderSignature.
        dangerouslySetInnerHTML={{
          __html: renderSignature(signature.bodyHtml, { ...props.profile, email: props.email }),
        }}
      />
    </li>
  );
}

export function SignaturesPanel({ account }: { account: AccountView }) {
  const signatures = useSignatures(account.id);
  const profileResult = useProfile();
  const profile = profileResult.status === 'ready' ? profileResult.value : EMPTY_PROFILE;
  const [editing, setEditing] = useState<Editing>();
  const [deleting, setDeleting] = useState<SignatureRow>();

  let list;
  if (signatures.status === 'failed') {
    list = <ErrorNotice title="The signatures could not be read" error={signatures.error} />;
  } else if (signatures.status === 'loading') {
    list = <Spinner label="Loading signatures…" />;
  } else if (signatures.value.length === 0) {
    list = (
      <div className="empty-state empty-state-compact">
        <h2>No signature for {account.email}</h2>
        <p>Create one: it is added to every new message from this account.</p>
        <button type="button" className="button" onClick={() => setEditing({})}>
          New signature
        </button>
      </div>
    );
  } else {
    list = (
      <ul className="signature-list">
        {signatures.value.map((signature) => (
          <SignatureCard
            key={signature.id}
            signature={signature}
            profile={profile}
            email={account.email}
            onEdit={() => setEditing({ signature })}
            onDelete={() => setDeleting(signature)}
          />
        ))}
      </ul>
    );
  }

  const count = signatures.status === 'ready' ? signatures.value.length : 0;
  return (
    <div className="templates-panel">
      {count > 0 && (
        <div className="panel-actions">
          <button type="button" className="button" onClick={() => setEditing({})}>
            New signature
          </button>
        </div>
      )}
      {list}
      {editing && (
        <SignatureEditorDialog
          accountId={account.id}
          accountEmail={account.email}
          signature={editing.signature}
          first={count === 0}
          profile={profile}
          onClose={() => setEditing(undefined)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete signature “${deleting.name}”?`}
          message={
            deleting.isDefault && count > 1
              ? 'Another signature of this account becomes the default.'
              : 'Messages already sent keep their signature.'
          }
          confirmLabel="Delete signature"
          onConfirm={() => deleteSignature(getMailDb(), deleting.id)}
          onClose={() => setDeleting(undefined)}
        />
      )}
    </div>
  );
}
