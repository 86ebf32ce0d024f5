/**
 * Shows one message's HTML. The app frames the mail frame host, a page of ours on an origin of
 * its own (src/shared/ipc/mail-frame-host.ts), and posts it the sanitized document; the host
 * writes it into an inner frame without scripts and with an opaque origin. So mail never runs
 * code, never shares the app's origin, and gets a policy of its own while the app keeps its
 * strict one. Remote content is blocked until the user allows it (banner below).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors';
import { MAIL_FRAME_RENDER } from '../../../shared/ipc/mail-frame-host';
import { ErrorNotice } from '../../components/ErrorNotice';
import { mailFrameOrigin } from './mail-frame-origin';
import { RemoteContentBanner } from './RemoteContentBanner';
import { sanitizeMailHtml, type SanitizedMail } from './sanitize-mail-html';
import { useRemoteContent } from './useRemoteContent';

type Origin =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly origin: string }
  | { readonly state: 'failed'; readonly error: AppError };

type Sanitized =
  | { readonly ok: true; readonly mail: SanitizedMail }
  | { readonly ok: false; readonly error: AppError };

function useFrameOrigin(): Origin {
  const [origin, setOrigin] = useState<Origin>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    mailFrameOrigin().then(
      (value) => current && setOrigin({ state: 'ready', origin: value }),
      (thrown: unknown) => current && setOrigin({ state: 'failed', error: toAppError(thrown) }),
    );
    return () => {
      current = false;
    };
  }, []);
  return origin;
}

interface MailHtmlFrameProps {
  readonly html: string;
  readonly title: string;
  /** The sender's address, lower-case ("" when unknown): remote-content rules follow it. */
  readonly sender: string;
  readonly inlineImages: ReadonlyMap<string, string>;
}

export function MailHtmlFrame({ html, title, sender, inlineImages }: MailHtmlFrameProps) {
  const remote = useRemoteContent(sender);
  const origin = useFrameOrigin();
  const frame = useRef<HTMLIFrameElement>(null);
  const [loads, setLoads] = useState(0);
  const sanitized = useMemo((): Sanitized => {
    try {
      return {
        ok: true,
        mail: sanitizeMailHtml(html, { allowRemote: remote.allowed, inlineImages }),
      };
    } catch (thrown) {
      // Pathological HTML (nesting deep enough to exhaust the stack) is refused, not shown raw.
      return { ok: false, error: toAppError(thrown) };
    }
  }, [html, remote.allowed, inlineImages]);

  useEffect(() => {
    if (loads === 0 || origin.state !== 'ready' || !sanitized.ok) return;
    // Only the host page at that origin may receive the document.
    frame.current?.contentWindow?.postMessage(
      { type: MAIL_FRAME_RENDER, srcdoc: sanitized.mail.srcdoc },
      origin.origin,
    );
  }, [loads, origin, sanitized]);

  if (!sanitized.ok) {
    return (
      <ErrorNotice
        title="This message's formatting cannot be shown safely"
        error={sanitized.error}
        fallbackHint="Use Show plain text, or save the message to open it elsewhere."
      />
    );
  }
  if (origin.state === 'failed') {
    return <ErrorNotice title="The message view could not be prepared" error={origin.error} />;
  }
  return (
    <div className="mail-html">
      <RemoteContentBanner remote={remote} mail={sanitized.mail} />
      {origin.state === 'ready' && (
        <iframe
          ref={frame}
          className="mail-frame"
          title={title}
          src={`${origin.origin}/`}
          // The host is cross-origin to the app: its own script may run there, but it cannot
          // navigate the app, submit forms or open anything but the inner frame's link popups.
          sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"
          referrerPolicy="no-referrer"
          onLoad={() => setLoads((count) => count + 1)}
        />
      )}
    </div>
  );
}
