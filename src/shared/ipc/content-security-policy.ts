/**
 * The Content-Security-Policy of the app's page, sent by both bindings that serve it (the
 * Electron window's response headers and the browser bridge's HTTP server) and repeated in
 * src/renderer/index.html's meta tag. It lives beside the bindings because they are what
 * enforce it.
 *
 * - scripts only from the app itself: no inline script, no eval, no remote code;
 * - styles only from the app's own files: React sets `style` props through the CSSOM, which
 *   CSP does not restrict, so no 'unsafe-inline' is needed;
 * - images from the app, data: and blob: only;
 * - connect-src 'self' also admits the bridge's own ws://127.0.0.1:PORT (CSP Level 3);
 * - frames only from the mail frame's own origin (mail-frame-host.ts): mail is never shown
 *   under the app's origin or the app's policy, so the app stays strict and mail gets its own;
 * - no plugins, no forms, no <base>, and the page cannot be framed.
 */
import { MAIL_FRAME_ELECTRON_ORIGIN } from './mail-frame-host';

function directives(frameSource: string): readonly string[] {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    `frame-src ${frameSource}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ];
}

/**
 * The policy for the built page's `<meta http-equiv="Content-Security-Policy">` tag, fixed at
 * build time: it cannot know the bridge's port, so it admits the Electron scheme and any
 * loopback port; the header sent with the page (both policies apply) narrows that to one origin.
 */
export const CONTENT_SECURITY_POLICY_META = directives(
  `${MAIL_FRAME_ELECTRON_ORIGIN} http://127.0.0.1:*`,
).join('; ');

/**
 * The header policy for a page whose mail frames come from `mailFrameOrigin` only; adds
 * frame-ancestors, which a meta tag cannot carry.
 */
export function contentSecurityPolicy(mailFrameOrigin: string): string {
  return `${directives(mailFrameOrigin).join('; ')}; frame-ancestors 'none'`;
}

/** The header policy of the Electron window, whose mail frames come from `mailframe://host`. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy(MAIL_FRAME_ELECTRON_ORIGIN);
