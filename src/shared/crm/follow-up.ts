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
  const dueAt = dueAtFor(message.date, hours);
  if (dueAt === undefined) return undefined;
  return {
    accountId: message.accountId,
    messageKey: message.messageKey,
    threadKey: threadKeyOf(message),
    contactId,
    dueAt,
    state: 'waiting',
  };
}

function dueAtFor(receivedAt: string, hours: number): string | undefined {
  const received = Date.parse(receivedAt);
  if (!Number.isFinite(received) || !Number.isFinite(hours)) return undefined;
  return new Date(received + hours * HOUR_MS).toISOString();
}

/**
 * `row` due `hours` after its message was received at `receivedAt` (the hours changed). A
 * cleared row stays cleared. A row no longer due at `now` waits again, to be announced when it
 * comes due; one due or announced before and still due keeps its state, so it is never
 * announced twice; a waiting row that is due now stays waiting for the next check to announce.
 */
export function retimedFollowUp(
  row: FollowUpRow,
  receivedAt: string,
  hours: number,
  now: Date,
): FollowUpRow {
  const dueAt = dueAtFor(receivedAt, hours);
  if (row.state === 'cleared' || dueAt === undefined) return row;
  return Date.parse(dueAt) > now.getTime()
    ? { ...row, dueAt, state: 'waiting' }
    : { ...row, dueAt };
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
