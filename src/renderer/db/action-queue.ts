/**
 * The local outbox of user actions (flag, move, delete). An action is written together with its
 * optimistic effect on the cache, in one transaction, so the UI shows the change at once and the
 * queue never holds an action the cache does not reflect (or the reverse). Replay (in
 * features/sync) sends them in id order and settles each here.
 */
import { AppFailure, appError, type AppError } from '../../shared/errors';
import type { ActionOutcome, MessageAction, MessageRef } from '../../shared/sync';
import { inTransaction, type CacheTables } from './cache-tables';
import type { MailDb } from './mail-db';
import {
  applyOptimistic,
  finishOptimistic,
  revertOptimistic,
  type ActionContext,
} from './optimistic';
import type { QueuedAction } from './records';
import { storageError } from './storage-errors';

/** Options of {@link queueAction}. */
export interface QueueOptions extends ActionContext {
  readonly now?: () => Date;
}

const TABLES = ['actionQueue', 'memberships', 'messages', 'bodies', 'checkpoints'] as const;

/**
 * Queues `action` on `ref` and applies it to the cache, in one transaction. Resolves with the
 * action's id. A ref with no server UID yet (a placeholder of a move not yet carried out) is
 * refused: the server could not find it.
 */
export async function queueAction(
  db: MailDb,
  ref: MessageRef,
  action: MessageAction,
  options: QueueOptions = {},
): Promise<number> {
  if (ref.uid <= 0) {
    throw new AppFailure(
      appError('INVALID_INPUT', 'This message is still being moved on the server.', {
        hint: 'Try again after the next sync.',
        retryable: true,
      }),
    );
  }
  const at = (options.now ?? (() => new Date()))().toISOString();
  try {
    return await inTransaction(db, 'rw', TABLES, async (t) => {
      const id = await t.actionQueue.add({
        accountId: ref.accountId,
        folder: ref.folder,
        ref,
        action,
        state: 'queued',
        attempts: 0,
        undo: { kind: 'none' },
        queuedAt: at,
        updatedAt: at,
      });
      const { undo, messageKey } = await applyOptimistic(t, id, ref, action, options);
      await t.actionQueue.update(id, { undo, messageKey });
      return id;
    });
  } catch (thrown) {
    throw new AppFailure(storageError(thrown, 'your change'));
  }
}

/** The account's actions still to send (queued, or interrupted while sending), in order. */
export async function pendingActions(db: MailDb, accountId: string): Promise<QueuedAction[]> {
  const rows = await db.actionQueue
    .where('[accountId+state]')
    .anyOf([
      [accountId, 'queued'],
      [accountId, 'sending'],
    ])
    .toArray();
  return rows.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
}

/** Accounts with anything to send. */
export async function accountsWithPendingActions(db: MailDb): Promise<string[]> {
  // The outbox is small (finished rows are pruned): a scan is cheaper than another index.
  const rows = await db.actionQueue
    .filter((row) => row.state === 'queued' || row.state === 'sending')
    .toArray();
  return [...new Set(rows.map((row) => row.accountId))];
}

async function settle(
  db: MailDb,
  id: number,
  change: (t: CacheTables, queued: QueuedAction) => Promise<Partial<QueuedAction>>,
  at: string,
): Promise<void> {
  try {
    await inTransaction(db, 'rw', TABLES, async (t) => {
      const queued = await t.actionQueue.get(id);
      if (queued === undefined) return;
      const update = await change(t, queued);
      await t.actionQueue.update(id, { ...update, updatedAt: at });
    });
  } catch (thrown) {
    throw new AppFailure(storageError(thrown, 'the outcome of a sent change'));
  }
}

/** Marks an action as on its way (so a crash mid-send is visible and retried). */
export function markSending(db: MailDb, id: number, at: string): Promise<void> {
  return settle(
    db,
    id,
    (_t, q) => Promise.resolve({ state: 'sending', attempts: q.attempts + 1 }),
    at,
  );
}

/** The server answered: done completes the optimistic change, gone drops it. */
export function settleOutcome(
  db: MailDb,
  id: number,
  outcome: ActionOutcome,
  at: string,
): Promise<void> {
  return settle(
    db,
    id,
    async (t, queued) => {
      if (outcome.status === 'done') await finishOptimistic(t, queued, outcome);
      else await revertOptimistic(t, queued, 'gone');
      return { state: outcome.status, lastError: undefined };
    },
    at,
  );
}

/** The server refused the action: the cache goes back to the server's state. */
export function settleFailed(db: MailDb, id: number, error: AppError, at: string): Promise<void> {
  return settle(
    db,
    id,
    async (t, queued) => {
      await revertOptimistic(t, queued, 'failed');
      return { state: 'failed', lastError: error };
    },
    at,
  );
}

/** The connection failed before an answer: the action waits for the next replay. */
export function settleLater(db: MailDb, id: number, error: AppError, at: string): Promise<void> {
  return settle(db, id, () => Promise.resolve({ state: 'queued', lastError: error }), at);
}

/** Removes finished actions older than `before` (ISO 8601), keeping failures for the user. */
export async function pruneFinished(db: MailDb, accountId: string, before: string): Promise<void> {
  try {
    await db.actionQueue
      .where('[accountId+state]')
      .anyOf([
        [accountId, 'done'],
        [accountId, 'gone'],
      ])
      .filter((row) => row.updatedAt < before)
      .delete();
  } catch (thrown) {
    throw new AppFailure(storageError(thrown, 'the cleanup of sent changes'));
  }
}
