/**
 * Local search over the cache: the query's tokens are looked up in the inverted index (one
 * range read of posting rows per token, subject: words through the postings' subject lists; the
 * sets are intersected from the smallest). Dates, and which docs were removed, come from the
 * index's few DOC_TIMES rows, so candidates are filtered by date and sorted newest first without
 * reading a row per candidate; only the rows shown (and, for flag and folder filters, every
 * candidate) are then read, and flags and folders checked on them. Says what it covered: how
 * many messages were searched and how many of them only by their headers (body not downloaded).
 */
import Dexie from 'dexie';
import type { AccountView } from '../../../shared/account';
import { countOf, formatCount } from '../../../shared/text/counts';
import type { FolderRow } from '../../db/cache-queries';
import type { MailDb } from '../../db/mail-db';
import type { Membership } from '../../db/records';
import { DOC_TIMES } from '../../db/search-doc';
import { folderLabel, inboxOf } from '../mailbox/mailbox-view';
import { requiredTokens, type SearchQuery } from './search-query';

/** Rows shown at most; the count still covers every match. */
export const RESULT_LIMIT = 300;

type Key = [string, string];

/** What a search found and what it covered. */
export interface LocalSearchResult {
  /** Newest first, one row per message (its Inbox membership when it has one). */
  readonly rows: readonly FolderRow[];
  /** Every match, of which rows shows the first RESULT_LIMIT. */
  readonly matches: number;
  /** Messages in the index. */
  readonly searched: number;
  /** Of those, messages searched by headers only: their body was never downloaded. */
  readonly bodiesMissing: number;
  /** Messages cached but not indexed yet (the indexer is behind a running sync). */
  readonly notIndexed: number;
}

function keyString([accountId, messageKey]: Key): string {
  return `${accountId}\u0000${messageKey}`;
}

function postingRows(db: MailDb, token: string) {
  return db.searchPostings
    .where('[token+segment]')
    .between([token, Dexie.minKey], [token, Dexie.maxKey])
    .toArray();
}

/** The doc numbers that have `token` (in their subject only, when `inSubject`). */
async function docsWith(db: MailDb, token: string, inSubject: boolean): Promise<Set<number>> {
  const numbers = new Set<number>();
  for (const row of await postingRows(db, token)) {
    for (const n of inSubject ? (row.subject ?? []) : row.docs) numbers.add(n);
  }
  return numbers;
}

/** The date of every doc by number, NaN for a removed one (later segments win). */
async function docTimes(db: MailDb): Promise<Map<number, number>> {
  const times = new Map<number, number>();
  for (const row of await postingRows(db, DOC_TIMES)) {
    const { docs, times: dates } = row;
    if (dates === undefined) continue;
    for (let i = 0; i < docs.length; i += 1) times.set(docs[i] ?? 0, dates[i] ?? NaN);
  }
  return times;
}

interface Candidate {
  readonly n: number;
  readonly time: number;
}

/**
 * The docs with every token of the query (all docs when there is none) and in its date window,
 * removed ones skipped, newest first.
 */
async function candidates(db: MailDb, query: SearchQuery): Promise<Candidate[]> {
  const subject = new Set(query.subject);
  const tokens = requiredTokens(query);
  const [times, sets] = await Promise.all([
    docTimes(db),
    Promise.all(tokens.map((token) => docsWith(db, token, subject.has(token)))),
  ]);
  sets.sort((a, b) => a.size - b.size);
  const [smallest, ...rest] = sets;
  const found: Candidate[] = [];
  const consider = (n: number, time: number | undefined) => {
    if (time !== undefined && !Number.isNaN(time) && inWindow(query, time)) found.push({ n, time });
  };
  if (smallest === undefined) {
    for (const [n, time] of times) consider(n, time);
  } else {
    for (const n of smallest) if (rest.every((other) => other.has(n))) consider(n, times.get(n));
  }
  return found.sort((a, b) => b.time - a.time || a.n - b.n);
}

function inWindow(query: SearchQuery, time: number): boolean {
  return (
    (query.before === undefined || time < query.before) &&
    (query.after === undefined || time >= query.after)
  );
}

function membershipMatches(
  query: SearchQuery,
  membership: Membership,
  account: AccountView | undefined,
): boolean {
  if (query.unread !== undefined && (membership.unread === 1) !== query.unread) return false;
  if (query.flagged !== undefined && (membership.flagged === 1) !== query.flagged) return false;
  if (query.folders.length === 0) return true;
  const names = [
    membership.folder.toLowerCase(),
    folderLabel(account, membership.folder).toLowerCase(),
  ];
  return query.folders.some((folder) => names.includes(folder));
}

