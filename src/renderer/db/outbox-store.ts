/**
 * The outbox in Dexie (table `outbox`, keyed by Message-ID): the durable OutboxStore the shared
 * state machine writes through, the queries the runner and the Outbox panel read, and the
 * cleanup of finished items. Dexie resolves a write only after its IndexedDB transaction
 * committed, which is the durability the state machine relies on before each network step.
 */
import { AppFailure, appError } from '../../shared/errors';
import type { OutboxItem, OutboxState, OutboxStore } from '../../shared/outbox';
import type { MailDb } from './mail-db';
import { storageError } from './storage-errors';

/** How long sent items stay visible as "recently sent". */
export const KEEP_SENT_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Thrown by put when the item was cancelled (deleted) while a step was about to start. */
function cancelled(messageId: string): AppFailure {
  return new AppFailure(
    appError('NOT_FOUND', `The message ${messageId} was removed from the outbox.`, {
      retryable: false,
    }),
  );
}

/**
 * The OutboxStore over `db`. A put never brings back an item the user cancelled: only a queued
 * item may be written where there is none (the first write), so a cancel that wins the race
 * with the runner stops the send instead of being undone by the next state.
 */
export function dexieOutboxStore(db: MailDb): OutboxStore {
  return {
    async put(item) {
      try {
        await db.transaction('rw', db.outbox, async () => {
          if (item.state !== 'queued' && (await db.outbox.get(item.messageId)) === undefined) {
            throw cancelled(item.messageId);
          }
          await db.outbox.put(item);
        });
      } catch (thrown) {
        throw new AppFailure(storageError(thrown, 'the outgoing message'));
      }
    },
  };
}

/** Writes a new item; refuses a Message-ID already in the outbox (the same message twice). */
export async function addOutboxItem(db: MailDb, item: OutboxItem): Promise<void> {
  try {
    await db.outbox.add(item);
  } catch (thrown) {
    if (thrown instanceof Error && thrown.name === 'ConstraintError') {
      throw new AppFailure(
        appError('INVALID_INPUT', 'This message is already in the outbox.', { retryable: false }),
      );
    }
    throw new AppFailure(storageError(thrown, 'the outgoing message'));
  }
}

/** One item, or undefined once it was cancelled or cleaned up. */
export function getOutboxItem(db: MailDb, messageId: string): Promise<OutboxItem | undefined> {
  return db.outbox.get(messageId);
}

function byQueuedAt(a: OutboxItem, b: OutboxItem): number {
  return a.queuedAt < b.queuedAt ? -1 : a.queuedAt > b.queuedAt ? 1 : 0;
}

/** Every item, oldest first (the outbox is small: finished items are cleaned up). */
export async function listOutbox(db: MailDb): Promise<OutboxItem[]> {
  return (await db.outbox.toArray()).sort(byQueuedAt);
}

/** Items in any of `states`, oldest first. */
export async function outboxInStates(
  db: MailDb,
  states: readonly OutboxState[],
): Promise<OutboxItem[]> {
  return (await db.outbox.where('state').anyOf(states).toArray()).sort(byQueuedAt);
}

/** One account's items in any of `states`, oldest first. */
export async function accountOutbox(
  db: MailDb,
  accountId: string,
  states: readonly OutboxState[],
): Promise<OutboxItem[]> {
  const keys = states.map((state) => [accountId, state]);
  return (await db.outbox.where('[accountId+state]').anyOf(keys).toArray()).sort(byQueuedAt);
}

/** Items not finished yet: what a badge counts. */
export const UNFINISHED_STATES: readonly OutboxState[] = [
  'queued',
  'sending',
  'accepted',
  'unsure',
];

/**
 * Changes one item in a transaction: `change` sees the stored item and returns the new one, or
 * undefined to leave it. Resolves with what is stored afterwards.
 */
export async function updateOutboxItem(
  db: MailDb,
  messageId: string,
  change: (item: OutboxItem) => OutboxItem | undefined,
): Promise<OutboxItem | undefined> {
  try {
    return await db.transaction('rw', db.outbox, async () => {
      const item = await db.outbox.get(messageId);
      if (item === undefined) return undefined;
      const next = change(item);
      if (next === undefined) return item;
      await db.outbox.put(next);
      return next;
    });
  } catch (thrown) {
    throw new AppFailure(storageError(thrown, 'the outgoing message'));
  }
}

/**
 * Deletes an item only while it is in `state` (Cancel deletes queued items only: anything
 * further may already be at the server). Resolves true when it was deleted.
 */
export async function deleteOutboxItemIn(
  db: MailDb,
  messageId: string,
  state: OutboxState,
): Promise<boolean> {
  try {
    return await db.transaction('rw', db.outbox, async () => {
      const item = await db.outbox.get(messageId);
      if (item?.state !== state) return false;
      await db.outbox.delete(messageId);
      return true;
    });
  } catch (thrown) {
    throw new AppFailure(storageError(thrown, 'the outbox'));
  }
}

/** When an item last moved: the later of when it was queued and when it was scheduled for. */
function settledAt(item: OutboxItem): number {
  return Math.max(
    Date.parse(item.queuedAt),
    item.sendAt === undefined ? 0 : Date.parse(item.sendAt),
  );
}

/**
 * Deletes sent items older than `keepDays` (default {@link KEEP_SENT_DAYS}); they are "recently
 * sent" until then. Items still on their way or waiting for the user are never removed here.
 */
export async function pruneSentItems(
  db: MailDb,
  now: Date,
  keepDays: number = KEEP_SENT_DAYS,
): Promise<number> {
  const before = now.getTime() - keepDays * DAY_MS;
  try {
    return await db.outbox
      .where('state')
      .equals('sent-copy-confirmed')
      .filter((item) => settledAt(item) < before)
      .delete();
  } catch (thrown) {
    throw new AppFailure(storageError(thrown, 'the cleanup of sent messages'));
  }
}
