/**
 * The mail frame host: a tiny page of ours, served from an origin of its own (the Electron
 * `mailframe://host` scheme, or a second loopback port of the browser bridge), that the app
 * frames to show one message. Mail never shares the app's origin or its policy (the Mailspring
 * lesson, STYLE.md): the host's own script receives already-sanitized HTML from the app by
 * postMessage, checks who sent it, and writes it into an inner iframe that has no scripts and
 * an opaque origin. The inner document inherits the host's policy below and adds its own,
 * stricter, per-message policy (a meta tag written by the renderer); both apply.
 *
 * Pure strings, so the Electron protocol handler and the bridge serve byte-identical pages.
 */

/** The scheme Electron registers for the mail frame host. */
export const MAIL_FRAME_SCHEME = 'mailframe';

/** The origin of the mail frame host in Electron. */
export const MAIL_FRAME_ELECTRON_ORIGIN = `${MAIL_FRAME_SCHEME}://host`;

/** Path of the host page's one script. */
export const MAIL_FRAME_SCRIPT_PATH = '/frame.js';

/** The message type the app posts to the host: `{ type, srcdoc }`. */
export const MAIL_FRAME_RENDER = 'mailcrm:render';

/**
 * The host page's own policy. Its script comes from its own origin only. Remote images and
 * fonts are admitted here because the inner document narrows them per message (blocked unless
 * the user allowed a sender); nothing may connect, submit, or be framed but the inner srcdoc.
 * `frameAncestors` lists the app's origins: nobody else may frame the host.
 */
export function mailFrameHostPolicy(frameAncestors: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'unsafe-inline'",
    'img-src data: http: https:',
    'font-src data: http: https:',
    "frame-src 'self'",
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'"}`,
  ].join('; ');
}

function escapeHtmlAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * The host page. `parentOrigins` are the `event.origin` values the script accepts messages from
 * (the app page's origin: "http://127.0.0.1:PORT", "file://", a dev server's).
 *
 * The inner frame's sandbox has neither allow-scripts nor allow-same-origin: no script in mail
 * ever runs, and its origin is opaque. allow-popups with allow-popups-to-escape-sandbox lets a
 * `target=_blank` link open: in Electron the window-open handler catches it and hands only
 * http(s) to the system browser after its URL check; in a browser it becomes a normal tab, not
 * sandboxed, with no opener and no referrer (the sanitizer adds rel=noopener noreferrer and
 * keeps only http, https and mailto links). Without scripts, a popup is the only way a link can
 * leave the frame; top navigation stays forbidden.
 */
export function mailFrameHostHtml(parentOrigins: readonly string[]): string {
  const origins = escapeHtmlAttribute(JSON.stringify(parentOrigins));
  return [
    '<!doctype html>',
    `<html lang="en" data-parent-origins="${origins}">`,
    '<head><meta charset="utf-8"><meta name="referrer" content="no-referrer">',
    '<title>Message</title>',
    '<style>html,body{margin:0;height:100%;background:#fff}',
    'iframe{display:block;border:0;width:100%;height:100%}</style></head>',
    '<body><iframe id="mail" title="Message" sandbox="allow-popups allow-popups-to-escape-sandbox"',
    ' referrerpolicy="no-referrer" srcdoc=""></iframe>',
    `<script src="${MAIL_FRAME_SCRIPT_PATH}"></script></body></html>`,
  ].join('');
}

/**
 * The host's script: accepts a render message only from the parent window and from one of the
 * listed origins, and only a string; then replaces the inner frame's document.
 */
export const MAIL_FRAME_SCRIPT = `'use strict';
(function () {
  var allowed = [];
  try {
    allowed = JSON.parse(document.documentElement.getAttribute('data-parent-origins') || '[]');
  } catch (error) {
    console.error('mail frame: bad parent origins', error);
  }
  var inner = document.getElementById('mail');
  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || allowed.indexOf(event.origin) === -1) return;
    var data = event.data;
    if (data === null || typeof data !== 'object' || data.type !== '${MAIL_FRAME_RENDER}') return;
    if (typeof data.srcdoc !== 'string') return;
    inner.srcdoc = data.srcdoc;
  });
})();
`;
