/**
 * Local search over the cache: the query's tokens are looked up in the inverted index (one
 * range read of posting rows per token; the sets are intersected from the smallest), removed
 * docs drop out when they are read, dates come from the docs, then flags and folders are
 * checked on the few messages that remain. Says what it covered: how many messages were
 * searched and how many of them only by their headers (body not downloaded).
 */
import Dexie from 'dexie';
import type { AccountView } from '../../../shared/account';
import type { FolderRow } from '../../db/cache-queries';
import type { MailDb } from '../../db/mail-db';
import type { Membership } from '../../db/records';
import { tokenize, type SearchDoc } from '../../db/search-doc';
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

/** The doc numbers that have `token`, over every posting segment. */
async function docsWith(db: MailDb, token: string): Promise<Set<number>> {
  const rows = await db.searchPostings
    .where('[token+segment]')
    .between([token, Dexie.minKey], [token, Dexie.maxKey])
    .toArray();
  const numbers = new Set<number>();
  for (const row of rows) for (const n of row.docs) numbers.add(n);
  return numbers;
}

/** The docs matching every token (all docs when there is none), removed ones skipped. */
async function candidateDocs(db: MailDb, tokens: readonly string[]): Promise<SearchDoc[]> {
  if (tokens.length === 0) return db.searchDocs.toArray();
  const sets = await Promise.all(tokens.map((token) => docsWith(db, token)));
  sets.sort((a, b) => a.size - b.size);
  const [smallest, ...rest] = sets;
  if (smallest === undefined) return [];
  const numbers: number[] = [];
  for (const n of smallest) if (rest.every((other) => other.has(n))) numbers.push(n);
  const docs = await db.searchDocs.bulkGet(numbers);
  return docs.flatMap((doc) => (doc === undefined ? [] : [doc]));
}

function subjectMatches(query: SearchQuery, subject: string): boolean {
  if (query.subject.length === 0) return true;
  const words = new Set(tokenize(subject));
  return query.subject.every((word) => words.has(word));
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
      const docs = await candidateDocs(db, requiredTokens(query));
      const dated = docs.filter(
        (doc) => inWindow(query, doc.time) && subjectMatches(query, doc.subjectKey),
      );
      dated.sort((a, b) => b.time - a.time);
      const byAccount = new Map(accounts.map((a) => [a.id, a]));
      // These are checked row by row, so every candidate is read to count the matches.
      const needsMembership =
        query.unread !== undefined || query.flagged !== undefined || query.folders.length > 0;

      const rows: FolderRow[] = [];
      let matches = needsMembership ? 0 : dated.length;
      const step = 500;
      for (let at = 0; at < dated.length; at += step) {
        if (!needsMembership && rows.length >= RESULT_LIMIT) break;
        const slice = dated.slice(at, at + step);
        const keys = slice.map((doc): Key => [doc.accountId, doc.messageKey]);
        const [messages, found] = await Promise.all([
          db.messages.bulkGet(keys),
          db.memberships.where('[accountId+messageKey]').anyOf(keys).toArray(),
        ]);
        const byMessage = new Map<string, Membership[]>();
        for (const membership of found) {
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
    `searched ${result.searched.toLocaleString('en-US')} ${result.searched === 1 ? 'message' : 'messages'}`,
    `${result.bodiesMissing.toLocaleString('en-US')} ${result.bodiesMissing === 1 ? 'body' : 'bodies'} not downloaded`,
  ];
  if (result.notIndexed > 0) {
    parts.push(`${result.notIndexed.toLocaleString('en-US')} not indexed yet`);
  }
  return parts.join('; ');
}
