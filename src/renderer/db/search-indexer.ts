/**
 * Keeps the search index (searchDocs, searchPostings) in step with the cache, after the fact:
 * applyBatch stays one transaction of
 * its own (DESIGN.md §2) and knows nothing of search. After any write to messages or bodies
 * (noticed through Dexie's storagemutated), a catch-up compares primary keys only: messages
 * without a doc, bodies whose doc has no body words yet, and docs whose message is gone. Key
 * reads cost milliseconds even at 100,000 messages; only the changed messages are read and
 * indexed. The same catch-up indexes what was cached before the index existed, and recovers a
 * crash between a batch and its indexing. Postings of removed docs are left in place (readers
 * skip numbers whose DOC_TIMES entry is a tombstone); compacting them is a later step. An index
 * of an older format (INDEX_FORMAT) is dropped and rebuilt by the next catch-up.
 */
import Dexie, {
  type IndexableType,
  type ObservabilitySet,
  type Table,
  type Transaction,
} from 'dexie';
import type { MailDb } from './mail-db';
import { timeOf } from './message-rows';
import {
  DOC_TIMES,
  FORMAT_TOKEN,
  INDEX_FORMAT,
  toSearchDoc,
  type SearchDoc,
  type SearchPosting,
} from './search-doc';

/**
 * Messages indexed per transaction, and per posting segment: bigger chunks mean fewer posting
 * rows (a common word gets one row per chunk), smaller ones shorter transactions.
 */
const CHUNK = 2000;

let lastSegment = 0;

/** A new segment number: increasing, unique in this page (time-based across restarts). */
function nextSegment(): number {
  lastSegment = Math.max(lastSegment + 1, Date.now() * 1000);
  return lastSegment;
}

/** Writes come in bursts (a sync writes batch after batch): wait for a pause. */
const SETTLE_MS = 250;

type Key = [string, string];

function keyString([accountId, messageKey]: Key): string {
  return `${accountId}\u0000${messageKey}`;
}

/** What a catch-up found to do. */
export interface IndexWork {
  readonly index: readonly Key[];
  readonly remove: readonly Key[];
}

const DOC_KEY = '[accountId+messageKey]';
const BODY_KEY = '[body+accountId+messageKey]';

/**
 * Keys read per request in a catch-up. Each result is decoded on the main thread in one task:
 * all 100,000 message keys at once held it for 90 to 200 ms (measured in bench:ui, a long
 * frame in a list being scrolled); pages of this size take a few ms each.
 */
const KEY_PAGE = 4000;

/**
 * Reads a key list in pages of KEY_PAGE, inside the caller's transaction, and hands each page to
 * `visit` as it arrives: `read(after)` reads the page after the key `after` (from the start when
 * undefined).
 */
async function eachKeyPage<K>(
  read: (after: K | undefined) => Promise<K[]>,
  visit: (page: readonly K[]) => void,
): Promise<void> {
  let after: K | undefined;
  for (;;) {
    const page = await read(after);
    visit(page);
    after = page[page.length - 1];
    if (page.length < KEY_PAGE || after === undefined) return;
  }
}

/** The next page of `table`'s primary keys after `after` (from the start when undefined). */
function primaryKeysAfter<T>(table: Table<T, Key>, after: Key | undefined): Promise<Key[]> {
  const from = after === undefined ? table.toCollection() : table.where(':id').above(after);
  return from.limit(KEY_PAGE).primaryKeys();
}

