/**
 * The one Content-Security-Policy of the app's page, sent by both bindings that serve it (the
 * Electron window's response headers and the browser bridge's HTTP server) and repeated in
 * src/renderer/index.html's meta tag. It lives beside the bindings because they are what
 * enforce it.
 *
 * - scripts only from the app itself: no inline script, no eval, no remote code;
 * - styles only from the app's own files: React sets `style` props through the CSSOM, which
 *   CSP does not restrict, so no 'unsafe-inline' is needed;
 * - images from the app, data: and blob: only, so remote images and tracking pixels in mail
 *   (shown in a sandboxed srcdoc frame, which inherits this policy) stay blocked;
 * - connect-src 'self' also admits the bridge's own ws://127.0.0.1:PORT (CSP Level 3);
 * - no plugins, no forms, no <base>, and the page cannot be framed.
 */
const DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  'frame-src blob:',
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
] as const;

/** The policy for a `<meta http-equiv="Content-Security-Policy">` tag (no frame-ancestors there). */
export const CONTENT_SECURITY_POLICY_META = DIRECTIVES.join('; ');

/** The policy sent as an HTTP header; adds frame-ancestors, which a meta tag cannot carry. */
export const CONTENT_SECURITY_POLICY = `${CONTENT_SECURITY_POLICY_META}; frame-ancestors 'none'`;
