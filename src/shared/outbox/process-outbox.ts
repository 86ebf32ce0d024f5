/**
 * Running the outbox: which items are due, and advancing them a few at a time. An item is
 * never advanced twice at once, even when a timer starts a new run before the last one ended.
 */
import type { OutboxItem } from '../outbox';
import { advanceOutboxItem, type OutboxDeps } from './advance';

function reached(iso: string | undefined, now: Date): boolean {
  return iso === undefined || Date.parse(iso) <= now.getTime();
}

/**
 * Items to advance now: queued ones not held whose schedule (sendAt) and backoff (retryAt)
 * have passed, and 'sending' (crash recovery) or 'accepted' (Sent copy missing) ones whose
 * backoff has passed. 'unsure' and 'sent-copy-confirmed' wait for nobody.
 */
export function dueItems(items: readonly OutboxItem[], now: Date): OutboxItem[] {
  return items.filter((item) => {
    switch (item.state) {
      case 'queued':
        return !item.held && reached(item.sendAt, now) && reached(item.retryAt, now);
      case 'sending':
      case 'accepted':
        return reached(item.retryAt, now);
      case 'sent-copy-confirmed':
      case 'unsure':
        return false;
      default: {
        const unreachable: never = item.state;
        throw new Error(`Unknown outbox state ${String(unreachable)}`);
      }
    }
  });
}

/** Options of {@link processOutbox}. */
export interface ProcessOptions {
  /** Items advanced at the same time (default 4). */
  readonly concurrency?: number;
}

/** One item's outcome: its final state, or the storage failure that stopped it. */
export type ProcessResult =
  | { readonly ok: true; readonly item: OutboxItem }
  | { readonly ok: false; readonly item: OutboxItem; readonly thrown: unknown };

/**
 * Message-IDs being advanced in this realm (renderer or process) right now. Module-wide on
 * purpose: two runs started by different timers must still not advance the same item.
 */
const inFlight = new Set<string>();

/**
 * Advances the due items among `items`, `concurrency` at a time, and returns their outcomes in
 * the order given. Items already being advanced (by this or an earlier run) are skipped.
 */
export async function processOutbox(
  items: readonly OutboxItem[],
  deps: OutboxDeps,
  options: ProcessOptions = {},
): Promise<ProcessResult[]> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const claimed: OutboxItem[] = [];
  for (const item of dueItems(items, deps.now())) {
    if (inFlight.has(item.messageId)) continue;
    inFlight.add(item.messageId);
    claimed.push(item);
  }
  const results: ProcessResult[] = new Array<ProcessResult>(claimed.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < claimed.length) {
      const index = next;
      next += 1;
      const item = claimed[index];
      if (item === undefined) continue;
      try {
        results[index] = { ok: true, item: await advanceOutboxItem(item, deps) };
      } catch (thrown) {
        results[index] = { ok: false, item, thrown };
      } finally {
        inFlight.delete(item.messageId);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker));
  return results;
}
