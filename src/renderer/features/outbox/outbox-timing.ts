/**
 * When the runner should take an item up, and when it should wake next. dueAt mirrors the state
 * machine's dueItems (it returns an item unchanged when its time has not come), so the runner
 * neither spins on items that cannot move nor misses one whose time came.
 */
import type { OutboxItem } from '../../../shared/outbox';
import { dueItems } from '../../../shared/outbox/index';

/** States the runner works on; the others wait for the user or are finished. */
export const ACTIVE_STATES = ['queued', 'sending', 'accepted'] as const;

function at(iso: string | undefined): number {
  return iso === undefined ? 0 : Date.parse(iso);
}

/** The earliest time the item can move by itself, or undefined when only the user can move it. */
export function dueAt(item: OutboxItem): number | undefined {
  switch (item.state) {
    case 'queued':
      return item.held ? undefined : Math.max(at(item.sendAt), at(item.retryAt));
    case 'sending':
    case 'accepted':
      return at(item.retryAt);
    case 'sent-copy-confirmed':
    case 'unsure':
      return undefined;
    default: {
      const unknown: never = item.state;
      throw new Error(`Unknown outbox state ${String(unknown)}`);
    }
  }
}

/** True when the item can move now (the state machine's own rule). */
export function isDue(item: OutboxItem, now: Date): boolean {
  return dueItems([item], now).length === 1;
}

/** The earliest future time any of `items` becomes due, or undefined when none will by itself. */
export function nextWakeAt(items: readonly OutboxItem[], now: Date): number | undefined {
  let next: number | undefined;
  for (const item of items) {
    const due = dueAt(item);
    if (due === undefined || due <= now.getTime()) continue;
    if (next === undefined || due < next) next = due;
  }
  return next;
}
