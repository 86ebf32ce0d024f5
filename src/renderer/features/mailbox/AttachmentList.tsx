/** The attachments of the open message: name, type and size, and Save (streamed by main). */
import { useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors';
import type { AttachmentInfo, MessageRef } from '../../../shared/sync';
import { api } from '../../api/client';
import { formatSize } from './format';

type SaveState =
  | { readonly state: 'saving' }
  | { readonly state: 'saved'; readonly path: string }
  | { readonly state: 'failed'; readonly error: AppError };

interface AttachmentListProps {
  readonly messageRef: MessageRef;
  readonly attachments: readonly AttachmentInfo[];
}

export function AttachmentList({ messageRef, attachments }: AttachmentListProps) {
  const [saves, setSaves] = useState<Readonly<Record<string, SaveState>>>({});
  const shown = attachments.filter((attachment) => !attachment.inline || !attachment.contentId);
  if (shown.length === 0) return null;

  function save(partId: string) {
    setSaves((now) => ({ ...now, [partId]: { state: 'saving' } }));
    api.call('messages.saveAttachment', { ref: messageRef, partId }).then(
      ({ path }) => setSaves((now) => ({ ...now, [partId]: { state: 'saved', path } })),
      (thrown: unknown) =>
        setSaves((now) => ({ ...now, [partId]: { state: 'failed', error: toAppError(thrown) } })),
    );
  }

  return (
    <section className="attachments" aria-label="Attachments">
      <h3 className="attachments-title">
        {shown.length === 1 ? '1 attachment' : `${shown.length} attachments`}
      </h3>
      <ul>
        {shown.map((attachment) => {
          const status = saves[attachment.partId];
          const name = attachment.filename || '(unnamed)';
          return (
            <li key={attachment.partId} className="attachment">
              <span className="attachment-name">{name}</span>
              <span className="muted">
                {attachment.contentType}, {formatSize(attachment.size)}
              </span>
              <button
                type="button"
                className="button button-small button-secondary"
                disabled={status?.state === 'saving'}
                aria-label={`Save ${name}`}
                onClick={() => save(attachment.partId)}
              >
                Save
              </button>
              {status?.state === 'saved' && (
                <span className="attachment-note" role="status">
                  Saved to {status.path}
                </span>
              )}
              {status?.state === 'failed' && (
                <span className="attachment-note field-error" role="alert">
                  {status.error.message}
                  {status.error.hint ? ` ${status.error.hint}` : ''}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
