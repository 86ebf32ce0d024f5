/**
 * Polling for the selected folders other than the inbox: every interval each one is announced
 * as due, and the sync service runs an incremental sync of it (cheap with CONDSTORE, DESIGN.md
 * section 4). A poll that falls due while the watcher is disconnected is not lost: it is made
 * up for as soon as the connection is back.
 */
import type { CancelTimer, Timers } from './push-timers';

/** What the poller needs. */
export interface PollingOptions {
  readonly intervalMs: number;
  readonly timers: Timers;
  /** The IDLE folder, never polled. */
  readonly inbox: string;
  /** The folders to poll, read at every tick. */
  folders(): readonly string[];
  /** Whether the server can be reached now. */
  connected(): boolean;
  announce(folder: string): void;
}

/** A running poller. */
export interface Polling {
  /** Announces every folder now if a poll fell due while disconnected. */
  catchUp(): void;
  stop(): void;
}

/** Polls shorter than this would be a tight loop, whatever the settings say. */
const MIN_INTERVAL_MS = 1_000;

/** RFC 3501 section 5.1: INBOX is case-insensitive, every other name is case-sensitive. */
export function sameMailbox(a: string, b: string): boolean {
  return a === b || (a.toUpperCase() === 'INBOX' && b.toUpperCase() === 'INBOX');
}

/** Starts the interval; the first poll is one interval from now. */
export function startPolling(options: PollingOptions): Polling {
  const intervalMs = Math.max(MIN_INTERVAL_MS, options.intervalMs);
  let missed = false;
  let stopped = false;
  let cancelTick: CancelTimer | undefined;

  function pollAll(): void {
    const seen = new Set<string>();
    for (const folder of options.folders()) {
      if (seen.has(folder) || sameMailbox(folder, options.inbox)) continue;
      seen.add(folder);
      options.announce(folder);
    }
  }

  function schedule(): void {
    if (stopped) return;
    cancelTick = options.timers.after(intervalMs, () => {
      cancelTick = undefined;
      if (options.connected()) pollAll();
      else missed = true;
      schedule();
    });
  }

  schedule();
  return {
    catchUp() {
      if (!missed) return;
      missed = false;
      pollAll();
    },
    stop() {
      stopped = true;
      cancelTick?.();
      cancelTick = undefined;
    },
  };
}
