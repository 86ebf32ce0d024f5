/** Creating or editing one account's signature, with a preview filled in from the profile. */
import { useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors';
import { renderSignature, TEMPLATE_VARIABLES } from '../../../shared/templates/render-template';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Checkbox, TextField } from '../../components/Fields';
import { getMailDb } from '../../db/mail-db';
import type { SignatureRow, UserProfile } from '../../db/template-records';
import { saveSignature } from '../../db/template-store';
import { RichTextEditor } from './RichTextEditor';
import { sanitizeRichText } from './sanitize-rich-text';

/** In a signature {company.name} is the user's own company. */
const SIGNATURE_PICKS = TEMPLATE_VARIABLES.filter((variable) => variable.usedIn !== 'template').map(
  ({ name, label }) => ({ name, label: name === 'company.name' ? 'Your company' : label }),
);

interface SignatureEditorDialogProps {
  readonly accountId: string;
  readonly accountEmail: string;
  readonly signature?: SignatureRow;
  /** True when the account has no signature yet: the new one becomes the default anyway. */
  readonly first: boolean;
  readonly profile: UserProfile;
  readonly onClose: () => void;
}

export function SignatureEditorDialog(props: SignatureEditorDialogProps) {
  const { signature, profile } = props;
  const [name, setName] = useState(signature?.name ?? (props.first ? 'Default' : ''));
  const [bodyHtml, setBodyHtml] = useState(
    signature?.bodyHtml ??
      '<div>{user.name}</div><div>{user.title}, {company.name}</div><div>{user.phone}</div>',
  );
  const [isDefault, setIsDefault] = useState(signature?.isDefault ?? props.first);
  const [nameError, setNameError] = useState<string>();
  const [failure, setFailure] = useState<AppError>();
  const [saving, setSaving] = useState(false);

  const previewHtml = renderSignature(sanitizeRichText(bodyHtml), {
    ...profile,
    email: props.accountEmail,
  });

  async function save() {
    if (name.trim() === '') {
      setNameError('Give the signature a name');
      return;
    }
    setSaving(true);
    try {
      await saveSignature(getMailDb(), {
        id: signature?.id,
        accountId: props.accountId,
        name,
        bodyHtml: sanitizeRichText(bodyHtml),
        isDefault,
      });
      props.onClose();
    } catch (thrown) {
      setFailure(toAppError(thrown));
      setSaving(false);
    }
  }

  return (
    <Dialog
      title={signature ? `Edit signature “${signature.name}”` : 'New signature'}
      subtitle={<p className="dialog-subtitle muted">For {props.accountEmail}</p>}
      size="large"
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={props.onClose}>
            Cancel
          </button>
          <button type="button" className="button" disabled={saving} onClick={() => void save()}>
            {saving ? 'Saving…' : 'Save signature'}
          </button>
        </>
      }
    >
      <div className="template-editor">
        {failure && <ErrorNotice title="The signature was not saved" error={failure} />}
        <TextField
          label="Name"
          value={name}
          autoFocus
          error={nameError}
          placeholder="e.g. Short, Formal"
          onChange={(value) => {
            setName(value);
            setNameError(undefined);
          }}
        />
        <RichTextEditor
          label="Signature"
          valueHtml={bodyHtml}
          onChange={setBodyHtml}
          variables={SIGNATURE_PICKS}
        />
        <Checkbox
          label="Default signature for this account"
          checked={isDefault}
          // An account keeps a default: make another signature the default instead.
          disabled={props.first || signature?.isDefault === true}
          help="Added to new messages, and to replies when the compose settings say so."
          onChange={setIsDefault}
        />
        <section className="template-preview" aria-label="Preview">
          <h3>Preview</h3>
          <p className="muted">
            Filled in from your profile. Empty values are left out; a signature never stops a
            message.
          </p>
          <div
            className="template-preview-body"
            // Sanitized signature with escaped profile values (renderSignature).
            dangerouslySetInnerHTML={{ __html: previewHtml }}
          />
        </section>
      </div>
    </Dialog>
  );
}
