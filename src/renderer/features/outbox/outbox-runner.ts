/**
 * Runs the outbox in the background: each account's due items one at a time, in the order they
 * were queued, accounts in parallel. Every step goes through the shared state machine
 * (advanceOutboxItem), which writes each state before its network step; the runner only decides
 * when to call it. An item is never advanced twice at once: the `running` set is taken before
 * the item is read again from the database.
 *
 * It wakes on queueOutgoing, on a timer for the next sendAt or retryAt, and when a connection
 * comes back (then failures that only said "no connection" are tried at once, not after their
 * backoff). At start it also recovers what a crash left in 'sending' or 'accepted'.
 */
import { toAppError, type AppError } from '../../../shared/errors';
import type { OutboxItem, OutboxRemote } from '../../../shared/outbox';
import { advanceOutboxItem, retryHeld } from '../../../shared/outbox/index';
import type { MailDb } from '../../db/mail-db';
import {
  accountOutbox,
  dexieOutboxStore,
  getOutboxItem,
  outboxInStates,
  pruneSentItems,
  updateOutboxItem,
} from '../../db/outbox-store';
import { waitsForConnection } from '../sync/replay-queue';
import { ACTIVE_STATES, isDue, nextWakeAt } from './outbox-timing';

/** setTimeout and clearTimeout, injectable so tests control schedule-send and backoff. */
export interface OutboxTimers {
  set(run: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: OutboxTimers = {
  set: (run, delayMs) => setTimeout(run, delayMs),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Browsers run a longer timeout at once (the delay is a signed 32-bit number). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What the runner needs. */
export interface OutboxRunnerDeps {
  readonly db: MailDb;
  readonly remote: OutboxRemote;
  readonly now?: () => Date;
  readonly timers?: OutboxTimers;
  /** Called once when an item reaches sent-copy-confirmed (cleanup, template usage). */
  readonly afterSent?: (item: OutboxItem) => Promise<void>;
  /** A failure the runner cannot attach to an item (the database could not be read). */
  readonly onProblem?: (error: AppError) => void;
}

/** The running outbox. */
export interface OutboxRunner {
  /** Recovers interrupted items, cleans up old sent ones, then sends what is due. */
  start(): Promise<void>;
  /** Looks for due items now (after queueOutgoing or a user's Retry). */
  wake(): void;
  /**
   * A connection came back (to main, or one account's server): items that waited only for a
   * connection are tried now instead of after their backoff.
   */
  connectionBack(accountId?: string): Promise<void>;
  /** True while the item is being advanced. */
  isBusy(messageId: string): boolean;
  /** Resolves when nothing runs (tests, orderly shutdown). */
  idle(): Promise<void>;
  /** Stops waking; a step under way finishes. */
  stop(): void;
}

/** Creates the runner; nothing happens until start(). */
export function createOutboxRunner(deps: OutboxRunnerDeps): OutboxRunner {
  const { db, remote } = deps;
  const now = deps.now ?? (() => new Date());
  const timers = deps.timers ?? REAL_TIMERS;
  const store = dexieOutboxStore(db);
  const busy = new Set<string>();
  const lanes = new Map<string, Promise<void>>();
  const again = new Set<string>();
  /** Wakes and timer updates under way, so idle() waits for them too. */
  const pending = new Set<Promise<void>>();
  let timer: unknown;
  let started = false;
  let stopped = false;

  function problem(thrown: unknown): void {
    deps.onProblem?.(toAppError(thrown));
  }

  function track(work: Promise<void>): void {
    const tracked = work.catch(problem).finally(() => pending.delete(tracked));
    pending.add(tracked);
  }

  async function finished(item: OutboxItem): Promise<void> {
    try {
      await deps.afterSent?.(item);
    } catch (thrown) {
      // The message went and Sent has its copy; a cleanup failure must not show as a failure.
      problem(thrown);
    }
  }

  /** Advances one item as far as it goes now; skips it when busy, gone or not due. */
  async function runItem(messageId: string): Promise<void> {
    if (busy.has(messageId)) return;
    busy.add(messageId);
    try {
      // Read again under the busy mark: a cancel or a user's choice may have changed it.
      const item = await getOutboxItem(db, messageId);
      if (item === undefined || !isDue(item, now())) return;
      const after = await advanceOutboxItem(item, { store, remote, now });
      if (after.state === 'sent-copy-confirmed') await finished(after);
    } catch (thrown) {
      problem(thrown);
    } finally {
      busy.delete(messageId);
    }
  }

  async function drainAccount(accountId: string): Promise<void> {
    const tried = new Set<string>();
    for (;;) {
      if (stopped) return;
      const items = await accountOutbox(db, accountId, ACTIVE_STATES);
      const next = items.find((item) => !tried.has(item.messageId) && isDue(item, now()));
      if (next === undefined) return;
      // Each item once per pass: one that cannot move now waits for the timer or a wake.
      tried.add(next.messageId);
      await runItem(next.messageId);
    }
  }

  function wakeAccount(accountId: string): void {
    if (lanes.has(accountId)) {
      again.add(accountId);
      return;
    }
    const lane = (async () => {
      do {
        again.delete(accountId);
        await drainAccount(accountId);
      } while (again.has(accountId) && !stopped);
    })()
      .catch(problem)
      .finally(() => {
        lanes.delete(accountId);
        track(schedule());
      });
    lanes.set(accountId, lane);
  }

  /** Sets the timer for the earliest sendAt or retryAt still ahead. */
  async function schedule(): Promise<void> {
    if (stopped) return;
    try {
      const items = await outboxInStates(db, ACTIVE_STATES);
      const next = nextWakeAt(items, now());
      if (timer !== undefined) timers.clear(timer);
      timer = undefined;
      if (next === undefined || stopped) return;
      const delay = Math.min(Math.max(0, next - now().getTime()), MAX_TIMER_MS);
      timer = timers.set(() => {
        timer = undefined;
        wakeAll();
      }, delay);
    } catch (thrown) {
      problem(thrown);
    }
  }

  function wakeAll(): void {
    if (stopped || !started) return;
    track(
      (async () => {
        const items = await outboxInStates(db, ACTIVE_STATES);
        const due = new Set(
          items.filter((item) => isDue(item, now())).map((item) => item.accountId),
        );
        for (const accountId of due) wakeAccount(accountId);
        if (due.size === 0) await schedule();
      })(),
    );
  }

  /** Clears the backoff of items whose last failure only said "no connection". */
  async function forgetBackoff(
    accountId: string | undefined,
    which: (item: OutboxItem) => boolean,
  ): Promise<void> {
    const items = await outboxInStates(db, ACTIVE_STATES);
    for (const item of items) {
      if (accountId !== undefined && item.accountId !== accountId) continue;
      if (item.retryAt === undefined || busy.has(item.messageId) || !which(item)) continue;
      await updateOutboxItem(db, item.messageId, (stored) =>
        // Held items wait for the user, whatever happens to the connection.
        stored.retryAt === undefined || stored.held || stored.state === 'unsure'
          ? undefined
          : retryHeld(stored),
      );
    }
  }

  return {
    async start() {
      if (started) return;
      started = true;
      try {
        await pruneSentItems(db, now());
        // A restart is the moment to find out what happened: interrupted items are looked up
        // (sending) or filed (accepted) now rather than after a backoff set before the crash.
        await forgetBackoff(undefined, (item) => item.state !== 'queued');
      } catch (thrown) {
        problem(thrown);
      }
      wakeAll();
    },
    wake: wakeAll,
    async connectionBack(accountId) {
      try {
        await forgetBackoff(
          accountId,
          (item) => item.lastError !== undefined && waitsForConnection(item.lastError.code),
        );
      } catch (thrown) {
        problem(thrown);
      }
      wakeAll();
    },
    isBusy: (messageId) => busy.has(messageId),
    async idle() {
      while (lanes.size > 0 || pending.size > 0) {
        await Promise.all([...lanes.values(), ...pending]);
      }
    },
    stop() {
      stopped = true;
      if (timer !== undefined) timers.clear(timer);
      timer = undefined;
    },
  };
}
