/** Creating or editing a template: name, who sees it, subject, rich body and a live preview. */
import { useMemo, useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors';
import { TEMPLATE_VARIABLES } from '../../../shared/templates/render-template';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { RadioGroup, TextField } from '../../components/Fields';
import { getMailDb } from '../../db/mail-db';
import type { TemplateRow, UserProfile } from '../../db/template-records';
import { saveTemplate } from '../../db/template-store';
import { previewTemplate, SAMPLE_RECIPIENT } from './preview';
import { RichTextEditor } from './RichTextEditor';
import { sanitizeRichText } from './sanitize-rich-text';
import { TemplatePreviewPane } from './TemplatePreviewPane';

const SCOPES = [
  { value: 'mine', label: 'Only me' },
  { value: 'shared', label: 'Shared with the team' },
] as const;

const TEMPLATE_PICKS = TEMPLATE_VARIABLES.filter((variable) => variable.usedIn !== 'signature')
  .map(({ name, label }) => ({ name, label }))
  .concat([{ name: 'signature', label: 'Signature of the sending account' }]);

/** Shown where {signature} goes: the real one depends on the sending account. */
const SIGNATURE_PLACEHOLDER =
  '<p class="template-signature">— the sending account’s signature —</p>';

interface TemplateEditorDialogProps {
  /** The template to edit; a new one when absent. */
  readonly template?: TemplateRow;
  readonly profile: UserProfile;
  readonly userEmail: string;
  readonly onClose: () => void;
}

export function TemplateEditorDialog({
  template,
  profile,
  userEmail,
  onClose,
}: TemplateEditorDialogProps) {
  const [name, setName] = useState(template?.name ?? '');
  const [scope, setScope] = useState<TemplateRow['scope']>(template?.scope ?? 'mine');
  const [subject, setSubject] = useState(template?.subject ?? '');
  const [bodyHtml, setBodyHtml] = useState(template?.bodyHtml ?? '');
  const [nameError, setNameError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<AppError>();

  const preview = useMemo(
    () =>
      previewTemplate(
        { subject, bodyHtml: sanitizeRichText(bodyHtml) },
        {
          ...SAMPLE_RECIPIENT,
          user: { ...profile, email: userEmail },
          signatureHtml: SIGNATURE_PLACEHOLDER,
        },
      ),
    [subject, bodyHtml, profile, userEmail],
  );

  async function save() {
    if (name.trim() === '') {
      setNameError('Give the template a name');
      return;
    }
    setSaving(true);
    setFailure(undefined);
    try {
      await saveTemplate(getMailDb(), {
        id: template?.id,
        name,
        scope,
        subject,
        bodyHtml: sanitizeRichText(bodyHtml),
      });
      onClose();
    } catch (thrown) {
      setFailure(toAppError(thrown));
      setSaving(false);
    }
  }

  return (
    <Dialog
      title={template ? `Edit “${template.name}”` : 'New template'}
      size="large"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button" disabled={saving} onClick={() => void save()}>
            {saving ? 'Saving…' : 'Save template'}
          </button>
        </>
      }
    >
      <div className="template-editor">
        {failure && <ErrorNotice title="The template was not saved" error={failure} />}
        <div className="field-row">
          <TextField
            className="field-grow"
            label="Name"
            value={name}
            autoFocus
            error={nameError}
            placeholder="e.g. Follow-up after demo"
            onChange={(value) => {
              setName(value);
              setNameError(undefined);
            }}
          />
          <RadioGroup
            legend="Who can use it"
            name="scope"
            value={scope}
            options={SCOPES}
            onChange={setScope}
          />
        </div>
        <TextField
          label="Subject"
          value={subject}
          placeholder="e.g. Next steps for {company.name|your team}"
          help="Variables work here too; {name|fallback} gives a value for contacts without one."
          onChange={setSubject}
        />
        <RichTextEditor
          label="Message"
          valueHtml={bodyHtml}
          onChange={setBodyHtml}
          variables={TEMPLATE_PICKS}
        />
        <TemplatePreviewPane
          preview={preview}
          sample="For a sample contact: Anna Berg of Northwind Traders, with a deal but no job title or phone."
        />
      </div>
    </Dialog>
  );
}
