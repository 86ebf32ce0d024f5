/**
 * The body of the open message: the cached text or sanitized HTML, or a download of a body
 * outside the history window, and the attachment list.
 */
import { useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/Spinner';
import type { CachedBody } from '../../db/records';
import type { MessageRef } from '../../../shared/sync';
import { AttachmentList } from './AttachmentList';
import { MailHtmlFrame } from './MailHtmlFrame';
import { useMessageBody } from './useMessageBody';

function CachedBodyView({ body, subject }: { body: CachedBody; subject: string }) {
  const [plain, setPlain] = useState(false);
  const hasHtml = body.html !== undefined && body.html.trim() !== '';
  const hasText = body.text !== undefined && body.text.trim() !== '';
  const showHtml = hasHtml && !(plain && hasText);
  return (
    <>
      {body.parseWarning && (
        <p className="notice notice-warning" role="note">
          Part of this message could not be read: {body.parseWarning}
        </p>
      )}
      {hasHtml && hasText && (
        <div className="body-switch">
          <button type="button" className="link-button" onClick={() => setPlain((value) => !value)}>
            {showHtml ? 'Show plain text' : 'Show formatted'}
          </button>
        </div>
      )}
      {showHtml && body.html !== undefined ? (
        <MailHtmlFrame html={body.html} title={`Message: ${subject}`} />
      ) : hasText ? (
        <div className="mail-text" aria-label="Message text">
          {body.text}
        </div>
      ) : (
        <p className="muted">This message has no text.</p>
      )}
    </>
  );
}

interface MessageBodyProps {
  readonly messageRef: MessageRef;
  readonly messageKey: string;
  readonly subject: string;
  readonly body?: CachedBody;
}

export function MessageBody({ messageRef, messageKey, subject, body }: MessageBodyProps) {
  const { download, retry } = useMessageBody(messageRef, messageKey, body === undefined);
  if (body !== undefined) {
    return (
      <div className="message-body">
        <CachedBodyView body={body} subject={subject} />
        <AttachmentList messageRef={messageRef} attachments={body.attachments} />
      </div>
    );
  }
  switch (download.state) {
    case 'idle':
    case 'loading':
      return (
        <div className="message-body">
          <Spinner label="Downloading this message from the server…" />
        </div>
      );
    case 'failed':
      return (
        <div className="message-body">
          <ErrorNotice
            title="This message's text is not saved on this computer"
            error={download.error}
            fallbackHint="It is downloaded when the server can be reached."
          >
            <button type="button" className="button button-small button-secondary" onClick={retry}>
              Try again
            </button>
          </ErrorNotice>
        </div>
      );
    default: {
      const unknown: never = download;
      throw new Error(`Unknown download state: ${JSON.stringify(unknown)}`);
    }
  }
}
