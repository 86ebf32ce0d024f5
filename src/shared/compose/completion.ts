/**
 * Address completion: the addresses seen in mail, ranked by how often they were seen, matched by
 * a case-insensitive prefix of the address or of any word of the name.
 */
import type { MailAddress } from '../compose';

/** One known address and how often it was seen. */
export interface KnownAddress {
  readonly name: string;
  readonly address: string;
  readonly count: number;
}

/** Counts addresses (case-insensitive), keeping the first name seen with each. */
export function countAddresses(lists: Iterable<readonly MailAddress[]>): KnownAddress[] {
  const byKey = new Map<string, { name: string; address: string; count: number }>();
  for (const list of lists) {
    for (const { name, address } of list) {
      const key = address.trim().toLowerCase();
      if (key === '' || !key.includes('@')) continue;
      const known = byKey.get(key);
      if (known === undefined)
        byKey.set(key, { name: name.trim(), address: address.trim(), count: 1 });
      else {
        known.count += 1;
        // The spelling that came with a name is the one the person writes with.
        if (known.name === '' && name.trim() !== '') {
          known.name = name.trim();
          known.address = address.trim();
        }
      }
    }
  }
  return [...byKey.values()];
}

function matches(known: KnownAddress, query: string): boolean {
  if (known.address.toLowerCase().startsWith(query)) return true;
  const name = known.name.toLowerCase();
  return name.startsWith(query) || name.split(/[\s,.'"-]+/).some((word) => word.startsWith(query));
}

/** The best `limit` completions of `query` (what the user typed after the last comma). */
export function rankCompletions(
  known: readonly KnownAddress[],
  query: string,
  limit = 8,
  exclude: ReadonlySet<string> = new Set(),
): KnownAddress[] {
  const wanted = query.trim().toLowerCase();
  if (wanted === '') return [];
  return known
    .filter((entry) => !exclude.has(entry.address.toLowerCase()) && matches(entry, wanted))
    .sort((a, b) => b.count - a.count || a.address.localeCompare(b.address))
    .slice(0, limit);
}

/** The entry being typed: the text after the last separator outside quotes and brackets. */
export function currentEntry(input: string): { readonly head: string; readonly query: string } {
  let quoted = false;
  let angled = false;
  let cut = 0;
  for (let index = 0; index < input.length; index += 1) {
    const char = input[index];
    if (char === '"' && !angled) quoted = !quoted;
    else if (char === '<' && !quoted) angled = true;
    else if (char === '>' && !quoted) angled = false;
    else if ((char === ',' || char === ';') && !quoted && !angled) cut = index + 1;
  }
  return { head: input.slice(0, cut), query: input.slice(cut).trim() };
}
