/**
 * Queues a message for sending: the compose pane's Send. The item is stored (durably) as
 * 'queued' and the runner woken; sending happens in the background, offline too, so the pane
 * can close as soon as this resolves.
 */
import { AppFailure, appError } from '../../../shared/errors';
import { outgoingMessageSchema, type OutgoingMessage } from '../../../shared/compose';
import type { OutboxItem } from '../../../shared/outbox';
import { newOutboxItem } from '../../../shared/outbox/index';
import { getMailDb, type MailDb } from '../../db/mail-db';
import { addOutboxItem } from '../../db/outbox-store';
import { appOutbox, startOutbox } from './start-outbox';

/** Options of {@link queueOutgoing}. */
export interface QueueOutgoingOptions {
  /** Schedule send: not before this time (the app must be running then). */
  readonly sendAt?: Date;
  /** The template the message was written from, for usage statistics. */
  readonly templateId?: string;
}

/** Stores `message` as a queued item in `db`; the caller wakes the runner. */
export async function enqueueOutgoing(
  db: MailDb,
  message: OutgoingMessage,
  options: QueueOutgoingOptions & { readonly now?: Date } = {},
): Promise<OutboxItem> {
  // Refused here rather than held later: the pane can still show what to fix.
  const parsed = outgoingMessageSchema.safeParse(message);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppFailure(
      appError('INVALID_INPUT', first?.message ?? 'This message cannot be sent as it is.', {
        retryable: false,
      }),
    );
  }
  if (parsed.data.to.length + parsed.data.cc.length + parsed.data.bcc.length === 0) {
    throw new AppFailure(
      appError('INVALID_INPUT', 'Add at least one recipient.', { retryable: false }),
    );
  }
  const item = newOutboxItem(parsed.data, {
    now: options.now ?? new Date(),
    sendAt: options.sendAt,
    templateId: options.templateId,
  });
  await addOutboxItem(db, item);
  return item;
}

/**
 * Queues `message` in the app's outbox and wakes the runner; resolves with the stored item as
 * soon as it is written (before anything is sent).
 */
export async function queueOutgoing(
  message: OutgoingMessage,
  options?: { sendAt?: Date; templateId?: string },
): Promise<OutboxItem> {
  const item = await enqueueOutgoing(getMailDb(), message, options);
  // The app starts the outbox at launch; starting it here too means a Send is never stranded.
  (appOutbox() ?? startOutbox()).wake();
  return item;
}
