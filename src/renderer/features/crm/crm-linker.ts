/**
 * Keeps mail linked to the CRM while the app runs. New and changed messages (any sync batch,
 * Sent included) are linked shortly after their transaction commits, from the keys Dexie
 * reports in 'storagemutated'; a change to contacts, companies, deals, routing rules or
 * suppressions relinks everything (only differences are written); new follow-up hours re-time
 * the reminders that wait. After each pass, follow-ups that came due are announced.
 */
import Dexie, { type IntervalTree, type IntervalTreeNode, type ObservabilitySet } from 'dexie';
import { autoCreateFrom } from '../../db/crm-auto-create';
import { setMyAddressesProvider } from '../../db/crm-context';
import { retimeFollowUps } from '../../db/crm-follow-up-store';
import { dropMessageLinks } from '../../db/crm-link-edit';
import {
  loadLinkContext,
  relinkMessages,
  toCrmMessage,
  type LinkContext,
} from '../../db/crm-relink';
import { relinkAllMessages } from '../../db/crm-relink-all';
import { takeMessages } from '../../db/crm-recent-messages';
import { getCrmSettings } from '../../db/crm-settings';
import { inCrmTransaction } from '../../db/crm-tables';
import type { MailDb } from '../../db/mail-db';
import { checkFollowUps } from './crm-follow-ups';

/** A running linker. */
export interface CrmLinker {
  relinkAll(): Promise<{ messages: number; links: number; ms: number }>;
  linkMessages(accountId: string, messageKeys: readonly string[]): Promise<number>;
  /** Runs what change events scheduled now and waits for all work (tests, shutdown). */
  flush(): Promise<void>;
  /** Stops watching for changes and the follow-up timer; direct calls still work. */
  stop(): void;
}

/** What the linker needs; tests give their own clock and notify. */
export interface CrmLinkerDeps {
  readonly db: MailDb;
  readonly myAddresses: () => ReadonlySet<string>;
  readonly now?: () => Date;
  readonly notify?: (title: string, body: string) => void;
}

const MESSAGES_SETTLE_MS = 200;
const RECORDS_SETTLE_MS = 500;
const FOLLOW_UP_CHECK_MS = 60_000;
const RECORD_TABLES = ['contacts', 'companies', 'deals', 'routingRules', 'linkSuppressions'];

function nodesOf(tree: IntervalTree | null | undefined, out: IntervalTreeNode[]): void {
  if (tree === null || tree === undefined || !('from' in tree)) return;
  nodesOf(tree.l, out);
  out.push(tree);
  nodesOf(tree.r, out);
}

/**
 * The primary keys in a change set: single keys directly, ranges through a key read. The tree
 * is walked by hand: from another window it arrives as a plain object, not a RangeSet. Dexie
 * reports a write of 50 rows or more as the whole table's range, so `exact` is false when a
 * range was read: then most of the keys are messages linked before.
 */
async function keysIn(
  db: MailDb,
  tree: IntervalTree,
): Promise<{ keys: [string, string][]; exact: boolean }> {
  const nodes: IntervalTreeNode[] = [];
  nodesOf(tree, nodes);
  const keys: [string, string][] = [];
  let exact = true;
  for (const node of nodes) {
    if (indexedDB.cmp(node.from, node.to) === 0) {
      keys.push(node.from as [string, string]);
      continue;
    }
    exact = false;
    const found = await db.messages
      .where(':id')
      .between(node.from, node.to, true, true)
      .primaryKeys();
    keys.push(...found);
  }
  return { keys, exact };
}

