/**
 * Turns a failed IndexedDB write into an AppError the user can act on. Dexie wraps the browser's
 * error (an AbortError whose `inner` is the QuotaExceededError, or a BulkError with `failures`),
 * so the cause is looked for through those wrappers.
 */
import { AppFailure, appError, type AppError } from '../../shared/errors';

/** How deep to follow `inner` / `failures`; Dexie nests two or three levels at most. */
const MAX_DEPTH = 5;

function property(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

/** True when `thrown`, or an error it wraps, says the disk (or the origin's quota) is full. */
export function isQuotaExceeded(thrown: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH || typeof thrown !== 'object' || thrown === null) return false;
  if (property(thrown, 'name') === 'QuotaExceededError') return true;
  if (isQuotaExceeded(property(thrown, 'inner'), depth + 1)) return true;
  const failures = property(thrown, 'failures');
  return Array.isArray(failures) && failures.some((f) => isQuotaExceeded(f, depth + 1));
}

/**
 * The AppError for a write of `what` (e.g. "500 messages of INBOX") that failed. An AppFailure
 * thrown on purpose inside the transaction passes through unchanged.
 */
export function storageError(thrown: unknown, what: string): AppError {
  if (thrown instanceof AppFailure) return thrown.error;
  if (isQuotaExceeded(thrown)) {
    return appError(
      'DISK_FULL',
      `The disk is full: ${what} could not be saved to the mail cache.`,
      {
        hint: 'Free some disk space, then choose Sync Now. Nothing already saved was lost: the sync resumes from the last saved point.',
        retryable: false,
      },
    );
  }
  const name = property(thrown, 'name');
  const message = property(thrown, 'message');
  const detail =
    typeof message === 'string'
      ? `${typeof name === 'string' ? `${name}: ` : ''}${message}`
      : String(thrown);
  return appError('INTERNAL', `The mail cache could not save ${what} (${detail}).`, {
    hint: 'Choose Sync Now to try again; if it keeps failing, restart the app.',
    retryable: true,
  });
}
