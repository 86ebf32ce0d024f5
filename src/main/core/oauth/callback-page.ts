/**
 * The page the browser shows after the redirect to the loopback listener. It runs nothing,
 * loads nothing and cannot be framed: a strict Content-Security-Policy, no caching (the URL
 * carried an authorization code), and no Referer for anything the user clicks next.
 */
import type { ServerResponse } from 'node:http';

/** Nothing may load or run; the page is static text (inline CSS would need 'unsafe-inline'). */
export const CALLBACK_PAGE_CSP =
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** What the page tells the user. */
export interface CallbackPage {
  readonly status: 200 | 400 | 404 | 405;
  readonly title: string;
  readonly message: string;
}

/** Sign-in finished (either way): the app takes over, the browser tab is done. */
export const RETURN_TO_APP = 'You can return to mailcrm. You may close this tab.';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Writes the page with its security headers and `Connection: close`, then ends the response. */
export function sendCallbackPage(response: ServerResponse, page: CallbackPage): void {
  const body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(page.title)} - mailcrm</title></head>
<body>
<h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.message)}</p>
</body>
</html>
`;
  response.writeHead(page.status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Content-Security-Policy': CALLBACK_PAGE_CSP,
    // The request URL held the authorization code: keep neither the page nor the URL's answer.
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // One request per connection: after the answer the listener closes, nothing may linger.
    Connection: 'close',
  });
  response.end(body);
}
