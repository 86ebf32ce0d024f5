/**
 * Progress of one folder sync for the progress bar: throttled to a few events a second, so a
 * fast sync of 50,000 messages does not flood the renderer with 50,000 events.
 */
import type { SyncProgress } from '../../../shared/sync';
import type { Clock } from '../ports';

/** At most one event per this many milliseconds, except phase changes and the end. */
const MIN_INTERVAL_MS = 250;

/** Counts work done and reports it now and then. */
export interface ProgressMeter {
  /** Starts a phase with its total; reported at once. */
  phase(phase: SyncProgress['phase'], total: number): void;
  /** Adds work done in the current phase; reported when the interval has passed. */
  advance(count: number): void;
  /** Reports the current state regardless of the interval (end of the sync). */
  flush(): void;
}

/** Creates a meter; `report` is undefined when nobody listens. */
export function createProgressMeter(
  target: { readonly accountId: string; readonly folder: string },
  clock: Clock,
  report: ((progress: SyncProgress) => void) | undefined,
): ProgressMeter {
  let current: SyncProgress['phase'] = 'headers';
  let total = 0;
  let done = 0;
  let startedAt = clock.now();
  let lastReport = Number.NEGATIVE_INFINITY;

  const emit = (): void => {
    if (report === undefined) return;
    const now = clock.now();
    lastReport = now;
    const seconds = (now - startedAt) / 1000;
    report({
      accountId: target.accountId,
      folder: target.folder,
      phase: current,
      done,
      total,
      ratePerSecond: seconds > 0 ? Math.round(done / seconds) : 0,
    });
  };

  return {
    phase(phase, phaseTotal) {
      current = phase;
      total = phaseTotal;
      done = 0;
      startedAt = clock.now();
      emit();
    },
    advance(count) {
      done = Math.min(total, done + count);
      if (clock.now() - lastReport >= MIN_INTERVAL_MS) emit();
    },
    flush: emit,
  };
}
