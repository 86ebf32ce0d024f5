/**
 * The per-message policy written into the mail document itself. It applies on top of the mail
 * frame host's policy (a srcdoc document inherits its parent's), so the stricter of the two
 * wins: nothing loads but the mail's inline styles and data: images and fonts, plus the exact
 * origins of remote content the user allowed for this message. No script, no connection, no
 * frame, no form, no <base>.
 */

/** The mail document's policy; `remoteOrigins` are "https://host[:port]" origins, pre-parsed. */
export function mailDocumentPolicy(remoteOrigins: readonly string[]): string {
  const remote = remoteOrigins.length > 0 ? ` ${remoteOrigins.join(' ')}` : '';
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `img-src data:${remote}`,
    `font-src data:${remote}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
