/**
 * One connected push session: EXAMINE the inbox, IDLE on it (RFC 2177), and every keepalive
 * interval break IDLE with a NOOP that must be answered within a deadline. The NOOP does two
 * jobs: it re-issues IDLE well inside the 29 minutes RFC 2177 allows, and it notices a
 * connection that died without a FIN or RST (a NAT that forgot us, a laptop that slept), which
 * would otherwise IDLE in silence forever (imapflow issues #14 and #98).
 */
import { fail } from '../../../shared/errors';
import type { Clock, Logger } from '../ports';
import type { PushClient } from './push-client';
import { connectionClosedError, silentConnectionError } from './push-failure';
import { createSignal, sleep, type Timers } from './push-timers';

/** How a session ended: stopped on request, or failed with what was thrown or emitted. */
export type IdleSessionEnd =
  { readonly kind: 'stopped' } | { readonly kind: 'failed'; readonly thrown: unknown };

/** What one session needs. */
export interface IdleSessionOptions {
  /** A connected, authenticated client; the session owns it and closes it when it ends. */
  readonly client: PushClient;
  readonly inbox: string;
  /** Time between keepalive NOOPs, each of which also restarts IDLE. */
  readonly keepaliveIntervalMs: number;
  /** How long the NOOP (and the initial EXAMINE) may take before the connection counts as dead. */
  readonly keepaliveTimeoutMs: number;
  readonly timers: Timers;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The inbox is selected and IDLE is about to start. */
  onReady(): void;
  /** An EXISTS, EXPUNGE (or VANISHED) or FETCH with flags arrived for the inbox. */
  onMailboxChange(): void;
}

/** A running session. */
export interface IdleSession {
  /** Settles once, when the session ends; never rejects. */
  readonly ended: Promise<IdleSessionEnd>;
  /** Ends the session and closes its connection. */
  stop(): void;
}

/** An IDLE that ends this soon after it started counts as "ended at once". */
const QUICK_IDLE_END_MS = 1_000;
/** After this many IDLEs in a row that end at once the session gives up (no tight loop). */
const MAX_QUICK_IDLE_ENDS = 5;

type Outcome = 'settled' | 'timeout' | 'ended';

/** Starts a session on `options.client`. */
export function runIdleSession(options: IdleSessionOptions): IdleSession {
  const { client, timers, clock, logger } = options;
  let over = false;
  let resolveEnded: (end: IdleSessionEnd) => void = () => undefined;
  const ended = new Promise<IdleSessionEnd>((resolve) => {
    resolveEnded = resolve;
  });
  const endSignal = createSignal();

  /** Settles `ended` once and closes the connection, which rejects every pending command. */
  function finish(end: IdleSessionEnd): void {
    if (over) return;
    over = true;
    resolveEnded(end);
    endSignal.fire();
    client.close();
  }

  /** Waits for `promise`, at most `ms`, and never past the end of the session. */
  async function within(promise: Promise<unknown>, ms: number): Promise<Outcome> {
    const deadline = sleep(timers, ms);
    const endWait = endSignal.wait();
    try {
      return await Promise.race([
        promise.then(
          (): Outcome => 'settled',
          (): Outcome => 'settled',
        ),
        deadline.promise.then((): Outcome => 'timeout'),
        endWait.promise.then((): Outcome => 'ended'),
      ]);
    } finally {
      deadline.cancel();
      endWait.dispose();
    }
  }

  // imapflow emits 'error' for a broken socket and closes right after; an unheard 'error'
  // would crash the process, so the listener stays for the client's whole life.
  client.on('error', (error) => finish({ kind: 'failed', thrown: error }));
  client.on('close', () => finish({ kind: 'failed', thrown: connectionClosedError() }));
  const changed = (): void => {
    if (!over) options.onMailboxChange();
  };
  client.on('exists', changed);
  client.on('expunge', changed);
  client.on('flags', changed);

  async function loop(): Promise<void> {
    // EXAMINE: the watcher only listens, and a read-only select never clears \Recent.
    const opened = client.mailboxOpen(options.inbox, { readOnly: true });
    const selected = await within(opened, options.keepaliveTimeoutMs);
    if (selected === 'ended') return;
    if (selected === 'timeout') {
      finish({ kind: 'failed', thrown: silentConnectionError(options.keepaliveTimeoutMs) });
      return;
    }
    // A refused EXAMINE (no inbox, no permission) is a failure of this session.
    await opened;
    if (over) return;
    options.onReady();
    let quickEnds = 0;
    while (!over) {
      const startedAt = clock.now();
      let idleError: unknown;
      const idling = client.idle().then(
        () => undefined,
        (thrown: unknown) => {
          idleError = thrown;
        },
      );
      const keepalive = sleep(timers, options.keepaliveIntervalMs);
      const endWait = endSignal.wait();
      const woke = await Promise.race([
        idling.then(() => 'idle-ended' as const),
        keepalive.promise.then(() => 'keepalive' as const),
        endWait.promise.then(() => 'ended' as const),
      ]);
      keepalive.cancel();
      endWait.dispose();
      if (over || woke === 'ended') return;
      if (woke === 'idle-ended') {
        // The server ended IDLE, or imapflow broke it for a command of its own.
        if (idleError !== undefined && !client.usable) {
          finish({ kind: 'failed', thrown: idleError });
          return;
        }
        if (client.mailbox === false) {
          fail('PROTOCOL', `The IMAP server closed ${options.inbox} while idling.`, {
            retryable: true,
          });
        }
        quickEnds = clock.now() - startedAt < QUICK_IDLE_END_MS ? quickEnds + 1 : 0;
        if (quickEnds >= MAX_QUICK_IDLE_ENDS) {
          fail('PROTOCOL', 'The IMAP server keeps ending IDLE at once.', {
            retryable: true,
          });
        }
        continue;
      }
      // Keepalive due. imapflow breaks IDLE with DONE before it sends the NOOP; the server
      // answers IDLE, then NOOP. Silence past the deadline means the connection is dead.
      const answered = await within(client.noop(), options.keepaliveTimeoutMs);
      if (answered === 'ended') return;
      if (answered === 'timeout' || !client.usable) {
        logger.warn('IMAP push connection did not answer a keepalive; reconnecting', {
          timeoutMs: options.keepaliveTimeoutMs,
        });
        finish({ kind: 'failed', thrown: silentConnectionError(options.keepaliveTimeoutMs) });
        return;
      }
      // IDLE's tagged OK came before NOOP's, so this is already settled; bounded all the same.
      await within(idling, options.keepaliveTimeoutMs);
    }
  }

  loop().then(
    () => undefined,
    (thrown: unknown) => finish({ kind: 'failed', thrown }),
  );
  return { ended, stop: () => finish({ kind: 'stopped' }) };
}
