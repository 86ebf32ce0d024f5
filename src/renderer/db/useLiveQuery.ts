/**
 * Follows a Dexie query: re-runs it whenever a transaction changes what it read (Dexie's
 * liveQuery), so screens show sync batches and queued actions as they land. Pass a query made
 * with useCallback: a new function is a new subscription.
 */
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import { toAppError, type AppError } from '../../shared/errors';

/** The state of a live query; the last value stays while a new one is computed. */
export type LiveResult<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly value: T }
  | { readonly status: 'failed'; readonly error: AppError };

/** Subscribes to `query` for as long as the component is mounted. */
export function useLiveQuery<T>(query: () => Promise<T>): LiveResult<T> {
  const [result, setResult] = useState<LiveResult<T>>({ status: 'loading' });
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setResult({ status: 'ready', value }),
      error: (thrown: unknown) => setResult({ status: 'failed', error: toAppError(thrown) }),
    });
    return () => subscription.unsubscribe();
  }, [query]);
  return result;
}
