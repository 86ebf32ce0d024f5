/**
 * The attachments of the open message: name, type and size; Open (saved privately by main and
 * shown by the system's program for it) and Save (streamed by main to the downloads folder).
 */
import { useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors';
import type { AttachmentInfo, MessageRef } from '../../../shared/sync';
import { api } from '../../api/client';
import { formatSize } from './format';

type SaveState =
  | { readonly state: 'saving' | 'opening' }
  | { readonly state: 'saved' | 'opened'; readonly path: string }
  | { readonly state: 'failed'; readonly error: AppError };

interface AttachmentListProps {
  readonly messageRef: MessageRef;
  readonly attachments: readonly AttachmentInfo[];
}

export function AttachmentList({ messageRef, attachments }: AttachmentListProps) {
  const [saves, setSaves] = useState<Readonly<Record<string, SaveState>>>({});
  const shown = attachments.filter((attachment) => !attachment.inline || !attachment.contentId);
  if (shown.length === 0) return null;

  function run(partId: string, how: 'save' | 'open') {
    setSaves((now) => ({ ...now, [partId]: { state: how === 'save' ? 'saving' : 'opening' } }));
    const call = how === 'save' ? 'messages.saveAttachment' : 'messages.openAttachment';
    api.call(call, { ref: messageRef, partId }).then(
      ({ path }) =>
        setSaves((now) => ({
          ...now,
          [partId]: { state: how === 'save' ? 'saved' : 'opened', path },
        })),
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
                disabled={status?.state === 'saving' || status?.state === 'opening'}
                aria-label={`Open ${name}`}
                onClick={() => run(attachment.partId, 'open')}
              >
                Open
              </button>
              <button
                type="button"
                className="button button-small button-secondary"
                disabled={status?.state === 'saving' || status?.state === 'opening'}
                aria-label={`Save ${name}`}
                onClick={() => run(attachment.partId, 'save')}
              >
                Save
              </button>
              {status?.state === 'saved' && (
                <span className="attachment-note" role="status">
                  Saved to {status.path}
                </span>
              )}
              {status?.state === 'opened' && (
                <span className="attachment-note" role="status">
                  Opened {name}
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