/** Compares keys of messages, bodies and docs: which messages to (re)index and which docs to drop. */
export async function findIndexWork(db: MailDb): Promise<IndexWork> {
  return db.transaction('r', [db.messages, db.bodies, db.searchDocs], async () => {
    const docKeys: Key[] = [];
    // Kept beside docKeys: the last step then builds no strings (100,000 took ~40 ms in one task).
    const docIds: string[] = [];
    const docSet = new Set<string>();
    await eachKeyPage(
      (after: IndexableType | undefined) =>
        (after === undefined
          ? db.searchDocs.orderBy(DOC_KEY)
          : db.searchDocs.where(DOC_KEY).above(after)
        )
          .limit(KEY_PAGE)
          .keys(),
      (page) => {
        for (const key of page) {
          const known = asKey(key);
          if (known === undefined) continue;
          const id = keyString(known);
          docKeys.push(known);
          docIds.push(id);
          docSet.add(id);
        }
      },
    );
    const bodyDone = new Set<string>();
    await eachKeyPage(
      (after: IndexableType | undefined) =>
        db.searchDocs
          .where(BODY_KEY)
          .between(
            after ?? [1, Dexie.minKey, Dexie.minKey],
            [1, Dexie.maxKey, Dexie.maxKey],
            after === undefined,
          )
          .limit(KEY_PAGE)
          .keys(),
      (page) => {
        for (const key of page) {
          const tail = Array.isArray(key) ? asKey(key.slice(1)) : undefined;
          if (tail !== undefined) bodyDone.add(keyString(tail));
        }
      },
    );
    const messageSet = new Set<string>();
    const index: Key[] = [];
    await eachKeyPage(
      (after: Key | undefined) => primaryKeysAfter(db.messages, after),
      (page) => {
        for (const key of page) {
          const id = keyString(key);
          messageSet.add(id);
          if (!docSet.has(id)) index.push(key);
        }
      },
    );
    await eachKeyPage(
      (after: Key | undefined) => primaryKeysAfter(db.bodies, after),
      (page) => {
        for (const key of page) {
          const id = keyString(key);
          if (!bodyDone.has(id) && docSet.has(id) && messageSet.has(id)) index.push(key);
        }
      },
    );
    const remove = docKeys.filter((_key, i) => !messageSet.has(docIds[i] ?? ''));
    return { index, remove };
  });
}

/** An index key read back as [accountId, messageKey], or undefined when it is not one. */
function asKey(key: unknown): Key | undefined {
  if (!Array.isArray(key) || key.length !== 2) return undefined;
  const accountId: unknown = key[0];
  const messageKey: unknown = key[1];
  return typeof accountId === 'string' && typeof messageKey === 'string'
    ? [accountId, messageKey]
    : undefined;
}

/** Reads one chunk and builds its docs and postings (no write lock held while this runs). */
async function buildChunk(db: MailDb, slice: readonly Key[]) {
  return db.transaction('r', [db.messages, db.bodies, db.searchDocs], async () => {
    const [messages, bodies, existing] = await Promise.all([
      db.messages.bulkGet([...slice]),
      db.bodies.bulkGet([...slice]),
      db.searchDocs
        .where(DOC_KEY)
        .anyOf([...slice])
        .toArray(),
    ]);
    // A doc indexed again (its body arrived) keeps its number: older postings stay valid.
    const numbers = new Map(
      existing.map((doc) => [keyString([doc.accountId, doc.messageKey]), doc.n]),
    );
    const docs: SearchDoc[] = [];
    const tokensOf: (readonly string[])[] = [];
    const subjectTokensOf: (readonly string[])[] = [];
    messages.forEach((message, i) => {
      if (message === undefined) return;
      const time = timeOf(message.date, message.internalDate);
      const { doc, tokens, subjectTokens } = toSearchDoc(message, bodies[i], time);
      const n = numbers.get(keyString([message.accountId, message.messageKey]));
      docs.push(n === undefined ? doc : { ...doc, n });
      tokensOf.push(tokens);
      subjectTokensOf.push(subjectTokens);
    });
    return { docs, tokensOf, subjectTokensOf };
  });
}

/**
 * Indexes `keys` (messages that vanished meanwhile are skipped) in chunks. Each chunk is read in
 * one read-only transaction and written in another that holds only the search tables, so a sync
 * writing messages never waits behind the indexer.
 */
export async function indexMessages(db: MailDb, keys: readonly Key[]): Promise<number> {
  let done = 0;
  for (let at = 0; at < keys.length; at += CHUNK) {
    const { docs, tokensOf, subjectTokensOf } = await buildChunk(db, keys.slice(at, at + CHUNK));
    await db.transaction('rw', [db.searchDocs, db.searchPostings], async (tx: Transaction) => {
      const assigned = await tx
        .table<SearchDoc, number>('searchDocs')
        .bulkPut(docs, { allKeys: true });
      const postings = new Map<string, number[]>();
      const inSubject = new Map<string, number[]>();
      const add = (into: Map<string, number[]>, token: string, n: number) => {
        const list = into.get(token);
        if (list === undefined) into.set(token, [n]);
        else list.push(n);
      };
      const numbers: number[] = [];
      const times: number[] = [];
      tokensOf.forEach((tokens, i) => {
        const n = assigned[i];
        const doc = docs[i];
        if (n === undefined || doc === undefined) return;
        numbers.push(n);
        times.push(doc.time);
        for (const token of tokens) add(postings, token, n);
        for (const token of subjectTokensOf[i] ?? []) add(inSubject, token, n);
      });
      const segment = nextSegment();
      const rows: SearchPosting[] = [
        {
          token: DOC_TIMES,
          segment,
          docs: Uint32Array.from(numbers),
          times: Float64Array.from(times),
        },
      ];
      for (const [token, list] of postings) {
        const subject = inSubject.get(token);
        rows.push({
          token,
          segment,
          docs: Uint32Array.from(list),
          ...(subject === undefined ? {} : { subject: Uint32Array.from(subject) }),
        });
      }
      await tx.table<SearchPosting, [string, number]>('searchPostings').bulkPut(rows);
    });
    done += docs.length;
  }
  return done;
}

