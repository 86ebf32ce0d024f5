/**
 * Dates in the message list read as a mail client's do: the time for today's mail in the
 * locale's short form (no leading zero in English: "3:58 PM"), day and month this year, and the
 * full date before that.
 */
import { expect, it } from 'vitest';
import { listDate } from '../../src/renderer/features/mailbox/format';

const now = new Date(2026, 11, 5, 17, 0);

it('shows the short time today, day and month this year, the date in other years', () => {
  const today = listDate(new Date(2026, 11, 5, 3, 58).getTime(), now);
  expect(today).toContain(':58');
  expect(today).not.toMatch(/^0/);
  expect(listDate(new Date(2026, 2, 5, 9, 0).getTime(), now)).toMatch(/Mar/);
  expect(listDate(new Date(2024, 2, 5, 9, 0).getTime(), now)).toMatch(/2024/);
  expect(listDate(0, now)).toBe('');
});