/** The membership to show a message by: a matching one, the Inbox first. */
function pick(
  query: SearchQuery,
  memberships: readonly Membership[],
  account: AccountView | undefined,
): Membership | undefined {
  const matching = memberships.filter((m) => membershipMatches(query, m, account));
  const inbox = account === undefined ? 'INBOX' : inboxOf(account);
  return matching.find((m) => m.folder === inbox) ?? matching[0];
}

interface Coverage {
  readonly searched: number;
  readonly bodiesMissing: number;
  readonly notIndexed: number;
}

/**
 * Counting 100,000 rows costs IndexedDB a walk over them (about 100 ms each here), so the
 * coverage counts are kept until the cache or the index changes.
 */
const coverageCache = new WeakMap<MailDb, Promise<Coverage>>();
const followed = new WeakSet<MailDb>();

function countCoverage(db: MailDb): Promise<Coverage> {
  return Promise.all([
    db.searchDocs.count(),
    db.searchDocs
      .where('[body+accountId+messageKey]')
      .between([0, Dexie.minKey, Dexie.minKey], [0, Dexie.maxKey, Dexie.maxKey])
      .count(),
    db.messages.count(),
  ]).then(([searched, bodiesMissing, cached]) => ({
    searched,
    bodiesMissing,
    notIndexed: Math.max(0, cached - searched),
  }));
}

function coverage(db: MailDb): Promise<Coverage> {
  if (!followed.has(db)) {
    followed.add(db);
    const prefix = `idb://${db.name}/`;
    Dexie.on('storagemutated', (parts) => {
      const touched = Object.keys(parts).some(
        (part) => part.startsWith(`${prefix}searchDocs/`) || part.startsWith(`${prefix}messages/`),
      );
      if (touched) coverageCache.delete(db);
    });
  }
  let counted = coverageCache.get(db);
  if (counted === undefined) {
    counted = countCoverage(db);
    coverageCache.set(db, counted);
    // A failed count is not kept: the next search counts again.
    counted.catch(() => coverageCache.delete(db));
  }
  return counted;
}

/** Runs `query` over everything cached. */
export async function searchLocal(
  db: MailDb,
  query: SearchQuery,
  accounts: readonly AccountView[],
): Promise<LocalSearchResult> {
  return db.transaction(
    'r',
    [db.searchDocs, db.searchPostings, db.messages, db.memberships],
    async () => {
      const dated = await candidates(db, query);
      const byAccount = new Map(accounts.map((a) => [a.id, a]));
      // These are checked row by row, so every candidate is read to count the matches.
      const needsMembership =
        query.unread !== undefined || query.flagged !== undefined || query.folders.length > 0;

      const rows: FolderRow[] = [];
      let matches = needsMembership ? 0 : dated.length;
      const step = needsMembership ? 500 : RESULT_LIMIT;
      for (let at = 0; at < dated.length; at += step) {
        if (!needsMembership && rows.length >= RESULT_LIMIT) break;
        const docs = await db.searchDocs.bulkGet(dated.slice(at, at + step).map((c) => c.n));
        const keys = docs.flatMap((doc): Key[] =>
          doc === undefined ? [] : [[doc.accountId, doc.messageKey]],
        );
        // One equals() read per message: anyOf over hundreds of keys walks a cursor with a
        // seek per key, several times slower than these reads issued together.
        const [messages, found] = await Promise.all([
          db.messages.bulkGet(keys),
          Promise.all(
            keys.map((key) => db.memberships.where('[accountId+messageKey]').equals(key).toArray()),
          ),
        ]);
        const byMessage = new Map<string, Membership[]>();
        for (const membership of found.flat()) {
          const id = keyString([membership.accountId, membership.messageKey]);
          byMessage.set(id, [...(byMessage.get(id) ?? []), membership]);
        }
        messages.forEach((message) => {
          if (message === undefined) return;
          const account = byAccount.get(message.accountId);
          const list = byMessage.get(keyString([message.accountId, message.messageKey])) ?? [];
          const membership = pick(query, list, account);
          if (membership === undefined) return;
          if (needsMembership) matches += 1;
          if (rows.length < RESULT_LIMIT) rows.push({ membership, message });
        });
      }
      return { rows, matches, ...(await coverage(db)) };
    },
  );
}

/** The coverage line, e.g. "searched 48,211 messages; 1,790 bodies not downloaded". */
export function coverageLine(result: LocalSearchResult): string {
  const parts = [
    `searched ${countOf(result.searched, 'message', 'messages')}`,
    `${countOf(result.bodiesMissing, 'body', 'bodies')} not downloaded`,
  ];
  if (result.notIndexed > 0) {
    parts.push(`${formatCount(result.notIndexed)} not indexed yet`);
  }
  return parts.join('; ');
}
