/** The Templates tab: the list with its empty state, and the editor and delete dialogs. */
import { useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/Spinner';
import { getMailDb } from '../../db/mail-db';
import { EMPTY_PROFILE, deleteTemplate } from '../../db/template-store';
import type { TemplateRow } from '../../db/template-records';
import { htmlToPlainText } from '../../../shared/text/html-to-text';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TemplateEditorDialog } from './TemplateEditorDialog';
import { useProfile, useTemplates } from './useTemplates';

type Editing = { readonly template?: TemplateRow } | undefined;

function excerpt(html: string): string {
  const text = htmlToPlainText(html).replace(/\s+/g, ' ');
  return text.length > 90 ? `${text.slice(0, 90)}…` : text;
}

function TemplateTable(props: {
  templates: readonly TemplateRow[];
  onEdit: (template: TemplateRow) => void;
  onDelete: (template: TemplateRow) => void;
}) {
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Subject and text</th>
            <th scope="col">Who can use it</th>
            <th scope="col" className="actions-cell">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.templates.map((template) => (
            <tr key={template.id}>
              <th scope="row">{template.name}</th>
              <td>
                <div>{template.subject || <span className="muted">(no subject)</span>}</div>
                <div className="muted template-excerpt">{excerpt(template.bodyHtml)}</div>
              </td>
              <td>
                <span
                  className={`badge badge-${template.scope === 'shared' ? 'active' : 'disabled'}`}
                >
                  {template.scope === 'shared' ? 'Team' : 'Only me'}
                </span>
              </td>
              <td className="actions-cell">
                <div className="row-actions">
                  <button
                    type="button"
                    className="button button-small button-secondary"
                    onClick={() => props.onEdit(template)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button button-small button-danger-quiet"
                    aria-label={`Delete ${template.name}`}
                    onClick={() => props.onDelete(template)}
                  >
                    Delete
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TemplatesPanel({ userEmail }: { userEmail: string }) {
  const templates = useTemplates();
  const profile = useProfile();
  const [editing, setEditing] = useState<Editing>();
  const [deleting, setDeleting] = useState<TemplateRow>();

  let body;
  if (templates.status === 'failed') {
    body = <ErrorNotice title="The templates could not be read" error={templates.error} />;
  } else if (templates.status === 'loading') {
    body = <Spinner label="Loading templates…" />;
  } else if (templates.value.length === 0) {
    body = (
      <div className="empty-state">
        <h2>No templates yet</h2>
        <p>
          Save messages you write again and again. Variables such as{' '}
          <code>{'{contact.first_name|there}'}</code> fill in each recipient’s details when you
          send.
        </p>
        <button type="button" className="button button-large" onClick={() => setEditing({})}>
          New template
        </button>
      </div>
    );
  } else {
    body = (
      <TemplateTable
        templates={templates.value}
        onEdit={(template) => setEditing({ template })}
        onDelete={setDeleting}
      />
    );
  }

  return (
    <div className="templates-panel">
      {templates.status === 'ready' && templates.value.length > 0 && (
        <div className="panel-actions">
          <button type="button" className="button" onClick={() => setEditing({})}>
            New template
          </button>
        </div>
      )}
      {body}
      {editing && (
        <TemplateEditorDialog
          template={editing.template}
          profile={profile.status === 'ready' ? profile.value : EMPTY_PROFILE}
          userEmail={userEmail}
          onClose={() => setEditing(undefined)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete “${deleting.name}”?`}
          message="The template is removed for good. Messages already sent with it are not affected."
          confirmLabel="Delete template"
          onConfirm={() => deleteTemplate(getMailDb(), deleting.id)}
          onClose={() => setDeleting(undefined)}
        />
      )}
    </div>
  );
}
