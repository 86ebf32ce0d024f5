/**
 * The template picker and the per-recipient preview. Picking a template puts its subject (on new
 * mail, or when the subject is empty) and its body into the message; its variables are filled in
 * for each recipient when the message is sent, and the preview shows that result beforehand.
 */
import { useId, useState } from 'react';
import type { MailAddress } from '../../../shared/compose';
import { formatMailAddress } from '../../../shared/compose/quote';
import { templateContextFor, type SenderContext } from '../../../shared/compose/recipient-context';
import { missingVariableError, renderTemplate } from '../../../shared/templates/render-template';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { TemplateRow } from '../../db/template-records';
import { sanitizeRichText } from '../templates/sanitize-rich-text';

interface TemplateBarProps {
  readonly templates: readonly TemplateRow[];
  readonly templateId?: string;
  /** A template, or undefined for None (the text stays, its variables are no longer filled in). */
  readonly onPick: (template: TemplateRow | undefined) => void;
  readonly subject: string;
  readonly bodyHtml: string;
  readonly recipients: readonly MailAddress[];
  readonly sender: SenderContext;
  /** Several messages will be sent, one per To recipient. */
  readonly perRecipient: boolean;
}

function Preview(props: TemplateBarProps & { readonly recipient: MailAddress }) {
  const rendered = renderTemplate(
    { subject: props.subject, bodyHtml: sanitizeRichText(props.bodyHtml) },
    templateContextFor(props.recipient, props.sender),
  );
  if (!rendered.ok) {
    return (
      <ErrorNotice
        error={missingVariableError(formatMailAddress(props.recipient), rendered.missing)}
      />
    );
  }
  return (
    <div className="compose-preview" data-testid="compose-preview">
      <p className="compose-preview-subject">
        <strong>Subject:</strong> {rendered.subject}
      </p>
      <div
        className="compose-preview-body"
        // Sanitized rich text only: simple tags and http(s)/mailto links.
        dangerouslySetInnerHTML={{ __html: sanitizeRichText(rendered.bodyHtml) }}
      />
    </div>
  );
}

export function TemplateBar(props: TemplateBarProps) {
  const pickerId = useId();
  const [previewing, setPreviewing] = useState(false);
  const [chosen, setChosen] = useState(0);
  const recipient = props.recipients[Math.min(chosen, props.recipients.length - 1)];
  return (
    <div className="compose-template-bar">
      <div className="field compose-template-picker">
        <label htmlFor={pickerId}>Template</label>
        <select
          id={pickerId}
          data-testid="compose-template"
          value={props.templateId ?? ''}
          onChange={(event) => {
            props.onPick(props.templates.find((t) => t.id === event.target.value));
          }}
        >
          <option value="">{props.templates.length === 0 ? 'No templates yet' : 'None'}</option>
          {props.templates.map((template) => (
            <option key={template.id} value={template.id}>
              {template.name}
            </option>
          ))}
        </select>
      </div>
      {props.templateId !== undefined && (
        <div className="compose-template-preview">
          <label className="field-check">
            <input
              type="checkbox"
              checked={previewing}
              disabled={recipient === undefined}
              onChange={(event) => setPreviewing(event.target.checked)}
              data-testid="compose-preview-toggle"
            />
            {recipient === undefined
              ? 'Preview (add a recipient first)'
              : `Preview for ${formatMailAddress(recipient)}`}
          </label>
          {props.recipients.length > 1 && (
            <select
              aria-label="Preview for recipient"
              value={String(chosen)}
              onChange={(event) => setChosen(Number(event.target.value))}
            >
              {props.recipients.map((r, index) => (
                <option key={r.address} value={String(index)}>
                  {formatMailAddress(r)}
                </option>
              ))}
            </select>
          )}
          {props.perRecipient && (
            <p className="field-help" role="note">
              This template is filled in for each recipient: {props.recipients.length} separate
              messages are sent, one per To recipient (Cc and Bcc get the first one).
            </p>
          )}
          {previewing && recipient !== undefined && <Preview {...props} recipient={recipient} />}
        </div>
      )}
    </div>
  );
}
