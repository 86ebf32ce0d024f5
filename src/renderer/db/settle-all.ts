/**
 * Waits for parallel writes of one transaction. When one write fails the transaction aborts
 * and the others fail too, as "AbortError"; Promise.all would report the first to settle (often
 * such an echo) and leave the rest unhandled. This waits for all and throws the cause.
 */

function isAbortEcho(reason: unknown): boolean {
  if (!(reason instanceof Error)) return false;
  if (reason.name === 'AbortError') return true;
  // Dexie's BulkError lists each failed operation in `failures`.
  const failures = (reason as Error & { failures?: unknown }).failures;
  return (
    Array.isArray(failures) &&
    failures.length > 0 &&
    failures.every((failure) => failure instanceof Error && failure.name === 'AbortError')
  );
}

/** Resolves when every write succeeded; otherwise rejects with the failure that caused the rest. */
export async function settleAll(writes: readonly Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(writes);
  const reasons = results.flatMap((result) =>
    result.status === 'rejected' ? [result.reason as unknown] : [],
  );
  if (reasons.length === 0) return;
  const cause = reasons.find((reason) => !isAbortEcho(reason)) ?? reasons[0];
  throw cause instanceof Error ? cause : new Error(String(cause));
}
