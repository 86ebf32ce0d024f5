/**
 * Coalesces a burst of mailbox events into a few change notifications: the first event is
 * announced at once (new mail should show up without delay), later ones within the window are
 * gathered into one announcement at its end. A burst of 50 deliveries over two seconds becomes
 * about three calls, not 50 syncs.
 */
import type { CancelTimer, Timers } from './push-timers';

/** Gathers events; `fire` runs at most once per window. */
export interface Coalescer {
  /** Reports one event. */
  notify(): void;
  /** Drops a pending announcement and stops the window timer. */
  cancel(): void;
}

/** A leading-and-trailing throttle of `fire` with a window of `windowMs`. */
export function createCoalescer(windowMs: number, timers: Timers, fire: () => void): Coalescer {
  let cancelWindow: CancelTimer | undefined;
  let pending = false;

  function openWindow(): void {
    cancelWindow = timers.after(windowMs, () => {
      cancelWindow = undefined;
      if (!pending) return;
      pending = false;
      fire();
      // A burst that goes on stays throttled: the trailing call opens the next window.
      openWindow();
    });
  }

  return {
    notify() {
      if (cancelWindow !== undefined) {
        pending = true;
        return;
      }
      fire();
      openWindow();
    },
    cancel() {
      pending = false;
      cancelWindow?.();
      cancelWindow = undefined;
    },
  };
}
