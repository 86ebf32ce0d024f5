/**
 * Shows sanitized mail HTML in an iframe with an empty sandbox (no scripts, an opaque origin,
 * no forms, no popups, no top navigation) from srcdoc, so nothing in the mail can reach the app.
 */
import { useMemo } from 'react';
import { sanitizeMailHtml } from './sanitize-mail-html';

interface MailHtmlFrameProps {
  readonly html: string;
  readonly title: string;
}

export function MailHtmlFrame({ html, title }: MailHtmlFrameProps) {
  const sanitized = useMemo(() => sanitizeMailHtml(html), [html]);
  return (
    <div className="mail-html">
      {sanitized.blockedRemote > 0 && (
        <p className="mail-blocked" role="note">
          Remote images and styles in this message are blocked to protect your privacy.
        </p>
      )}
      <iframe
        className="mail-frame"
        title={title}
        sandbox=""
        srcDoc={sanitized.srcdoc}
        referrerPolicy="no-referrer"
      />
    </div>
  );
}
