/**
 * The links of given messages, found through the links table's primary key: it starts with
 * accountId and messageKey, so a key range per message finds them without an index of their
 * own (one index less to write for each of the tens of thousands of links a relink stores).
 */
import Dexie, { type Collection, type Table } from 'dexie';
import type { LinkRow } from '../../shared/crm/types';

type LinkKey = [string, string, string, string];

/** Every link of the messages `keys` ([accountId, messageKey] pairs). */
export function linksOfMessages(
  links: Table<LinkRow, LinkKey>,
  keys: readonly (readonly [string, string])[],
): Collection<LinkRow, LinkKey> {
  // [a, m] sorts before every [a, m, type, id], and [a, m, maxKey] after them.
  return links.where(':id').inAnyRange(
    keys.map(([accountId, messageKey]) => [
      [accountId, messageKey],
      [accountId, messageKey, Dexie.maxKey],
    ]),
  );
}
