/**
 * Writes many rows in slices inside the caller's transaction. IndexedDB clones every value on
 * the main thread when put() is called, so one bulkPut of 500 messages (with bodies) blocks for
 * tens of milliseconds, and three such calls at once make a long task that freezes the UI.
 * Slices awaited one after another give the browser a frame between them; the transaction stays
 * open because the next slice is issued from the previous one's success callback.
 */
import type { Table } from 'dexie';

/**
 * Rows per slice for small rows (memberships, message headers). Below 50 on purpose: Dexie
 * reports a bulkPut of 50 rows or more to 'storagemutated' and live queries as a change to the
 * whole table, so every sync batch would wake every list and make the CRM linker relink every
 * cached message; under 50 it reports the keys written.
 */
export const ROWS_PER_SLICE = 49;
/** Characters per slice for large rows (bodies): about what clones in a few milliseconds. */
export const CHARS_PER_SLICE = 400_000;

/** Splits `rows` into slices of at most `maxRows` rows and about `maxWeight` weight. */
export function slices<T>(
  rows: readonly T[],
  maxRows: number,
  weight: (row: T) => number = () => 0,
  maxWeight = Number.POSITIVE_INFINITY,
): T[][] {
  const result: T[][] = [];
  let current: T[] = [];
  let currentWeight = 0;
  for (const row of rows) {
    const rowWeight = weight(row);
    if (
      current.length > 0 &&
      (current.length >= maxRows || currentWeight + rowWeight > maxWeight)
    ) {
      result.push(current);
      current = [];
      currentWeight = 0;
    }
    current.push(row);
    currentWeight += rowWeight;
  }
  if (current.length > 0) result.push(current);
  return result;
}

/** Puts `rows` slice by slice; rejects with the first failure (the transaction then aborts). */
export async function putInSlices<T, K>(
  table: Table<T, K>,
  rows: readonly T[],
  maxRows = ROWS_PER_SLICE,
  weight?: (row: T) => number,
  maxWeight?: number,
): Promise<void> {
  for (const slice of slices(rows, maxRows, weight, maxWeight)) await table.bulkPut(slice);
}
