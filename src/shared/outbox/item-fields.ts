/** Copies of an outbox item without some of its optional fields (absent, not undefined). */
import type { OutboxItem } from '../outbox';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The item without its last error and retry time: a new step starts clean. */
export function withoutFailure(item: OutboxItem): OutboxItem {
  const copy: Mutable<OutboxItem> = { ...item };
  delete copy.lastError;
  delete copy.retryAt;
  return copy;
}

/** The item without its retry time: due now. */
export function withoutRetryAt(item: OutboxItem): OutboxItem {
  const copy: Mutable<OutboxItem> = { ...item };
  delete copy.retryAt;
  return copy;
}
