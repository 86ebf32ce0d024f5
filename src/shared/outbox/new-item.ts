/**
 * A message entering the outbox. Its Message-ID and Date are already fixed in the message, so
 * every attempt and the Sent copy carry the same ones and a crash can be recovered by looking
 * the Message-ID up.
 */
import type { OutgoingMessage } from '../compose';
import type { OutboxItem } from '../outbox';

/** Options of {@link newOutboxItem}. */
export interface NewOutboxItemOptions {
  /** When the user pressed Send. */
  readonly now: Date;
  /** Schedule send: not sent before this time. */
  readonly sendAt?: Date;
  /** The template the message was written from. */
  readonly templateId?: string;
}

/** A queued outbox item for `message`, keyed by its Message-ID; nothing is stored yet. */
export function newOutboxItem(message: OutgoingMessage, options: NewOutboxItemOptions): OutboxItem {
  return {
    messageId: message.messageId,
    accountId: message.accountId,
    message,
    state: 'queued',
    queuedAt: options.now.toISOString(),
    attempts: 0,
    held: false,
    ...(options.sendAt === undefined ? {} : { sendAt: options.sendAt.toISOString() }),
    ...(options.templateId === undefined ? {} : { templateId: options.templateId }),
  };
}
