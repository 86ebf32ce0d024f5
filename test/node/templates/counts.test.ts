/**
 * Counts read the same wherever they appear: grouped by the locale's rule, with the noun in the
 * singular only for exactly one.
 */
import { describe, expect, it } from 'vitest';
import { countOf, formatCount } from '../../../src/shared/text/counts';

describe('counts', () => {
  it('groups digits by the locale and picks the noun by the count', () => {
    const grouped = new Intl.NumberFormat().format(12_345);
    expect(grouped).not.toBe('12345');
    expect(formatCount(12_345)).toBe(grouped);
    expect(countOf(12_345, 'message', 'messages')).toBe(`${grouped} messages`);
    expect(countOf(1, 'body', 'bodies')).toBe('1 body');
    expect(countOf(0, 'match', 'matches')).toBe('0 matches');
  });
});
