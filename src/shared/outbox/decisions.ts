/**
 * What the user decides about an item the state machine cannot finish alone. Each returns the
 * changed item; the caller stores it (store.put) and advances it as usual.
 */
import { fail } from '../errors';
import type { OutboxItem } from '../outbox';
import { withoutFailure, withoutRetryAt } from './item-fields';

/** The two answers to 'unsure'. */
export type UnsureDecision = 'send-again' | 'mark-sent';

/**
 * Resolves an 'unsure' item: 'send-again' queues it (the user checked it did not arrive),
 * 'mark-sent' makes it 'accepted', so advancing files the one Sent copy and never sends.
 */
export function resolveUnsure(item: OutboxItem, decision: UnsureDecision): OutboxItem {
  if (item.state !== 'unsure') {
    fail('INVALID_INPUT', `The message ${item.messageId} is ${item.state}, not unsure.`);
  }
  switch (decision) {
    case 'send-again':
      return { ...withoutFailure(item), state: 'queued', held: false };
    case 'mark-sent':
      return { ...withoutFailure(item), state: 'accepted', held: false };
    default: {
      const unreachable: never = decision;
      throw new Error(`Unknown decision ${String(unreachable)}`);
    }
  }
}

/**
 * Retry now: a held or waiting queued item is queued again without its error; a 'sending' or
 * 'accepted' item waiting for its next automatic attempt loses the wait (recovery still looks
 * the message up before sending, and 'accepted' is never sent again).
 */
export function retryHeld(item: OutboxItem): OutboxItem {
  switch (item.state) {
    case 'queued':
      return { ...withoutFailure(item), held: false };
    case 'sending':
    case 'accepted':
      return withoutRetryAt(item);
    case 'sent-copy-confirmed':
    case 'unsure':
      return fail(
        'INVALID_INPUT',
        item.state === 'unsure'
          ? `The message ${item.messageId} may have gone out: choose Send again or Mark as sent.`
          : `The message ${item.messageId} was sent already.`,
      );
    default: {
      const unreachable: never = item.state;
      throw new Error(`Unknown outbox state ${String(unreachable)}`);
    }
  }
}
