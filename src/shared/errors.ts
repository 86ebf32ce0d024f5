/**
 * One set of error codes for the whole app. Errors cross every boundary (IPC, the browser
 * bridge, the CLI) as plain data with one of these codes, never as class instances.
 */
export const ERROR_CODES = [
  'AUTH_FAILED',
  'DNS_NOT_FOUND',
  'CONNECTION_REFUSED',
  'CONNECTION_RESET',
  'TIMEOUT',
  'TLS_CERT_UNTRUSTED',
  'TLS_CERT_EXPIRED',
  'TLS_HOSTNAME_MISMATCH',
  'TLS_HANDSHAKE_FAILED',
  'STARTTLS_UNAVAILABLE',
  'AUTH_MECHANISM_UNSUPPORTED',
  'THROTTLED',
  'PROTOCOL',
  'SECRET_STORE_UNAVAILABLE',
  'NOT_FOUND',
  /** The disk (or the user's quota on it) is full; nothing was saved. */
  'DISK_FULL',
  /** The operating system refused access to a file or folder. */
  'ACCESS_DENIED',
  'INVALID_INPUT',
  /** The SMTP server refused one or more recipients (the server's reason is in serverResponse). */
  'RECIPIENT_REJECTED',
  /** The message is larger than the server (or the account's limit) accepts. */
  'MESSAGE_TOO_LARGE',
  /** The server refuses more mail for now: a daily or hourly sending limit. */
  'SENDING_LIMIT',
  /** A template variable has no value and no fallback; the message names recipient and variable. */
  'TEMPLATE_VARIABLE_MISSING',
  'UNKNOWN_CALL',
  'INTERNAL',
] as const;

/** A stable, machine-readable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error as data: what went wrong, what the user can do, and whether trying again may help. */
export interface AppError {
  readonly code: ErrorCode;
  /** A sentence for the user: what happened. */
  readonly message: string;
  /** What the user can do next (a provider-specific hint where one is known). */
  readonly hint?: string;
  /** True when the same action may succeed later without any change. */
  readonly retryable: boolean;
  /** The server's own words, where it gave any. */
  readonly serverResponse?: string;
}

/** The outcome of any call across the contract. */
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

/** Codes that may succeed on a later try without any change by the user. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'CONNECTION_REFUSED',
  'CONNECTION_RESET',
  'TIMEOUT',
  'THROTTLED',
]);

/** Builds an AppError; `retryable` follows from the code unless given. */
export function appError(
  code: ErrorCode,
  message: string,
  extra: { hint?: string; serverResponse?: string; retryable?: boolean } = {},
): AppError {
  const { retryable = RETRYABLE.has(code), ...rest } = extra;
  return { code, message, retryable, ...rest };
}

/** An Error that carries an AppError, so code can `throw` and the transport sends data. */
export class AppFailure extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.name = 'AppFailure';
    this.error = error;
  }
}

/** Throws an AppFailure with the given code and message. */
export function fail(
  code: ErrorCode,
  message: string,
  extra?: { hint?: string; serverResponse?: string; retryable?: boolean },
): never {
  throw new AppFailure(appError(code, message, extra));
}

/** True for a value that has the shape of an AppError (e.g. after crossing a transport). */
export function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(candidate.code) &&
    typeof candidate.message === 'string' &&
    typeof candidate.retryable === 'boolean'
  );
}

/** Turns anything thrown into an AppError; unknown errors become INTERNAL with their message. */
export function toAppError(thrown: unknown): AppError {
  if (thrown instanceof AppFailure) return thrown.error;
  if (isAppError(thrown)) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return appError('INTERNAL', `Unexpected error: ${message}`);
}
