/**
 * Attachments of the message: a file picker and a drop zone. Each file is streamed to main as it
 * is added, with a progress bar; a total above the account's limit gets a warning (the provider
 * would refuse the message).
 */
import { useState, type DragEvent } from 'react';
import type { OutgoingAttachment } from '../../../shared/compose';
import { toAppError, type AppError } from '../../../shared/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatSize } from '../mailbox/format';
import { stageFile, type UploadApi } from './attachment-upload';

interface Upload {
  readonly key: string;
  readonly filename: string;
  readonly size: number;
  readonly sent: number;
  readonly error?: AppError;
}

interface AttachmentsFieldProps {
  readonly api: UploadApi;
  readonly attachments: readonly OutgoingAttachment[];
  readonly onAdd: (attachment: OutgoingAttachment) => void;
  readonly onRemove: (attachment: OutgoingAttachment) => void;
  readonly limitMb: number;
}

export function AttachmentsField(props: AttachmentsFieldProps) {
  const [uploads, setUploads] = useState<readonly Upload[]>([]);
  const [dragging, setDragging] = useState(false);

  function patch(key: string, change: Partial<Upload>): void {
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));
  }

  async function upload(file: File): Promise<void> {
    const key = crypto.randomUUID();
    setUploads((all) => [...all, { key, filename: file.name, size: file.size, sent: 0 }]);
    try {
      const staged = await stageFile(props.api, file, (sent) => patch(key, { sent }));
      setUploads((all) => all.filter((u) => u.key !== key));
      props.onAdd({ kind: 'staged', ...staged });
    } catch (thrown) {
      patch(key, { error: toAppError(thrown) });
    }
  }

  function addFiles(files: FileList | null): void {
    for (const file of files ? Array.from(files) : []) void upload(file);
  }

  function onDrop(event: DragEvent<HTMLDivElement>): void {
    event.preventDefault();
    setDragging(false);
    addFiles(event.dataTransfer.files);
  }

  const total =
    props.attachments.reduce((sum, a) => sum + a.size, 0) +
    uploads.reduce((sum, u) => sum + (u.error ? 0 : u.size), 0);
  const limit = props.limitMb * 1024 * 1024;

  return (
    <div
      className={`compose-attachments${dragging ? ' is-dragging' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="compose-attachments"
    >
      <div className="compose-attach-row">
        <label className="button button-small button-secondary compose-attach-button">
          Attach files
          <input
            type="file"
            multiple
            className="visually-hidden"
            aria-label="Attach files"
            onChange={(event) => {
              addFiles(event.target.files);
              event.target.value = '';
            }}
          />
        </label>
        <span className="muted">or drop files here</span>
        {total > 0 && <span className="muted">Total {formatSize(total)}</span>}
      </div>
      {total > limit && (
        <p className="field-error" role="status">
          The attachments add up to {formatSize(total)}, more than this account’s limit of{' '}
          {props.limitMb} MB: the server will probably refuse the message.
        </p>
      )}
      <ul className="compose-attachment-list">
        {props.attachments.map((attachment) => (
          <li key={attachment.kind === 'staged' ? attachment.token : `fwd-${attachment.partId}`}>
            <span>{attachment.filename}</span>
            <span className="muted">{formatSize(attachment.size)}</span>
            <button
              type="button"
              className="button button-small button-secondary"
              aria-label={`Remove ${attachment.filename}`}
              onClick={() => props.onRemove(attachment)}
            >
              Remove
            </button>
          </li>
        ))}
        {uploads.map((upload) => (
          <li key={upload.key}>
            <span>{upload.filename}</span>
            {upload.error ? (
              <ErrorNotice title={`${upload.filename} could not be attached`} error={upload.error}>
                <button
                  type="button"
                  className="button button-small button-secondary"
                  onClick={() => setUploads((all) => all.filter((u) => u.key !== upload.key))}
                >
                  Dismiss
                </button>
              </ErrorNotice>
            ) : (
              <progress
                max={Math.max(upload.size, 1)}
                value={upload.sent}
                aria-label={`Uploading ${upload.filename}`}
              />
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
