/**
 * One IMAP connection used by one thing at a time. An IMAP connection has one selected folder
 * and one command stream, so work on it is queued; a connection found dead (closed by the
 * server, the network gone) is replaced by a new one on the next use, never mid-work.
 */
import { AppFailure, fail } from '../../../shared/errors';
import type { ImapSession } from '../imap/imap-session';
import type { Logger } from '../ports';

/** A queue of work over one lazily opened, reopened-when-dead session. */
export interface ConnectionLane {
  /** Runs `work` when the lane is free, on a live session; failures come back as AppFailure. */
  run<T>(work: (session: ImapSession) => Promise<T>): Promise<T>;
  /**
   * Ends the lane for good: work in progress fails at once (the socket is closed under it),
   * queued and later work is refused; an idle connection logs out politely.
   */
  close(): Promise<void>;
}

/** Creates a lane; `open` connects and logs in (openImapSession). */
export function createConnectionLane(
  open: () => Promise<ImapSession>,
  logger: Logger,
  label: string,
): ConnectionLane {
  let session: ImapSession | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let busy = false;
  let closed = false;

  async function live(): Promise<ImapSession> {
    if (session !== undefined && session.alive()) return session;
    if (session !== undefined) {
      logger.info('IMAP connection lost; reconnecting', { lane: label });
      await session.close();
      session = undefined;
    }
    session = await open();
    return session;
  }

  async function attempt<T>(work: (session: ImapSession) => Promise<T>): Promise<T> {
    if (closed) {
      fail('CONNECTION_RESET', 'The mail connection was closed because the app is shutting down.', {
        retryable: false,
      });
    }
    busy = true;
    let current: ImapSession | undefined;
    try {
      current = await live();
      return await work(current);
    } catch (thrown) {
      if (current === undefined) throw thrown;
      if (!current.alive()) {
        // The next run starts on a fresh connection; this one is beyond repair.
        session = undefined;
        await current.close();
      }
      if (thrown instanceof AppFailure) throw thrown;
      throw new AppFailure(current.classify(thrown));
    } finally {
      busy = false;
    }
  }

  return {
    run(work) {
      const result = queue.then(() => attempt(work));
      // The queue only orders work; each caller gets its own outcome from `result`.
      queue = result.then(
        () => undefined,
        () => undefined,
      );
      return result;
    },
    async close() {
      closed = true;
      // A running sync would hold the queue for minutes: cut its socket so it fails now.
      if (busy) session?.client.close();
      const closing = queue.then(async () => {
        const current = session;
        session = undefined;
        await current?.close();
      });
      queue = closing;
      await closing;
    },
  };
}
