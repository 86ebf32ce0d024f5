/**
 * The outbox state machine (see the diagram in ../outbox.ts): takes one item as far as it can
 * go now. Every state is written with store.put BEFORE the network step it announces, so a
 * crash at any point leaves a state that says what may have happened, and recovery never sends
 * a message twice: 'sending' is looked up before anything is resent, 'accepted' only files the
 * Sent copy. A failing store.put stops before the network step and rethrows.
 */
import { appError, toAppError, type AppError } from '../errors';
import type { OutboxItem, OutboxRemote, OutboxStore } from '../outbox';
import { withoutFailure } from './item-fields';
import { retryDelayMs, sendFailureKind } from './retry-policy';

/** What advancing needs: durable storage, the network steps and a clock. */
export interface OutboxDeps {
  readonly store: OutboxStore;
  readonly remote: OutboxRemote;
  readonly now: () => Date;
}

/** Shown when a crash (or a dead connection) leaves no way to know whether the message went. */
export const UNSURE_MESSAGE =
  "This message may have gone out just before the app stopped. Check the recipient's copy, then Send again or Mark as sent.";

/** One step's outcome: the item after it, and whether another step may follow right away. */
interface Step {
  readonly item: OutboxItem;
  readonly more: boolean;
}

function retryAt(deps: OutboxDeps, attempts: number): string {
  return new Date(deps.now().getTime() + retryDelayMs(Math.max(1, attempts))).toISOString();
}

/** True when the time has come (no time given means now). */
function reached(iso: string | undefined, now: Date): boolean {
  return iso === undefined || Date.parse(iso) <= now.getTime();
}

async function save(deps: OutboxDeps, item: OutboxItem, more: boolean): Promise<Step> {
  await deps.store.put(item);
  return { item, more };
}

/** queued → sending → accepted, or back to queued (or held) with the server's reason. */
async function send(item: OutboxItem, deps: OutboxDeps): Promise<Step> {
  const now = deps.now();
  if (item.held || !reached(item.sendAt, now) || !reached(item.retryAt, now)) {
    return { item, more: false };
  }
  const sending: OutboxItem = {
    ...withoutFailure(item),
    state: 'sending',
    attempts: item.attempts + 1,
  };
  await deps.store.put(sending);
  let receipt;
  try {
    receipt = await deps.remote.send(sending.message);
  } catch (thrown) {
    return sendFailed(sending, toAppError(thrown), deps);
  }
  return save(deps, { ...sending, state: 'accepted', receipt }, true);
}

async function sendFailed(sending: OutboxItem, error: AppError, deps: OutboxDeps): Promise<Step> {
  const kind = sendFailureKind(error);
  switch (kind) {
    case 'retry':
      return save(
        deps,
        {
          ...sending,
          state: 'queued',
          lastError: error,
          retryAt: retryAt(deps, sending.attempts),
        },
        false,
      );
    case 'maybe-sent':
      // Stays 'sending': the next attempt looks the message up first, like after a crash.
      return save(
        deps,
        { ...sending, lastError: error, retryAt: retryAt(deps, sending.attempts) },
        false,
      );
    case 'hold':
      return save(deps, { ...sending, state: 'queued', held: true, lastError: error }, false);
    default: {
      const unreachable: never = kind;
      throw new Error(`Unknown failure kind ${String(unreachable)}`);
    }
  }
}

/** A 'sending' item from a crash: found ⇒ accepted; provably not sent ⇒ queued; else unsure. */
async function recover(item: OutboxItem, deps: OutboxDeps): Promise<Step> {
  if (!reached(item.retryAt, deps.now())) return { item, more: false };
  let located;
  try {
    located = await deps.remote.locate(item.accountId, item.messageId);
  } catch (thrown) {
    // Not knowing is no answer: stay 'sending' and look again later.
    return save(
      deps,
      { ...item, lastError: toAppError(thrown), retryAt: retryAt(deps, item.attempts) },
      false,
    );
  }
  if (located.found) return save(deps, { ...withoutFailure(item), state: 'accepted' }, true);
  // A server that files every sent message in Sent would have filed this one too.
  if (located.serverFilesSent === true) {
    return save(deps, { ...withoutFailure(item), state: 'queued' }, true);
  }
  return save(
    deps,
    {
      ...withoutFailure(item),
      state: 'unsure',
      // The connection ended before an answer could be read: the nearest code there is.
      lastError: appError('CONNECTION_RESET', UNSURE_MESSAGE, {
        retryable: false,
        hint: 'Send again if the recipient did not get it; Mark as sent if they did.',
      }),
    },
    false,
  );
}

/** accepted → sent-copy-confirmed; a failure keeps it 'accepted' (never sent again). */
async function fileSent(item: OutboxItem, deps: OutboxDeps): Promise<Step> {
  if (item.lastError !== undefined && !reached(item.retryAt, deps.now())) {
    return { item, more: false };
  }
  try {
    const sentCopy = await deps.remote.fileSent(item.message);
    return save(deps, { ...withoutFailure(item), state: 'sent-copy-confirmed', sentCopy }, false);
  } catch (thrown) {
    const lastError = toAppError(thrown);
    return save(deps, { ...item, lastError, retryAt: retryAt(deps, item.attempts) }, false);
  }
}

async function step(item: OutboxItem, deps: OutboxDeps): Promise<Step> {
  switch (item.state) {
    case 'queued':
      return send(item, deps);
    case 'sending':
      return recover(item, deps);
    case 'accepted':
      return fileSent(item, deps);
    case 'sent-copy-confirmed':
    case 'unsure':
      return { item, more: false };
    default: {
      const unreachable: never = item.state;
      throw new Error(`Unknown outbox state ${String(unreachable)}`);
    }
  }
}

/**
 * Takes one item as far as it can go now and returns it in its final state (also stored).
 * Rethrows only when storing fails; every network failure ends in the returned item's lastError.
 */
export async function advanceOutboxItem(item: OutboxItem, deps: OutboxDeps): Promise<OutboxItem> {
  let current: Step = { item, more: true };
  // queued → sending → accepted → confirmed is the longest path, after a recovery at most one
  // more; the bound keeps a faulty remote from looping forever.
  for (let steps = 0; current.more && steps < 5; steps += 1) {
    current = await step(current.item, deps);
  }
  return current.item;
}
