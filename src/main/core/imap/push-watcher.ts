/**
 * Push for one account: a connection of its own that IDLEs on the inbox (RFC 2177), polling
 * for the other selected folders, and reconnection with exponential backoff and full jitter.
 * It tells the sync service *that* a folder changed (onChange) and how the connection stands
 * (onState); the service syncs the folder from its checkpoint. DESIGN.md section 1, issue 3.
 */
import type { SyncConnectionState } from '../../../shared/contract';
import { AppFailure, appError } from '../../../shared/errors';
import type { ErrorContext } from '../connection/classify-error';
import type { Clock, Logger } from '../ports';
import { Backoff, RECONNECT_POLICY, THROTTLED_POLICY, type BackoffPolicy } from './backoff';
import { runIdleSession, type IdleSession } from './idle-session';
import type { PushClient } from './push-client';
import { createCoalescer } from './push-coalesce';
import { classifyPushFailure, type PushFailure } from './push-failure';
import { startPolling } from './push-poll';
import {
  createSignal,
  sleep,
  systemTimers,
  untilCancelled,
  type Sleep,
  type Timers,
} from './push-timers';

/** Timing of the watcher; every field has a default. */
export interface PushTuning {
  /**
   * Time between keepalive NOOPs, each of which also re-issues IDLE. Default 4 minutes: under
   * the 5 minutes after which many NATs forget an idle TCP flow. At most 29 minutes (RFC 2177
   * section 3: clients re-issue IDLE at least every 29 minutes).
   */
  readonly keepaliveIntervalMs: number;
  /** How long a keepalive NOOP (or the EXAMINE) may go unanswered. Default 30 s. */
  readonly keepaliveTimeoutMs: number;
  /** How long opening a connection may take before it is abandoned. Default 60 s. */
  readonly connectTimeoutMs: number;
  /** Mailbox events within this window are announced together. Default 1 s. */
  readonly coalesceMs: number;
  /** A connection that lived this long resets the backoff. Default 60 s. */
  readonly stableAfterMs: number;
  readonly reconnectPolicy: BackoffPolicy;
  /** For THROTTLED answers and failures only the user can fix. */
  readonly throttledPolicy: BackoffPolicy;
}

/** RFC 2177 section 3: the server may log a client out after 30 minutes of IDLE. */
const MAX_IDLE_MS = 29 * 60_000;

/** The defaults of {@link PushTuning}. */
export const DEFAULT_PUSH_TUNING: PushTuning = {
  keepaliveIntervalMs: 4 * 60_000,
  keepaliveTimeoutMs: 30_000,
  connectTimeoutMs: 60_000,
  coalesceMs: 1_000,
  stableAfterMs: 60_000,
  reconnectPolicy: RECONNECT_POLICY,
  throttledPolicy: THROTTLED_POLICY,
};

/** What {@link startPushWatcher} needs. */
export interface PushWatcherOptions {
  readonly accountId: string;
  /**
   * Opens a connected, authenticated client (an ImapFlow, best with disableAutoIdle). The
   * watcher owns it: it closes it on stop or failure. Throw an AppFailure (openImapSession
   * does) or what imapflow threw; either is classified.
   */
  openClient(): Promise<PushClient>;
  /** The inbox path (normally "INBOX"); watched with IDLE. */
  readonly inbox: string;
  /** The other selected folders, read at every poll so a new selection applies at once. */
  pollFolders(): readonly string[];
  readonly pollIntervalMs: number;
  /**
   * A folder may have changed: 'idle' for the inbox (the server reported a change, or the
   * connection was (re)established and anything may have happened meanwhile), 'poll' for a
   * polled folder whose interval came round.
   */
  onChange(folder: string, reason: 'idle' | 'poll'): void;
  /** Every change of the connection state, including each new retry time. */
  onState(state: SyncConnectionState): void;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly timers?: Timers;
  /** The random source of the jitter, in [0, 1); Math.random by default. */
  readonly random?: () => number;
  /** Names host and port in errors that openClient did not classify itself. */
  readonly errorContext?: ErrorContext;
  readonly tuning?: Partial<PushTuning>;
}

/** A running watcher. */
export interface PushWatcher {
  /** Closes the connection and cancels every timer; settles once nothing is pending. */
  stop(): Promise<void>;
  /**
   * Tries to connect now instead of at the scheduled retry time; the way out of 'auth-failed'
   * after the user entered a new password, and what Sync Now or a network change should call.
   */
  reconnectNow(): void;
}

