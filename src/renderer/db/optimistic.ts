/**
 * What a queued action does to the cache before the server has seen it, and how that is undone
 * or completed afterwards. Every function here runs inside a rw transaction over memberships,
 * messages, bodies and checkpoints (the caller's), so the cache and the queue move together.
 */
import type { ActionOutcome, MessageAction, MessageRef } from '../../shared/sync';
import type { CacheTables } from './cache-tables';
import { flagBits } from './message-rows';
import { deleteOrphans } from './orphans';
import type { ActionUndo, Membership, MembershipKey, QueuedAction } from './records';

/** Where a delete goes: the account's Trash, unless the message is already there. */
export interface ActionContext {
  readonly trashFolder?: string;
}

/** The membership key of a server reference. */
export function refKey(ref: MessageRef): MembershipKey {
  return [ref.accountId, ref.folder, ref.uidValidity, ref.uid];
}

function sameFlag(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function withFlags(row: Membership, flags: readonly string[]): Membership {
  return { ...row, flags, ...flagBits(flags) };
}

/** Flags after adding `add` and removing `remove` (IMAP flags compare case-insensitively). */
function editFlags(
  flags: readonly string[],
  add: readonly string[],
  remove: readonly string[],
): string[] {
  const kept = flags.filter((flag) => !remove.some((r) => sameFlag(r, flag)));
  for (const flag of add) if (!kept.some((k) => sameFlag(k, flag))) kept.push(flag);
  return kept;
}

/** The folder a move or delete lands in; undefined for an expunge. */
function targetFolder(
  ref: MessageRef,
  action: MessageAction,
  context: ActionContext,
): string | undefined {
  switch (action.kind) {
    case 'flags':
      return undefined;
    case 'move':
      return action.toFolder;
    case 'delete':
      return context.trashFolder !== undefined && context.trashFolder !== ref.folder
        ? context.trashFolder
        : undefined;
    default: {
      const unknown: never = action;
      throw new Error(`Unknown action: ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Applies `action` (already stored with `actionId`) to the cache and returns how to undo it.
 * A move or delete removes the source membership and, when the target folder is cached, adds a
 * placeholder there (uid = -actionId) until the server reports the real UID.
 */
export async function applyOptimistic(
  t: CacheTables,
  actionId: number,
  ref: MessageRef,
  action: MessageAction,
  context: ActionContext,
): Promise<{ undo: ActionUndo; messageKey?: string }> {
  const row = await t.memberships.get(refKey(ref));
  if (row === undefined) return { undo: { kind: 'none' } };
  if (action.kind === 'flags') {
    const flags = editFlags(row.flags, action.add, action.remove);
    await t.memberships.put(withFlags(row, flags));
    return {
      messageKey: row.messageKey,
      undo: {
        kind: 'flags',
        added: action.add.filter((flag) => !row.flags.some((f) => sameFlag(f, flag))),
        removed: row.flags.filter((flag) => action.remove.some((r) => sameFlag(r, flag))),
      },
    };
  }
  const target = targetFolder(ref, action, context);
  // A move to the folder it is already in changes nothing on the server either.
  if (target === ref.folder) return { messageKey: row.messageKey, undo: { kind: 'none' } };
  await t.memberships.delete(refKey(ref));
  const cached =
    target === undefined ? undefined : await t.checkpoints.get([ref.accountId, target]);
  if (target === undefined || cached === undefined) {
    return { messageKey: row.messageKey, undo: { kind: 'relocate', source: row } };
  }
  const placeholder: Membership = {
    ...row,
    folder: target,
    uidValidity: cached.checkpoint.uidValidity,
    uid: -actionId,
    pendingAction: actionId,
  };
  await t.memberships.put(placeholder);
  return {
    messageKey: row.messageKey,
    undo: {
      kind: 'relocate',
      source: row,
      placeholder: [ref.accountId, target, placeholder.uidValidity, placeholder.uid],
    },
  };
}

/**
 * Re-applies a still-pending action to rows a sync batch has just rewritten from the server's
 * state, so the user's unsent change does not flicker back. The undo stays as first recorded.
 */
export async function reapplyOptimistic(t: CacheTables, queued: QueuedAction): Promise<void> {
  const row = await t.memberships.get(refKey(queued.ref));
  if (row === undefined) return;
  if (queued.action.kind === 'flags') {
    await t.memberships.put(
      withFlags(row, editFlags(row.flags, queued.action.add, queued.action.remove)),
    );
    return;
  }
  if (queued.action.kind === 'move' && queued.action.toFolder === queued.ref.folder) return;
  // Move or delete: the message leaves this folder (its placeholder, if any, is already there).
  await t.memberships.delete(refKey(queued.ref));
}

/**
 * Drops the optimistic change of an action the server did not carry out. 'gone': the message no
 * longer exists there, so the source is not brought back (a later sync confirms). 'failed': the
 * server refused, so the message is still where it was and the source comes back.
 */
export async function revertOptimistic(
  t: CacheTables,
  queued: QueuedAction,
  reason: 'gone' | 'failed',
): Promise<void> {
  const undo = queued.undo;
  switch (undo.kind) {
    case 'none':
      return;
    case 'flags': {
      const row = await t.memberships.get(refKey(queued.ref));
      if (row !== undefined)
        await t.memberships.put(withFlags(row, editFlags(row.flags, undo.removed, undo.added)));
      return;
    }
    case 'relocate': {
      if (undo.placeholder !== undefined) await t.memberships.delete(undo.placeholder);
      if (reason === 'failed' && (await t.memberships.get(refKey(queued.ref))) === undefined) {
        await t.memberships.put(undo.source);
      }
      await deleteOrphans(t, queued.accountId, [undo.source.messageKey]);
      return;
    }
    default: {
      const unknown: never = undo;
      throw new Error(`Unknown undo: ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Completes a move the server carried out: the placeholder becomes the real membership when the
 * server reported the new UID (UIDPLUS) under the UIDVALIDITY we hold; otherwise the target's
 * next sync brings it.
 */
export async function finishOptimistic(
  t: CacheTables,
  queued: QueuedAction,
  outcome: ActionOutcome,
): Promise<void> {
  const undo = queued.undo;
  if (undo.kind !== 'relocate') return;
  if (undo.placeholder !== undefined) {
    const placeholder = await t.memberships.get(undo.placeholder);
    await t.memberships.delete(undo.placeholder);
    if (placeholder !== undefined && outcome.newUid !== undefined) {
      const cached = await t.checkpoints.get([queued.accountId, placeholder.folder]);
      if (cached?.checkpoint.uidValidity === placeholder.uidValidity) {
        await t.memberships.put({ ...placeholder, uid: outcome.newUid, pendingAction: undefined });
      }
    }
  }
  await deleteOrphans(t, queued.accountId, [undo.source.messageKey]);
}
