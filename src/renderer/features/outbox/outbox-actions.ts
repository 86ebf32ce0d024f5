/**
 * What the user can do to an item in the Outbox panel. Each change is written in a transaction
 * on the stored item (never on a copy the panel rendered earlier), and refused while the runner
 * is advancing that item, so a decision never races a step under way. The runner is woken after.
 */
import { AppFailure, appError } from '../../../shared/errors';
import type { OutboxItem } from '../../../shared/outbox';
import { resolveUnsure, retryHeld, type UnsureDecision } from '../../../shared/outbox/index';
import type { MailDb } from '../../db/mail-db';
import { deleteOutboxItemIn, updateOutboxItem } from '../../db/outbox-store';
import type { OutboxRunner } from './outbox-runner';

/** The runner and database the actions work on. */
export interface OutboxControl {
  readonly db: MailDb;
  readonly runner: Pick<OutboxRunner, 'wake' | 'isBusy'>;
}

function busy(): AppFailure {
  return new AppFailure(
    appError('INVALID_INPUT', 'This message is being sent right now.', {
      hint: 'Wait a moment, then try again.',
      retryable: true,
    }),
  );
}

async function change(
  control: OutboxControl,
  messageId: string,
  next: (item: OutboxItem) => OutboxItem,
): Promise<void> {
  if (control.runner.isBusy(messageId)) throw busy();
  await updateOutboxItem(control.db, messageId, next);
  control.runner.wake();
}

/**
 * Cancel: deletes a queued item. Resolves false when it had already left 'queued' (it may be
 * at the server then, so it stays and the panel shows where it is).
 */
export async function cancelOutgoing(control: OutboxControl, messageId: string): Promise<boolean> {
  if (control.runner.isBusy(messageId)) return false;
  return deleteOutboxItemIn(control.db, messageId, 'queued');
}

/** Retry: a held item (or one waiting for its backoff) is tried now. */
export function retryOutgoing(control: OutboxControl, messageId: string): Promise<void> {
  return change(control, messageId, retryHeld);
}

/** Send again / Mark as sent, for an item that may or may not have gone out. */
export function decideUnsure(
  control: OutboxControl,
  messageId: string,
  decision: UnsureDecision,
): Promise<void> {
  return change(control, messageId, (item) => resolveUnsure(item, decision));
}

/** Retry saving to Sent: an accepted item whose Sent copy failed files it now. */
export function retrySentCopy(control: OutboxControl, messageId: string): Promise<void> {
  return change(control, messageId, (item) => {
    if (item.state !== 'accepted') {
      throw new AppFailure(
        appError('INVALID_INPUT', 'This message is not waiting for its Sent copy.', {
          retryable: false,
        }),
      );
    }
    return retryHeld(item);
  });
}
