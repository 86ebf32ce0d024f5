/**
 * Who may talk to the bridge. It listens on loopback, but any web page the user visits can
 * also reach 127.0.0.1, so loopback alone proves nothing:
 * - Host must be our own 127.0.0.1:PORT or localhost:PORT, so a DNS-rebinding page (evil.test
 *   resolving to 127.0.0.1) is refused even for static files;
 * - Origin must be exactly our page's origin, so another site's script cannot open the socket
 *   (browsers do not apply the same-origin policy to WebSockets; Origin is the only signal);
 * - the per-run token proves the peer saw the URL we printed (other local users and processes
 *   cannot guess it), compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The socket endpoint's path. */
export const SOCKET_PATH = '/ipc';

/** What a request is checked against. */
export interface BridgeIdentity {
  readonly port: number;
  readonly token: string;
}

/** The verdict on a request: allowed, or the HTTP status to refuse it with and why. */
export type Verdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 400 | 401 | 403 | 404; readonly reason: string };

/** The parts of a request the checks read. */
export interface RequestHead {
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

const ALLOWED: Verdict = { ok: true };

/** Our page's origin: the only one allowed to open the socket. */
export function bridgeOrigin(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/** True when the Host header names this server (DNS-rebinding defence). */
export function isOwnHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const normalized = host.toLowerCase();
  return normalized === `127.0.0.1:${port}` || normalized === `localhost:${port}`;
}

/** Compares secrets in time independent of where they differ (hashing equalises the lengths). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Checks a plain HTTP request (static files): only the Host header matters there. */
export function checkPageRequest(request: RequestHead, identity: BridgeIdentity): Verdict {
  if (!isOwnHost(request.headers.host, identity.port)) {
    return { ok: false, status: 403, reason: 'Unknown Host header' };
  }
  return ALLOWED;
}

/** Checks a WebSocket upgrade request before any byte of the protocol is exchanged. */
export function checkUpgrade(request: RequestHead, identity: BridgeIdentity): Verdict {
  const page = checkPageRequest(request, identity);
  if (!page.ok) return page;
  let url: URL;
  try {
    url = new URL(request.url ?? '', bridgeOrigin(identity.port));
  } catch {
    return { ok: false, status: 400, reason: 'Malformed request URL' };
  }
  if (url.pathname !== SOCKET_PATH) return { ok: false, status: 404, reason: 'No such endpoint' };
  if (request.headers.origin !== bridgeOrigin(identity.port)) {
    return { ok: false, status: 403, reason: 'Origin not allowed' };
  }
  const tokens = url.searchParams.getAll('token');
  const token = tokens[0];
  if (tokens.length !== 1 || token === undefined || token.length === 0) {
    return { ok: false, status: 401, reason: 'Token required' };
  }
  if (!sameSecret(token, identity.token)) return { ok: false, status: 401, reason: 'Wrong token' };
  return ALLOWED;
}