/** Starts watching; the first connection attempt begins at once. */
export function startPushWatcher(options: PushWatcherOptions): PushWatcher {
  const tuning = { ...DEFAULT_PUSH_TUNING, ...options.tuning };
  const keepaliveIntervalMs = Math.min(tuning.keepaliveIntervalMs, MAX_IDLE_MS);
  const timers = options.timers ?? systemTimers;
  const clock = options.clock ?? { now: () => Date.now() };
  const random = options.random ?? Math.random;
  const { accountId, logger } = options;
  const reconnectBackoff = new Backoff(tuning.reconnectPolicy, random);
  const throttledBackoff = new Backoff(tuning.throttledPolicy, random);

  let stopped = false;
  let connected = false;
  let session: IdleSession | undefined;
  let waiting: Sleep | undefined;
  const stopSignal = createSignal();

  /** Callbacks belong to the service; one that throws must not end the watcher. */
  function safely(what: string, call: () => void): void {
    try {
      call();
    } catch (thrown) {
      logger.error(`push watcher: ${what} threw`, { accountId, error: thrown });
    }
  }
  function report(state: Omit<SyncConnectionState, 'accountId'>): void {
    safely('onState', () => options.onState({ accountId, ...state }));
  }
  function announce(folder: string, reason: 'idle' | 'poll'): void {
    safely('onChange', () => options.onChange(folder, reason));
  }

  const inboxChanges = createCoalescer(tuning.coalesceMs, timers, () =>
    announce(options.inbox, 'idle'),
  );
  const polling = startPolling({
    intervalMs: options.pollIntervalMs,
    timers,
    inbox: options.inbox,
    folders: () => options.pollFolders(),
    connected: () => connected,
    announce: (folder) => announce(folder, 'poll'),
  });

  /**
   * openClient within the connect deadline. A client that arrives after the deadline or after
   * stop() is closed at once; a late rejection is logged, never left unhandled.
   */
  async function open(): Promise<
    { kind: 'open'; client: PushClient } | { kind: 'failed'; thrown: unknown } | { kind: 'stopped' }
  > {
    const attempt = options.openClient().then(
      (client) => ({ kind: 'open' as const, client }),
      (thrown: unknown) => ({ kind: 'failed' as const, thrown }),
    );
    const deadline = sleep(timers, tuning.connectTimeoutMs);
    const stopWait = stopSignal.wait();
    const outcome = await Promise.race([
      attempt,
      deadline.promise.then(() => ({
        kind: 'failed' as const,
        thrown: new AppFailure(
          appError(
            'TIMEOUT',
            `Connecting to the IMAP server took longer than ${Math.round(tuning.connectTimeoutMs / 1000)} s.`,
          ),
        ),
      })),
      stopWait.promise.then(() => ({ kind: 'stopped' as const })),
    ]);
    deadline.cancel();
    stopWait.dispose();
    if (outcome.kind !== 'open') {
      void attempt.then((late) => {
        if (late.kind === 'open') late.client.close();
        else logger.warn('push watcher: an abandoned connect failed', { accountId });
      });
    }
    return outcome;
  }

  /** Reports the failure and waits for the retry time (or reconnectNow / stop). */
  async function backOff(failure: PushFailure): Promise<void> {
    if (failure.policy === 'none') {
      // A refused password stays refused: no retry until reconnectNow().
      report({ state: failure.state, error: failure.error });
      waiting = untilCancelled();
    } else {
      const backoff = failure.policy === 'throttled' ? throttledBackoff : reconnectBackoff;
      const delay = backoff.next();
      report({
        state: failure.state,
        error: failure.error,
        retryAt: new Date(clock.now() + delay).toISOString(),
      });
      waiting = sleep(timers, delay);
    }
    logger.warn('push watcher: connection failed', {
      accountId,
      state: failure.state,
      code: failure.error.code,
    });
    await waiting.promise;
    waiting = undefined;
  }

  async function run(): Promise<void> {
    while (!stopped) {
      const opened = await open();
      if (opened.kind === 'stopped' || stopped) {
        if (opened.kind === 'open') opened.client.close();
        return;
      }
      if (opened.kind === 'failed') {
        await backOff(classifyPushFailure(opened.thrown, options.errorContext));
        continue;
      }
      let connectedAt: number | undefined;
      session = runIdleSession({
        client: opened.client,
        inbox: options.inbox,
        keepaliveIntervalMs,
        keepaliveTimeoutMs: tuning.keepaliveTimeoutMs,
        timers,
        clock,
        logger,
        onReady: () => {
          connectedAt = clock.now();
          connected = true;
          report({ state: 'connected' });
          // Nobody listened before this moment (first start or an outage): announce the inbox
          // so the service catches up on whatever arrived meanwhile.
          announce(options.inbox, 'idle');
          polling.catchUp();
        },
        onMailboxChange: () => inboxChanges.notify(),
      });
      const end = await session.ended;
      session = undefined;
      connected = false;
      // A change not announced yet is covered by the announcement after the reconnect.
      inboxChanges.cancel();
      if (stopped || end.kind === 'stopped') return;
      if (connectedAt !== undefined && clock.now() - connectedAt >= tuning.stableAfterMs) {
        reconnectBackoff.reset();
        throttledBackoff.reset();
      }
      await backOff(classifyPushFailure(end.thrown, options.errorContext));
    }
  }

  const running = run().then(
    () => undefined,
    (thrown: unknown) => {
      // Not expected: every await in run() is guarded. Logged, and the watcher is offline.
      logger.error('push watcher stopped by an unexpected error', { accountId, error: thrown });
    },
  );
  let stopping: Promise<void> | undefined;

  return {
    stop() {
      stopping ??= (async () => {
        stopped = true;
        connected = false;
        stopSignal.fire();
        polling.stop();
        inboxChanges.cancel();
        waiting?.cancel();
        session?.stop();
        await running;
        report({ state: 'offline' });
      })();
      return stopping;
    },
    reconnectNow() {
      waiting?.cancel();
    },
  };
}
