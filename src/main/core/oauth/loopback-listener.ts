/**
 * The redirect listener of a native app's sign-in (RFC 8252 section 7.3): an HTTP server on
 * 127.0.0.1 only, on a port the system picks, answering at /callback. It accepts exactly one
 * callback carrying the expected `state`, then closes; after the timeout it closes as well, so
 * anything later finds no listener at all.
 *
 * A callback with a wrong or missing `state` is refused and the listener keeps waiting: such a
 * request did not come from the sign-in we started (RFC 6749 section 10.12, RFC 8252 section
 * 8.9), and if it ended the wait, any local program or web page that guessed the port could
 * cancel the user's real sign-in. The timeout still bounds the wait.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppFailure, appError } from '../../../shared/errors';
import type { Logger } from '../ports';
import { RETURN_TO_APP, sendCallbackPage } from './callback-page';

/** RFC 8252 section 7.3 names the loopback IP literal; "localhost" may resolve elsewhere. */
export const LOOPBACK_HOST = '127.0.0.1';
/** The redirect path registered with providers: http://127.0.0.1:PORT/callback. */
export const CALLBACK_PATH = '/callback';
/** How long the user has to finish signing in in the browser. */
export const LISTENER_TIMEOUT_MS = 5 * 60_000;

/** Timers, injected so the timeout is tested with fake time. */
export interface OAuthTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's own timers. */
export const SYSTEM_TIMERS: OAuthTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What the authorization server sent back (RFC 6749 sections 4.1.2 and 4.1.2.1). */
export type AuthorizationCallback =
  | { readonly kind: 'code'; readonly code: string; readonly iss?: string }
  | {
      readonly kind: 'error';
      readonly error: string;
      readonly description?: string;
      readonly iss?: string;
    };

/** A listener waiting for its one callback. */
export interface LoopbackListener {
  readonly port: number;
  /** http://127.0.0.1:PORT/callback */
  readonly redirectUri: string;
  /** Settles once: the callback, or TIMEOUT, or a cancellation by close(). */
  readonly callback: Promise<AuthorizationCallback>;
  /** Stops listening; a callback still awaited rejects as cancelled. */
  close(): Promise<void>;
}

/** What the listener needs. */
export interface LoopbackListenerOptions {
  /** The `state` sent with the authorization request. */
  readonly state: string;
  readonly timeoutMs?: number;
  readonly timers?: OAuthTimers;
  readonly logger?: Logger;
}

function describeDuration(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 1000)} seconds`;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // Constant time, so the state cannot be found a character at a time.
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The single value of a parameter; a repeated one counts as absent (RFC 6749 section 3.1). */
function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  return values.length === 1 ? values[0] : undefined;
}

function parseCallback(query: URLSearchParams): AuthorizationCallback | undefined {
  const iss = single(query, 'iss');
  const issuer = iss === undefined ? {} : { iss };
  const error = single(query, 'error');
  if (error !== undefined) {
    const description = single(query, 'error_description');
    return {
      kind: 'error',
      error,
      ...(description === undefined ? {} : { description }),
      ...issuer,
    };
  }
  const code = single(query, 'code');
  return code === undefined || code.length === 0 ? undefined : { kind: 'code', code, ...issuer };
}

/** Starts listening on 127.0.0.1 on an ephemeral port. */
export async function startLoopbackListener(
  options: LoopbackListenerOptions,
): Promise<LoopbackListener> {
  const timers = options.timers ?? SYSTEM_TIMERS;
  let settled = false;
  let resolveCallback: (callback: AuthorizationCallback) => void = () => undefined;
  let rejectCallback: (failure: AppFailure) => void = () => undefined;
  const callback = new Promise<AuthorizationCallback>((resolve, reject) => {
    resolveCallback = resolve;
    rejectCallback = reject;
  });
  // Marks the rejection as handled for Node: the caller awaits `callback` only after it has
  // opened the browser, and a timeout in between must not crash the process. The caller still
  // receives the rejection through `callback` itself.
  callback.catch(() => undefined);

  const server = createServer((request, response) => handle(request, response));
  let port = 0;
  // Set once listening; shutDown may run before (a failed listen) and must then skip it.
  let timer: unknown = undefined;
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));

  function shutDown(): void {
    if (timer !== undefined) timers.clearTimeout(timer);
    if (server.listening) server.close();
    server.closeAllConnections();
  }

  function refuse(response: ServerResponse, status: 400 | 404 | 405, message: string): void {
    options.logger?.warn('Refused a request to the OAuth redirect listener', { status, message });
    sendCallbackPage(response, { status, title: 'Sign-in not accepted', message });
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    // A page that rebinds a DNS name to 127.0.0.1 sends its own name: only our literal address.
    if (request.headers.host !== `${LOOPBACK_HOST}:${port}`) {
      refuse(response, 400, 'This address is only for the sign-in that mailcrm started.');
      return;
    }
    const url = new URL(request.url ?? '/', `http://${LOOPBACK_HOST}:${port}`);
    if (url.pathname !== CALLBACK_PATH) {
      refuse(response, 404, 'Not found.');
      return;
    }
    if (request.method !== 'GET') {
      refuse(response, 405, 'Only the browser redirect is accepted here.');
      return;
    }
    if (settled) {
      refuse(response, 400, 'This sign-in has already finished. Start it again from mailcrm.');
      return;
    }
    const state = single(url.searchParams, 'state');
    if (state === undefined || !sameSecret(state, options.state)) {
      refuse(
        response,
        400,
        'This response does not belong to the sign-in that mailcrm started, so it was ignored.',
      );
      return;
    }
    const result = parseCallback(url.searchParams);
    if (result === undefined) {
      refuse(response, 400, 'The response carried neither an authorization code nor an error.');
      return;
    }
    settled = true;
    // Settle only once the page is out: closing the listener earlier could cut it off.
    response.once('close', () => {
      shutDown();
      resolveCallback(result);
    });
    sendCallbackPage(response, {
      status: 200,
      title: result.kind === 'code' ? 'Signed in' : 'Sign-in not completed',
      message: RETURN_TO_APP,
    });
  }

  function fail(message: string, code: 'TIMEOUT' | 'INVALID_INPUT'): void {
    if (settled) return;
    settled = true;
    rejectCallback(new AppFailure(appError(code, message, { retryable: false })));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Never 0.0.0.0 or "::": nothing but this machine may reach the listener.
    server.listen(0, LOOPBACK_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) =>
    options.logger?.warn('OAuth redirect listener error', { message: error.message }),
  );
  port = (server.address() as AddressInfo).port;
  const timeoutMs = options.timeoutMs ?? LISTENER_TIMEOUT_MS;
  timer = timers.setTimeout(() => {
    fail(
      `The sign-in was not finished within ${describeDuration(timeoutMs)}, so mailcrm stopped waiting for it.`,
      'TIMEOUT',
    );
    shutDown();
  }, timeoutMs);

  return {
    port,
    redirectUri: `http://${LOOPBACK_HOST}:${port}${CALLBACK_PATH}`,
    callback,
    async close() {
      fail('The sign-in was cancelled.', 'INVALID_INPUT');
      shutDown();
      await closed;
    },
  };
}
