/**
 * Where a message sorts in the list: by its Date header, but a header dated more than a day
 * after the server received the message (spam from year 3609) or a broken one sorts by the
 * arrival time instead.
 */
import { expect, it } from 'vitest';
import { timeOf } from '../../src/renderer/db/message-rows';

const arrived = '2026-12-05T16:00:00.000Z';

it('sorts by the Date header within a day of arrival, else by the arrival', () => {
  expect(timeOf('2026-12-05T15:30:00.000Z', arrived)).toBe(Date.parse('2026-12-05T15:30:00Z'));
  // An old message moved or imported today keeps its own date.
  expect(timeOf('2019-03-01T08:00:00.000Z', arrived)).toBe(Date.parse('2019-03-01T08:00:00Z'));
  // A sender's clock a few hours fast is tolerated.
  expect(timeOf('2026-12-05T22:00:00.000Z', arrived)).toBe(Date.parse('2026-12-05T22:00:00Z'));
  expect(timeOf('3609-06-30T10:00:00.000Z', arrived)).toBe(Date.parse(arrived));
  expect(timeOf('not a date', arrived)).toBe(Date.parse(arrived));
  expect(timeOf('2026-12-05T15:30:00.000Z', 'broken')).toBe(Date.parse('2026-12-05T15:30:00Z'));
  expect(timeOf('broken', 'broken')).toBe(0);
});
