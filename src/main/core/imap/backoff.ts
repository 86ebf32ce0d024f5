/**
 * Reconnect delays: exponential backoff with full jitter (a random delay between a floor and a
 * ceiling that doubles per failed attempt, up to a cap). Jitter keeps many clients that lost the
 * same server from coming back in lockstep; the cap keeps a long outage from meaning hours of
 * silence after the server is back. Pure: the random source is injected, so tests are seeded.
 */

/** The shape of one backoff schedule. */
export interface BackoffPolicy {
  /** Ceiling of the first delay, in milliseconds. */
  readonly baseMs: number;
  /** Growth of the ceiling per failed attempt (2 doubles it). */
  readonly factor: number;
  /** The ceiling never grows beyond this. */
  readonly capMs: number;
  /** No delay is shorter than this (0 for full jitter). */
  readonly floorMs: number;
}

/**
 * After a dropped connection or a failed connect: 0 to 1 s at first, doubling up to 5 minutes.
 */
export const RECONNECT_POLICY: BackoffPolicy = {
  baseMs: 1_000,
  factor: 2,
  capMs: 5 * 60_000,
  floorMs: 0,
};

/**
 * After the server said it is limiting us (RFC 5530 [LIMIT], [UNAVAILABLE], [INUSE], [OVERQUOTA])
 * or a failure only the user can fix: at least 30 s, the ceiling starting at a minute and
 * doubling up to 30 minutes, so a throttled account never hammers the server.
 */
export const THROTTLED_POLICY: BackoffPolicy = {
  baseMs: 60_000,
  factor: 2,
  capMs: 30 * 60_000,
  floorMs: 30_000,
};

/**
 * The ceiling of the delay for a zero-based attempt number: base × factor^attempt, capped.
 * Computed without overflow for any attempt count.
 */
export function backoffCeiling(policy: BackoffPolicy, attempt: number): number {
  if (attempt <= 0) return Math.min(policy.baseMs, policy.capMs);
  // Past log_factor(cap / base) the cap decides; avoid Infinity from factor ** attempt.
  const growth = policy.factor ** Math.min(attempt, 64);
  return Math.min(policy.capMs, policy.baseMs * growth);
}

/**
 * The delay for a zero-based attempt number and a random value in [0, 1): uniform between the
 * floor and the ceiling ("full jitter"). The floor wins where it exceeds the ceiling.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: number): number {
  const ceiling = backoffCeiling(policy, attempt);
  const floor = Math.min(policy.floorMs, ceiling);
  const unit = Math.min(Math.max(random, 0), 1);
  return Math.round(floor + unit * (ceiling - floor));
}

/** Counts failed attempts and hands out the next delay; `reset()` after a stable connection. */
export class Backoff {
  private attemptCount = 0;

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  /** Failed attempts since the last reset. */
  get attempts(): number {
    return this.attemptCount;
  }

  /** The delay before the next attempt; counts one more failed attempt. */
  next(): number {
    const delay = backoffDelay(this.policy, this.attemptCount, this.random());
    this.attemptCount += 1;
    return delay;
  }

  /** Starts over at the base delay. */
  reset(): void {
    this.attemptCount = 0;
  }
}
