/** Backoff delays: growth, cap, full-jitter bounds, floor and reset, with a seeded random. */
import { describe, expect, it } from 'vitest';
import {
  Backoff,
  RECONNECT_POLICY,
  THROTTLED_POLICY,
  backoffCeiling,
  backoffDelay,
} from '../../../src/main/core/imap/backoff';
import { seededRandom } from './helpers';

describe('backoff', () => {
  it('doubles the ceiling per attempt from 1 s and caps it at 5 minutes', () => {
    const ceilings = Array.from({ length: 12 }, (_, attempt) =>
      backoffCeiling(RECONNECT_POLICY, attempt),
    );
    expect(ceilings).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000,
      300_000,
    ]);
    expect(backoffCeiling(RECONNECT_POLICY, 10_000)).toBe(300_000);
  });

  it('keeps every jittered delay between 0 and the ceiling, spread over the whole range', () => {
    const random = seededRandom(42);
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const ceiling = backoffCeiling(RECONNECT_POLICY, attempt);
      const delays = Array.from({ length: 500 }, () =>
        backoffDelay(RECONNECT_POLICY, attempt, random()),
      );
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...delays)).toBeLessThanOrEqual(ceiling);
      // Full jitter: the delays cover the range, they do not bunch at the ceiling.
      expect(Math.min(...delays)).toBeLessThan(ceiling * 0.05);
      expect(Math.max(...delays)).toBeGreaterThan(ceiling * 0.95);
    }
  });

  it('is deterministic for a seed, and the extremes of the random value hit floor and ceiling', () => {
    const first = new Backoff(RECONNECT_POLICY, seededRandom(7));
    const second = new Backoff(RECONNECT_POLICY, seededRandom(7));
    const a = Array.from({ length: 8 }, () => first.next());
    const b = Array.from({ length: 8 }, () => second.next());
    expect(a).toEqual(b);
    expect(backoffDelay(RECONNECT_POLICY, 3, 0)).toBe(0);
    expect(backoffDelay(RECONNECT_POLICY, 3, 0.999_999_9)).toBe(8_000);
  });

  it('grows with each failed attempt and starts over after reset()', () => {
    const backoff = new Backoff(RECONNECT_POLICY, () => 0.999_999);
    const grown = Array.from({ length: 5 }, () => backoff.next());
    expect(grown).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    expect(backoff.attempts).toBe(5);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(1_000);
  });

  it('waits at least 30 s and up to 30 minutes when throttled', () => {
    const random = seededRandom(3);
    const backoff = new Backoff(THROTTLED_POLICY, random);
    const delays = Array.from({ length: 12 }, () => backoff.next());
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(30_000);
      expect(delay).toBeLessThanOrEqual(30 * 60_000);
    }
    expect(backoffCeiling(THROTTLED_POLICY, 0)).toBe(60_000);
    expect(backoffCeiling(THROTTLED_POLICY, 20)).toBe(30 * 60_000);
  });
});
