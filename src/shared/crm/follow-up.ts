/**
 * Follow-up reminders: a message from a linked contact that we have not answered within N
 * hours becomes due. Our own reply in the same thread clears it. Time is always passed in.
 */
import { bulkReason } from './bulk-mail';
import { threadKeyOf } from './routing';
import type { CrmMessage, FollowUpRow } from './types';

const HOUR_MS = 3_600_000;

/** A waiting row for a received, non-bulk message from a linked contact; else undefined. */
export function followUpFor(
  message: CrmMessage,
  contactId: string | undefined,
  hours: number,
): FollowUpRow | undefined {
  if (message.outgoing || contactId === undefined) return undefined;
  if (bulkReason(message, []) !== undefined) return undefined;
  const received = Date.parse(message.date);
  if (!Number.isFinite(received) || !Number.isFinite(hours)) return undefined;
  return {
    accountId: message.accountId,
    messageKey: message.messageKey,
    threadKey: threadKeyOf(message),
    contactId,
    dueAt: new Date(received + hours * HOUR_MS).toISOString(),
    state: 'waiting',
  };
}

/** The rows our outgoing message answers (same thread, not yet cleared), now cleared. */
export function clearedBy(reply: CrmMessage, waiting: readonly FollowUpRow[]): FollowUpRow[] {
  if (!reply.outgoing) return [];
  const thread = threadKeyOf(reply);
  return waiting
    .filter((row) => row.state !== 'cleared' && row.threadKey === thread)
    .map((row) => ({ ...row, state: 'cleared' }));
}

/** The waiting rows whose time has come, now due. */
export function dueFollowUps(rows: readonly FollowUpRow[], now: Date): FollowUpRow[] {
  const at = now.getTime();
  return rows
    .filter((row) => row.state === 'waiting' && Date.parse(row.dueAt) <= at)
    .map((row) => ({ ...row, state: 'due' }));
}
