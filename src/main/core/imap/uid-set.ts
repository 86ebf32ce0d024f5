/**
 * UID sets as IMAP sends them (RFC 3501 section 9, sequence-set): "1:5,7,9:12". Syncs use UID
 * commands only, so a set names messages that stay the same while others are expunged.
 */

/** Packs UIDs (any order, duplicates allowed) into a compact sequence-set string. */
export function toUidSet(uids: Iterable<number>): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start: number | undefined;
  let previous: number | undefined;
  for (const uid of sorted) {
    if (start !== undefined && previous !== undefined && uid === previous + 1) {
      previous = uid;
      continue;
    }
    if (start !== undefined && previous !== undefined) parts.push(range(start, previous));
    start = uid;
    previous = uid;
  }
  if (start !== undefined && previous !== undefined) parts.push(range(start, previous));
  return parts.join(',');
}

function range(from: number, to: number): string {
  return from === to ? String(from) : `${from}:${to}`;
}

/** Splits `items` into consecutive chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const step = Math.max(1, Math.floor(size));
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += step) {
    result.push(items.slice(index, index + step));
  }
  return result;
}