/** Drops the docs of `keys` and records their numbers as removed (a DOC_TIMES tombstone). */
async function removeDocs(db: MailDb, keys: readonly Key[]): Promise<void> {
  await db.transaction('rw', [db.searchDocs, db.searchPostings], async () => {
    const gone = db.searchDocs.where(DOC_KEY).anyOf([...keys]);
    const numbers = await gone.primaryKeys();
    await gone.delete();
    if (numbers.length === 0) return;
    await db.searchPostings.put({
      token: DOC_TIMES,
      segment: nextSegment(),
      docs: Uint32Array.from(numbers),
      times: new Float64Array(numbers.length).fill(NaN),
    });
  });
}

/**
 * Makes sure the index is of INDEX_FORMAT: one of another format (or without a format row) is
 * cleared, so the catch-up that follows indexes every message again. True when it was cleared.
 */
export async function ensureIndexFormat(db: MailDb): Promise<boolean> {
  return db.transaction('rw', [db.searchDocs, db.searchPostings], async () => {
    const row = await db.searchPostings.get([FORMAT_TOKEN, 0]);
    if (row?.docs[0] === INDEX_FORMAT) return false;
    const stale = (await db.searchDocs.count()) > 0 || (await db.searchPostings.count()) > 0;
    if (stale) await Promise.all([db.searchDocs.clear(), db.searchPostings.clear()]);
    await db.searchPostings.put({
      token: FORMAT_TOKEN,
      segment: 0,
      docs: Uint32Array.of(INDEX_FORMAT),
    });
    return stale;
  });
}

/** One full catch-up: index what is missing, drop what is gone. */
export async function catchUpSearchIndex(db: MailDb): Promise<IndexWork> {
  await ensureIndexFormat(db);
  const work = await findIndexWork(db);
  if (work.remove.length > 0) await removeDocs(db, work.remove);
  await indexMessages(db, work.index);
  return work;
}

/** A running indexer. */
export interface SearchIndexer {
  /** Resolves once every change seen so far is indexed. */
  readonly settled: () => Promise<void>;
  readonly stop: () => void;
  /** The last catch-up's failure, if the last one failed. */
  readonly lastError: () => unknown;
}

function touchesMail(parts: ObservabilitySet, name: string): boolean {
  const prefix = `idb://${name}/`;
  return Object.keys(parts).some(
    (part) => part.startsWith(`${prefix}messages/`) || part.startsWith(`${prefix}bodies/`),
  );
}

/** Starts following `db`: a catch-up now, and one after every burst of mail writes. */
export function startSearchIndexer(db: MailDb): SearchIndexer {
  let dirty = true;
  let running: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failure: unknown;
  let stopped = false;

  async function loop(): Promise<void> {
    try {
      while (dirty && !stopped) {
        dirty = false;
        await catchUpSearchIndex(db);
      }
      failure = undefined;
    } catch (thrown) {
      // Kept for the search screen to show; the next write tries again.
      failure = thrown;
      console.error('The search index could not be updated', thrown);
    }
  }

  const run = (): Promise<void> => {
    if (running !== undefined) return running;
    // Cleared in a later microtask, after `running` is set (loop() may finish at once).
    const current: Promise<void> = loop().finally(() => {
      if (running === current) running = undefined;
    });
    running = current;
    return current;
  };

  const listener = (parts: ObservabilitySet) => {
    if (!touchesMail(parts, db.name)) return;
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), SETTLE_MS);
  };
  Dexie.on('storagemutated', listener);
  void run();

  return {
    async settled() {
      clearTimeout(timer);
      while (!stopped && (dirty || running !== undefined)) await run();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      Dexie.on.storagemutated.unsubscribe(listener);
    },
    lastError: () => failure,
  };
}

const indexers = new WeakMap<MailDb, SearchIndexer>();

/** The indexer of `db`, started on first use. */
export function searchIndexerOf(db: MailDb): SearchIndexer {
  let indexer = indexers.get(db);
  if (indexer === undefined) {
    indexer = startSearchIndexer(db);
    indexers.set(db, indexer);
  }
  return indexer;
}
