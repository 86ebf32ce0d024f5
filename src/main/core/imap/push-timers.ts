/**
 * A timers port for the push watcher: everything it waits for (keepalive, polling, backoff,
 * coalescing) goes through here, so tests drive it with fake time (STYLE.md habit 3).
 */

/** Cancels a scheduled callback; calling it again, or after the callback ran, does nothing. */
export type CancelTimer = () => void;

/** Schedules callbacks after a delay. */
export interface Timers {
  /** Runs `callback` once after `delayMs` milliseconds. */
  after(delayMs: number, callback: () => void): CancelTimer;
}

/**
 * Timers on the global setTimeout, looked up at every call so vitest's fake timers (installed
 * after this module loaded) take effect.
 */
export const systemTimers: Timers = {
  after(delayMs, callback) {
    const handle = globalThis.setTimeout(callback, Math.max(0, delayMs));
    return () => globalThis.clearTimeout(handle);
  },
};

/** A delay that can be cut short; `promise` resolves true when it ran out, false when cancelled. */
export interface Sleep {
  readonly promise: Promise<boolean>;
  cancel(): void;
}

/** Waits `delayMs` on the given timers. */
export function sleep(timers: Timers, delayMs: number): Sleep {
  let finish: (elapsed: boolean) => void = () => undefined;
  const promise = new Promise<boolean>((resolve) => {
    finish = resolve;
  });
  const cancelTimer = timers.after(delayMs, () => finish(true));
  return {
    promise,
    cancel: () => {
      cancelTimer();
      finish(false);
    },
  };
}

/** A wait with no timer that ends only when cancelled (`promise` resolves false). */
export function untilCancelled(): Sleep {
  let finish: (elapsed: boolean) => void = () => undefined;
  const promise = new Promise<boolean>((resolve) => {
    finish = resolve;
  });
  return { promise, cancel: () => finish(false) };
}

/**
 * A one-shot event (a session ended, the watcher stopped) that many short waits race against.
 * Each wait is disposed after its race, so a signal that lives for days does not collect a
 * reaction per keepalive the way racing one long-pending promise would.
 */
export interface Signal {
  readonly fired: boolean;
  fire(): void;
  /** A promise that resolves when the signal fires (at once if it has); dispose after use. */
  wait(): { readonly promise: Promise<void>; dispose(): void };
}

/** Creates an unfired signal. */
export function createSignal(): Signal {
  const waiters = new Set<() => void>();
  let fired = false;
  return {
    get fired() {
      return fired;
    },
    fire() {
      if (fired) return;
      fired = true;
      for (const wake of waiters) wake();
      waiters.clear();
    },
    wait() {
      if (fired) return { promise: Promise.resolve(), dispose: () => undefined };
      let wake: () => void = () => undefined;
      const promise = new Promise<void>((resolve) => {
        wake = resolve;
      });
      waiters.add(wake);
      return { promise, dispose: () => waiters.delete(wake) };
    },
  };
}
