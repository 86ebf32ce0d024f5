/**
 * Counts in sentences, one way everywhere: digits grouped as the user's locale groups them
 * ("12,345" in English, "12.345" in German), so the list, the progress line, search and the
 * sync history never disagree about the same number.
 */

/** A count for people: "12,345". */
export function formatCount(value: number): string {
  return value.toLocaleString();
}

/** A count with its noun: "1 message", "12,345 messages". */
export function countOf(value: number, one: string, many: string): string {
  return `${formatCount(value)} ${value === 1 ? one : many}`;
}
