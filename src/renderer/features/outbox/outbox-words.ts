/**
 * An outbox item in words, and what the user can do about it. Kept apart from the panel so the
 * wording of each state is one small function, tested without rendering.
 */
import type { OutboxItem } from '../../../shared/outbox';
import { moment } from '../mailbox/format';

/** How a state reads at a glance. */
export type OutboxTone = 'waiting' | 'busy' | 'done' | 'attention' | 'failed';

/** The status line of one item. */
export interface OutboxStatus {
  readonly label: string;
  readonly tone: OutboxTone;
}

/** The buttons an item offers. */
export type OutboxAction =
  'retry' | 'try-now' | 'send-again' | 'mark-sent' | 'retry-copy' | 'cancel';

/** The server's own words when it gave any, else our sentence. */
function reason(item: OutboxItem): string {
  const error = item.lastError;
  if (error === undefined) return 'the server did not say why';
  return error.serverResponse ?? error.message;
}

/** The item's state in words ("Waiting to send", "Not sent: 550 No such user", ...). */
export function outboxStatus(item: OutboxItem, now: Date): OutboxStatus {
  switch (item.state) {
    case 'queued':
      if (item.held) return { label: `Not sent: ${reason(item)}`, tone: 'failed' };
      if (item.sendAt !== undefined && Date.parse(item.sendAt) > now.getTime()) {
        return {
          label: `Scheduled for ${moment(item.sendAt)} — the app must be running then`,
          tone: 'waiting',
        };
      }
      return { label: 'Waiting to send', tone: 'waiting' };
    case 'sending':
      // A failed attempt that may have gone out waits to look it up before anything is resent.
      return item.lastError === undefined
        ? { label: 'Sending…', tone: 'busy' }
        : { label: 'Waiting to send', tone: 'waiting' };
    case 'accepted':
      return { label: 'Sent, saving copy…', tone: item.lastError ? 'attention' : 'busy' };
    case 'sent-copy-confirmed':
      return { label: 'Sent', tone: 'done' };
    case 'unsure':
      return { label: 'Needs your decision', tone: 'attention' };
    default: {
      const unknown: never = item.state;
      throw new Error(`Unknown outbox state ${String(unknown)}`);
    }
  }
}

/** The actions an item offers now; a busy item (a step under way) offers none. */
export function outboxActions(item: OutboxItem, busy: boolean): OutboxAction[] {
  if (busy) return [];
  switch (item.state) {
    case 'queued':
      if (item.held) return ['retry', 'cancel'];
      return item.retryAt === undefined ? ['cancel'] : ['try-now', 'cancel'];
    case 'sending':
      return item.retryAt === undefined ? [] : ['try-now'];
    case 'accepted':
      return item.lastError === undefined ? [] : ['retry-copy'];
    case 'unsure':
      return ['send-again', 'mark-sent'];
    case 'sent-copy-confirmed':
      return [];
    default: {
      const unknown: never = item.state;
      throw new Error(`Unknown outbox state ${String(unknown)}`);
    }
  }
}

/** Button labels. */
export const ACTION_LABELS: Readonly<Record<OutboxAction, string>> = {
  retry: 'Retry',
  'try-now': 'Try now',
  'send-again': 'Send again',
  'mark-sent': 'Mark as sent',
  'retry-copy': 'Retry saving to Sent',
  cancel: 'Cancel',
};
