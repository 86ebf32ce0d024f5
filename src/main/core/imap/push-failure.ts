/**
 * What the push watcher does after a failure: retry soon, back off for long, or stop until the
 * user acts. A refused password is never retried in a loop (servers lock accounts that try), a
 * server that says it is limiting us is left alone for minutes, not seconds.
 */
import type { SyncConnectionState } from '../../../shared/contract';
import { appError, type AppError, type ErrorCode } from '../../../shared/errors';
import { classifyError, type ErrorContext } from '../connection/classify-error';
import { errorFacts } from '../connection/error-facts';

/** Which backoff schedule applies; 'none' waits for `reconnectNow()`. */
export type RetryPolicyName = 'reconnect' | 'throttled' | 'none';

/** The watcher's reaction to one failure. */
export interface PushFailure {
  readonly state: Exclude<SyncConnectionState['state'], 'connected'>;
  readonly policy: RetryPolicyName;
  readonly error: AppError;
}

/**
 * IMAP response codes of a server that refuses for now (RFC 5530): too many connections or
 * logins, a backend down, the mailbox in use, or over quota.
 */
const THROTTLE_RESPONSE_CODES = new Set(['LIMIT', 'UNAVAILABLE', 'INUSE', 'OVERQUOTA']);
/** Refused credentials or no usable login method: the same attempt would fail again. */
const AUTH_CODES = new Set<ErrorCode>(['AUTH_FAILED', 'AUTH_MECHANISM_UNSUPPORTED']);
/**
 * Failures the user (or a different network) has to fix: a certificate nobody trusts, a missing
 * STARTTLS, an unreachable keychain. Retried on the long schedule only, so a captive portal that
 * spoils TLS for a while heals by itself without a tight loop.
 */
const NEEDS_USER_CODES = new Set<ErrorCode>([
  'TLS_CERT_UNTRUSTED',
  'TLS_CERT_EXPIRED',
  'TLS_HOSTNAME_MISMATCH',
  'TLS_HANDSHAKE_FAILED',
  'STARTTLS_UNAVAILABLE',
  'SECRET_STORE_UNAVAILABLE',
]);
/** Socket codes of a machine without a route: the computer is offline, not the server down. */
const NO_ROUTE_CODES = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL', 'ENETDOWN']);

/** Used when the watcher was given no context: names no host rather than a wrong one. */
const UNKNOWN_SERVER: ErrorContext = {
  protocol: 'imap',
  host: 'the IMAP server',
  port: 0,
  security: 'tls',
  provider: 'custom',
};

/** classifyError, without the ":0" of an unknown port in its sentences. */
function classify(thrown: unknown, context: ErrorContext | undefined): AppError {
  if (context !== undefined) return classifyError(thrown, context);
  const error = classifyError(thrown, UNKNOWN_SERVER);
  const message = error.message.replaceAll(`${UNKNOWN_SERVER.host}:0`, UNKNOWN_SERVER.host);
  return { ...error, message: message.charAt(0).toUpperCase() + message.slice(1) };
}

/**
 * Classifies what a connect, a command or the connection itself threw. An AppFailure (as
 * openImapSession throws) keeps its code; anything else is named with `context`.
 */
export function classifyPushFailure(thrown: unknown, context?: ErrorContext): PushFailure {
  const facts = errorFacts(thrown);
  const error = classify(thrown, context);
  const throttled =
    error.code === 'THROTTLED' ||
    (facts.imapResponseCode !== undefined && THROTTLE_RESPONSE_CODES.has(facts.imapResponseCode));
  if (throttled) {
    const limited =
      error.code === 'THROTTLED'
        ? error
        : appError('THROTTLED', 'The IMAP server refused the connection for now.', {
            hint: 'Wait a few minutes; the app tries again by itself.',
            ...(facts.serverResponse !== undefined ? { serverResponse: facts.serverResponse } : {}),
          });
    return { state: 'throttled', policy: 'throttled', error: limited };
  }
  if (AUTH_CODES.has(error.code)) return { state: 'auth-failed', policy: 'none', error };
  if (NEEDS_USER_CODES.has(error.code)) return { state: 'offline', policy: 'throttled', error };
  if (error.code === 'DNS_NOT_FOUND' || facts.codes.some((code) => NO_ROUTE_CODES.has(code))) {
    return { state: 'offline', policy: 'reconnect', error };
  }
  return { state: 'reconnecting', policy: 'reconnect', error };
}

/** The connection ended without an error event (FIN from the server, BYE, or a local close). */
export function connectionClosedError(): AppError {
  return appError('CONNECTION_RESET', 'The connection to the IMAP server was closed.', {
    hint: 'The app reconnects by itself.',
  });
}

/** A keepalive NOOP (or the EXAMINE) got no answer in time: dead, but it never said so. */
export function silentConnectionError(timeoutMs: number): AppError {
  return appError(
    'TIMEOUT',
    `The IMAP server stopped answering (no reply within ${Math.round(timeoutMs / 1000)} s).`,
    { hint: 'The network may have dropped the connection; the app reconnects by itself.' },
  );
}