/** Starts linking; call stop() to end it. */
export function startCrmLinker(deps: CrmLinkerDeps): CrmLinker {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const notify = deps.notify ?? (() => undefined);
  setMyAddressesProvider(deps.myAddresses);
  let context: LinkContext | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const pending = new Map<string, [string, string]>();
  /** Whether every pending key is a message just written (not a table-wide range). */
  let pendingExact = true;
  let messagesTimer: ReturnType<typeof setTimeout> | undefined;
  let recordsTimer: ReturnType<typeof setTimeout> | undefined;

  /** One pass at a time: a relink and a batch must not interleave their writes. */
  function serial<T>(run: () => Promise<T>): Promise<T> {
    const next = chain.then(run);
    chain = next.catch((thrown: unknown) => console.error('CRM linking failed', thrown));
    return next;
  }

  /** Work nobody awaits: the chain already logs its failure. */
  function background(run: () => Promise<unknown>): void {
    serial(run).catch(() => undefined);
  }

  async function afterPass(): Promise<void> {
    await checkFollowUps(db, now(), notify);
  }

  function relinkAll(): Promise<{ messages: number; links: number; ms: number }> {
    return serial(async () => {
      const started = performance.now();
      context = await loadLinkContext(db, deps.myAddresses());
      const done = await relinkAllMessages(db, context, now());
      // Existing reminders keep their state through a relink, but not hours that changed.
      await retimeFollowUps(db, context.settings, now());
      await afterPass();
      return { ...done, ms: performance.now() - started };
    });
  }

  async function forget(keys: readonly [string, string][]): Promise<void> {
    if (keys.length === 0) return;
    await inCrmTransaction(db, 'rw', ['linkGroups', 'followUps'], async (t) => {
      await dropMessageLinks(t.linkGroups, keys);
      await t.followUps.bulkDelete([...keys]);
    });
  }

  /** Links the messages `keys`; `existing` says whether they are mostly new (ExistingRows). */
  async function linkKeys(
    keys: readonly [string, string][],
    existing: 'new' | 'read',
  ): Promise<number> {
    const found = await takeMessages(db, keys);
    // A key without a message was deleted (expunged, moved out of the cache): its links go.
    await forget(keys.filter((_, i) => found[i] === undefined));
    const messages = found.flatMap((m) => (m === undefined ? [] : [m]));
    if (messages.length === 0) return 0;
    let current = context ?? (await loadLinkContext(db, deps.myAddresses()));
    context = current;
    if (current.settings.autoCreate) {
      const crm = messages.map((m) => toCrmMessage(m, current.myAddresses));
      if ((await autoCreateFrom(db, crm, current, now())) > 0) {
        current = await loadLinkContext(db, deps.myAddresses());
        context = current;
      }
    }
    const effect = await relinkMessages(db, messages, current, now(), existing);
    await afterPass();
    return effect.links;
  }

  function linkMessages(accountId: string, messageKeys: readonly string[]): Promise<number> {
    return serial(() =>
      // Once each: a group holds a message once.
      linkKeys(
        [...new Set(messageKeys)].map((key): [string, string] => [accountId, key]),
        'new',
      ),
    );
  }

  function runPendingMessages(): Promise<unknown> {
    clearTimeout(messagesTimer);
    messagesTimer = undefined;
    const keys = [...pending.values()];
    // New mail is added without reading its links first; a table-wide change is mostly not new.
    const existing = pendingExact ? 'new' : 'read';
    pending.clear();
    pendingExact = true;
    return keys.length === 0 ? Promise.resolve() : serial(() => linkKeys(keys, existing));
  }

  function runPendingRecords(): Promise<unknown> {
    const due = recordsTimer !== undefined;
    clearTimeout(recordsTimer);
    recordsTimer = undefined;
    return due ? relinkAll() : Promise.resolve();
  }

  const prefix = `idb://${db.name}/`;
  const listener = (parts: ObservabilitySet): void => {
    if (stopped) return;
    const changed = parts[`${prefix}messages/`];
    if (changed !== undefined) {
      // In the chain, so that flush() finds the keys pending once the chain is done.
      background(async () => {
        const { keys, exact } = await keysIn(db, changed);
        for (const key of keys) pending.set(key.join('\u0000'), key);
        pendingExact &&= exact;
        clearTimeout(messagesTimer);
        // Not through background(): these queue their own work on the chain.
        messagesTimer = setTimeout(
          () => void runPendingMessages().catch(() => undefined),
          MESSAGES_SETTLE_MS,
        );
      });
    }
    const names = Object.keys(parts);
    if (names.some((name) => name.startsWith(`${prefix}preferences/`))) {
      // New settings (hours, auto-create) apply from the next pass; reminders that wait are
      // re-timed after the pass in flight (which may still use the old hours).
      context = undefined;
      background(async () => {
        await retimeFollowUps(db, await getCrmSettings(db), now());
        await afterPass();
      });
    }
    if (
      RECORD_TABLES.some((table) => names.some((name) => name.startsWith(`${prefix}${table}/`)))
    ) {
      // Batches linked before the full relink already see the new records.
      context = undefined;
      clearTimeout(recordsTimer);
      recordsTimer = setTimeout(
        () => void runPendingRecords().catch(() => undefined),
        RECORDS_SETTLE_MS,
      );
    }
  };
  Dexie.on('storagemutated', listener);
  const followUpTimer = setInterval(() => background(afterPass), FOLLOW_UP_CHECK_MS);

  return {
    relinkAll,
    linkMessages,
    async flush() {
      await chain;
      await runPendingMessages();
      await runPendingRecords();
      await chain;
    },
    stop() {
      stopped = true;
      clearTimeout(messagesTimer);
      clearTimeout(recordsTimer);
      clearInterval(followUpTimer);
      Dexie.on.storagemutated.unsubscribe(listener);
    },
  };
}
