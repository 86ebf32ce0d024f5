/**
 * The Electron side of the mail frame host (src/shared/ipc/mail-frame-host.ts): the
 * `mailframe://host` scheme serves the host page and its script, with the host's own policy,
 * so mail is shown under an origin that is neither the app's (file:) nor any web site's.
 */
import { protocol, type Session } from 'electron';
import {
  MAIL_FRAME_ELECTRON_ORIGIN,
  MAIL_FRAME_SCHEME,
  MAIL_FRAME_SCRIPT,
  MAIL_FRAME_SCRIPT_PATH,
  mailFrameHostHtml,
  mailFrameHostPolicy,
} from '../shared/ipc/mail-frame-host';
import type { AppLocation } from './app-location';

/**
 * Declares the scheme standard (a real origin, so postMessage can target it) and secure (so
 * the page treats it like https). Must run before the app is ready.
 */
export function registerMailFrameScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: MAIL_FRAME_SCHEME, privileges: { standard: true, secure: true } },
  ]);
}

/** True for a document of the mail frame host (a subframe the app may hold). */
export function isMailFrameUrl(url: string): boolean {
  try {
    return new URL(url).origin === MAIL_FRAME_ELECTRON_ORIGIN;
  } catch {
    // Not a URL: not ours.
    return false;
  }
}

/** The origin of the app's page as postMessage reports it: "file://" or the dev server's. */
function appOrigin(location: AppLocation): string {
  return location.load.kind === 'url' ? new URL(location.load.url).origin : 'file://';
}

/** Serves the host page and its script on `session`; everything else is a 404. */
export function serveMailFrame(session: Session, location: AppLocation): void {
  const parent = appOrigin(location);
  // frame-ancestors names the app's page: "file:" matches the built page's file URL.
  const policy = mailFrameHostPolicy([location.load.kind === 'url' ? parent : 'file:']);
  const headers = (type: string): Record<string, string> => ({
    'Content-Type': type,
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  session.protocol.handle(MAIL_FRAME_SCHEME, (request) => {
    const url = new URL(request.url);
    if (url.origin !== MAIL_FRAME_ELECTRON_ORIGIN || request.method !== 'GET') {
      return new Response('Not found', { status: 404 });
    }
    if (url.pathname === '/') {
      return new Response(mailFrameHostHtml([parent]), {
        headers: headers('text/html; charset=utf-8'),
      });
    }
    if (url.pathname === MAIL_FRAME_SCRIPT_PATH) {
      return new Response(MAIL_FRAME_SCRIPT, {
        headers: headers('text/javascript; charset=utf-8'),
      });
    }
    return new Response('Not found', { status: 404 });
  });
}
