/**
 * Which messages get their body downloaded during a sync: those inside the user's history
 * window (by date), within the initial body count, and unseen only when asked. Every other
 * message keeps its headers and has its body fetched on demand.
 */
import type { HistoryWindow, SyncSettings } from '../../../shared/sync';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The window's length in days; 'all' has no limit. 6 months is taken as 183 days. */
const WINDOW_DAYS: Readonly<Record<Exclude<HistoryWindow, 'all'>, number>> = {
  '7d': 7,
  '30d': 30,
  '90d': 90,
  '6m': 183,
};

/** The oldest time (ms since epoch) inside the window, or undefined for 'all'. */
export function windowStart(window: HistoryWindow, now: number): number | undefined {
  if (window === 'all') return undefined;
  return now - WINDOW_DAYS[window] * DAY_MS;
}

/** What the decision looks at for one message. */
export interface BodyCandidate {
  /** The message's date (ms): the earlier of its Date header and the server's internal date. */
  readonly receivedAt: number;
  readonly seen: boolean;
  /** Position from the newest message of the folder's initial fill (0 = newest), if in it. */
  readonly initialRank?: number;
  readonly size: number;
}

/** Bodies larger than this wait for on-demand fetching (they would block a batch). */
export const MAX_SYNC_BODY_BYTES = 20 * 1024 * 1024;

/** A body rule bound to one sync's settings and clock. */
export type BodyRule = (candidate: BodyCandidate) => boolean;

/** Builds the rule for one sync. */
export function bodyRule(settings: SyncSettings, now: number): BodyRule {
  const start = windowStart(settings.historyWindow, now);
  return (candidate) => {
    if (candidate.size > MAX_SYNC_BODY_BYTES) return false;
    if (start !== undefined && candidate.receivedAt < start) return false;
    if (settings.unseenOnly && candidate.seen) return false;
    if (
      settings.initialBodyCount > 0 &&
      candidate.initialRank !== undefined &&
      candidate.initialRank >= settings.initialBodyCount
    )
      return false;
    return true;
  };
}
