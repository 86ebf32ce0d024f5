/** The live preview under the template editor, with what would stop sending spelled out. */
import { findVariable } from '../../../shared/templates/render-template';
import type { TemplatePreview } from './preview';

function MissingList({ preview }: { preview: TemplatePreview }) {
  if (preview.missing.length === 0 && preview.unknown.length === 0) {
    return <p className="template-ok">Every variable has a value for this contact.</p>;
  }
  return (
    <ul className="template-problems">
      {preview.unknown.map((name) => (
        <li key={name}>
          <code className="template-unknown">{`{${name}}`}</code> is not a variable: check the
          spelling, or pick one from “Insert variable…”.
        </li>
      ))}
      {preview.missing.map((name) => {
        const variable = findVariable(name);
        return (
          <li key={name}>
            <code className="template-missing">{`{${name}}`}</code> has no value for this contact
            {variable ? (
              <>
                : sending would stop. Give a fallback, e.g.{' '}
                <code>{`{${name}|${variable.fallbackExample}}`}</code>.
              </>
            ) : (
              <>: only the body can hold it.</>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function TemplatePreviewPane({
  preview,
  sample,
}: {
  preview: TemplatePreview;
  sample: string;
}) {
  return (
    <section className="template-preview" aria-label="Preview">
      <h3>Preview</h3>
      <p className="muted">{sample}</p>
      <p className="template-preview-subject">
        <span className="muted">Subject: </span>
        {preview.subject.length === 0 && <span className="muted">(no subject)</span>}
        {preview.subject.map((part, index) =>
          part.kind === 'text' ? (
            <span key={index}>{part.text}</span>
          ) : (
            <mark key={index} className={part.unknown ? 'template-unknown' : 'template-missing'}>
              {`{${part.name}}`}
            </mark>
          ),
        )}
      </p>
      <div
        className="template-preview-body"
        // The template body was sanitized and every value escaped (preview.ts).
        dangerouslySetInnerHTML={{ __html: preview.bodyHtml }}
      />
      <MissingList preview={preview} />
    </section>
  );
}
