/**
 * Backpressure for streams: the sender may have at most `window` items unacknowledged. The
 * receiver acknowledges an item only after it has stored it, so a slow receiver slows the
 * sender instead of piling items up in memory (DESIGN.md §2, sync batches).
 */
import { AppFailure, appError, type AppError } from '../errors';
import type { StreamSink } from './define';

/** The sending end of one stream. */
export interface AckWindow<Item> {
  /**
   * Posts items in order, never more than `window` unacknowledged; `send` resolves once its item
   * is posted and fewer than `window` items are unacknowledged.
   */
  readonly sink: StreamSink<Item>;
  /** The receiver has handled item `seq`. Unknown or repeated sequence numbers are ignored. */
  ack(seq: number): void;
  /** Resolves when every item sent so far has been acknowledged. */
  drained(): Promise<void>;
  /** The stream is over (cancelled, or the peer left): pending and later sends reject. */
  close(error: AppError): void;
  /** How many items are posted and not yet acknowledged. */
  readonly unacknowledged: number;
}

interface Pending<Item> {
  readonly item: Item;
  readonly resolve: () => void;
  readonly reject: (reason: AppFailure) => void;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (reason: AppFailure) => void;
}

/** Creates the window; `post` puts one item on the wire with its sequence number. */
export function createAckWindow<Item>(
  window: number,
  post: (seq: number, item: Item) => void,
): AckWindow<Item> {
  const size = Math.max(1, Math.floor(window));
  const unacked = new Set<number>();
  const queued: Pending<Item>[] = [];
  let posted: Waiter[] = [];
  let drainWaiters: Waiter[] = [];
  let nextSeq = 0;
  let closed: AppError | null = null;

  function pump(): void {
    while (unacked.size < size && queued.length > 0) {
      const next = queued.shift();
      if (next === undefined) break;
      const seq = nextSeq++;
      unacked.add(seq);
      try {
        post(seq, next.item);
      } catch (thrown) {
        // The transport refused the item: the stream cannot continue in order.
        unacked.delete(seq);
        next.reject(new AppFailure(errorOf(thrown)));
        continue;
      }
      posted.push(next);
    }
    if (unacked.size < size) {
      const ready = posted;
      posted = [];
      for (const waiter of ready) waiter.resolve();
    }
    if (unacked.size === 0 && queued.length === 0) {
      const ready = drainWaiters;
      drainWaiters = [];
      for (const waiter of ready) waiter.resolve();
    }
  }

  return {
    sink: {
      send(item) {
        if (closed !== null) return Promise.reject(new AppFailure(closed));
        return new Promise<void>((resolve, reject) => {
          queued.push({ item, resolve, reject });
          pump();
        });
      },
    },
    ack(seq) {
      if (unacked.delete(seq)) pump();
    },
    drained() {
      if (closed !== null) return Promise.reject(new AppFailure(closed));
      return new Promise<void>((resolve, reject) => {
        drainWaiters.push({ resolve, reject });
        pump();
      });
    },
    close(error) {
      if (closed !== null) return;
      closed = error;
      const failure = new AppFailure(error);
      for (const waiter of [...queued, ...posted, ...drainWaiters]) waiter.reject(failure);
      queued.length = 0;
      posted = [];
      drainWaiters = [];
      unacked.clear();
    },
    get unacknowledged() {
      return unacked.size;
    },
  };
}

function errorOf(thrown: unknown): AppError {
  return thrown instanceof AppFailure
    ? thrown.error
    : appError('CONNECTION_RESET', 'The connection closed during a stream.');
}
