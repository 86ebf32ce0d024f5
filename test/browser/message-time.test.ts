/**
 * Where a message sorts in the list: by its Date header, but a header more than a day in the
 * future (spam from year 3609) or a broken one sorts by when the server received it instead.
 * A server that reports a bogus internal date for everything does not reorder honest mail.
 */
import { expect, it } from 'vitest';
import { timeOf } from '../../src/renderer/db/message-rows';

const now = Date.parse('2026-12-05T16:00:00.000Z');
const arrived = '2026-12-05T15:59:00.000Z';
const at = (iso: string) => Date.parse(iso);

it('sorts by the Date header unless it is broken or more than a day ahead', () => {
  expect(timeOf('2026-12-05T15:30:00.000Z', arrived, now)).toBe(at('2026-12-05T15:30:00Z'));
  // An old message moved or imported today keeps its own date.
  expect(timeOf('2019-03-01T08:00:00.000Z', arrived, now)).toBe(at('2019-03-01T08:00:00Z'));
  // A sender's clock some hours fast is tolerated.
  expect(timeOf('2026-12-05T22:00:00.000Z', arrived, now)).toBe(at('2026-12-05T22:00:00Z'));
  expect(timeOf('3609-06-30T10:00:00.000Z', arrived, now)).toBe(at(arrived));
  expect(timeOf('not a date', arrived, now)).toBe(at(arrived));
  expect(timeOf('2026-12-05T15:30:00.000Z', 'broken', now)).toBe(at('2026-12-05T15:30:00Z'));
  expect(timeOf('3609-06-30T10:00:00.000Z', 'broken', now)).toBe(at('3609-06-30T10:00:00Z'));
  expect(timeOf('broken', 'broken', now)).toBe(0);
});

it('keeps honest headers when the server gives every message the same bogus arrival', () => {
  const bogus = '1970-01-01T00:00:00.000Z';
  expect(timeOf('2024-05-01T09:00:00.000Z', bogus, now)).toBe(at('2024-05-01T09:00:00Z'));
  expect(timeOf('2026-12-05T15:00:00.000Z', bogus, now)).toBe(at('2026-12-05T15:00:00Z'));
});
