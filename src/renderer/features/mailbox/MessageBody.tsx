/**
 * The body of the open message: the cached text or HTML (shown by the mail view: sanitized, in
 * a frame of its own origin, remote content blocked until allowed), or a download of a body
 * outside the history window, and the attachment list.
 */
import { useCallback, useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/Spinner';
import { getMailDb } from '../../db/mail-db';
import type { CachedBody } from '../../db/records';
import { useLiveQuery } from '../../db/useLiveQuery';
import type { MessageRef } from '../../../shared/sync';
import { MailHtmlFrame } from '../mail-view/MailHtmlFrame';
import { PlainTextBody } from '../mail-view/PlainTextBody';
import { useInlineImages } from '../mail-view/useInlineImages';
import { AttachmentList } from './AttachmentList';
import { useMessageBody } from './useMessageBody';

/** The first From address, lower-case: what remote-content rules are keyed by. */
function useSender(accountId: string, messageKey: string): string {
  const query = useCallback(
    () => getMailDb().messages.get([accountId, messageKey]),
    [accountId, messageKey],
  );
  const result = useLiveQuery(query);
  return result.status === 'ready' ? (result.value?.from[0]?.address.toLowerCase() ?? '') : '';
}

interface CachedBodyViewProps {
  readonly body: CachedBody;
  readonly subject: string;
  readonly messageRef: MessageRef;
  readonly messageKey: string;
}

function CachedBodyView({ body, subject, messageRef, messageKey }: CachedBodyViewProps) {
  const [plain, setPlain] = useState(false);
  const sender = useSender(messageRef.accountId, messageKey);
  const inlineImages = useInlineImages(messageRef, body.html ?? '', body.attachments);
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
        <MailHtmlFrame
          key={`${messageRef.accountId}\u0000${messageKey}`}
          html={body.html}
          title={`Message: ${subject}`}
          sender={sender}
          inlineImages={inlineImages}
        />
      ) : hasText && body.text !== undefined ? (
        <PlainTextBody text={body.text} />
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
        <CachedBodyView
          body={body}
          subject={subject}
          messageRef={messageRef}
          messageKey={messageKey}
        />
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
