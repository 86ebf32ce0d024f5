/**
 * What a failed SMTP attempt means for the item: try again later by itself, wait for the user,
 * or find out first whether the message went (a connection lost mid-transaction).
 */
import type { AppError, ErrorCode } from '../errors';

/** The failure happened before the server could have taken the message: trying again is safe. */
const RETRY_LATER: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'CONNECTION_REFUSED',
  'DNS_NOT_FOUND',
  'THROTTLED',
  'SENDING_LIMIT',
]);

/**
 * The connection died or went silent, possibly after the message's final dot: the server may
 * have accepted it (RFC 5321 section 4.1.1.4 gives it the message before its reply). Treated
 * as a crash in 'sending', so it is looked up before anything is sent again.
 */
const MAYBE_SENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['CONNECTION_RESET', 'TIMEOUT']);

/** How the state machine reacts to a failed send. */
export type SendFailureKind = 'retry' | 'maybe-sent' | 'hold';

/**
 * Classifies a send failure. Anything not known to be transient holds the item: a rejected
 * recipient, a message too large or a refused login will fail the same way until the user acts.
 */
export function sendFailureKind(error: AppError): SendFailureKind {
  if (MAYBE_SENT.has(error.code)) return 'maybe-sent';
  if (RETRY_LATER.has(error.code)) return 'retry';
  return 'hold';
}

const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;

/** The wait before the next automatic attempt: 30 s, doubling per attempt, capped at an hour. */
export function retryDelayMs(attempts: number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 20));
  return Math.min(FIRST_RETRY_MS * 2 ** exponent, MAX_RETRY_MS);
}
