/**
 * Changes to the messages already synced (the checkpoint's UID range): expunges and flag
 * changes, found the cheapest way the server allows. QRESYNC reports both on SELECT (RFC 7162
 * section 3.2.5); CONDSTORE reports changed flags (CHANGEDSINCE, section 3.1.4) and expunges
 * need a UID list; a server with neither needs every flag and the UID list.
 */
import type { ESearchResult, ExpungeEvent, FlagsEvent, ImapFlow } from 'imapflow';
import { fail } from '../../../shared/errors';
import type { FolderCheckpoint, SyncBatch } from '../../../shared/sync';
import { storedFlags } from './normalize-message';
import type { SyncRun } from './sync-run';
import { chunks } from './uid-set';

/** How changes are found. */
export type ChangeMode = 'qresync' | 'condstore' | 'uid-diff';

/** At most this many UIDs (or flag changes) per batch. */
const CHANGE_BATCH = 5000;

/** Expunges and flag changes the server announced, collected from imapflow's events. */
export interface MailboxEvents {
  readonly vanished: ReadonlySet<number>;
  readonly flags: ReadonlyMap<number, readonly string[]>;
  stop(): void;
}

/**
 * Listens for VANISHED (RFC 7162 section 3.2.10) and FETCH FLAGS responses for `folder`: the
 * answers to SELECT ... (QRESYNC ...) and anything the server announces while the sync runs.
 * Must be started before the SELECT.
 */
export function collectMailboxEvents(client: ImapFlow, folder: string): MailboxEvents {
  const vanished = new Set<number>();
  const flags = new Map<number, readonly string[]>();
  const onExpunge = (event: ExpungeEvent): void => {
    if (event.path === folder && event.uid !== undefined) {
      vanished.add(event.uid);
      flags.delete(event.uid);
    }
  };
  const onFlags = (event: FlagsEvent): void => {
    if (event.path === folder && event.uid !== undefined && !vanished.has(event.uid))
      flags.set(event.uid, storedFlags(event.flags));
  };
  client.on('expunge', onExpunge);
  client.on('flags', onFlags);
  return {
    vanished,
    flags,
    stop() {
      client.off('expunge', onExpunge);
      client.off('flags', onFlags);
    },
  };
}

/** True when a UID lies in the synced range. */
function inRange(checkpoint: FolderCheckpoint, uid: number): boolean {
  return uid >= checkpoint.lowestUidSynced && uid <= checkpoint.highestUidSynced;
}

/** The checkpoint without a message count (after changes that make it unknown). */
function withoutCount(checkpoint: FolderCheckpoint): FolderCheckpoint {
  const copy = { ...checkpoint };
  delete copy.uidCount;
  return copy;
}

/** A change batch waiting for its checkpoint. */
interface PendingBatch {
  /** How the batch changes the checkpoint it carries (e.g. the count becomes unknown). */
  readonly adjust: (checkpoint: FolderCheckpoint) => FolderCheckpoint;
  readonly build: (checkpoint: FolderCheckpoint) => ChangeBatch;
  /** Counts the batch in the summary once sent. */
  readonly count: (run: SyncRun) => void;
}

type ChangeBatch = Extract<SyncBatch, { kind: 'vanished' | 'flags' | 'present' }>;

/** Expunged UIDs of the synced range as 'vanished' batches. */
function vanishedBatches(run: SyncRun, uids: Iterable<number>): PendingBatch[] {
  const inside = [...uids].filter((uid) => inRange(run.checkpoint, uid)).sort((a, b) => a - b);
  return chunks(inside, CHANGE_BATCH).map((part) => ({
    // VANISHED may name UIDs this cache never held, so the count is no longer exact.
    adjust: withoutCount,
    build: (checkpoint) => ({ kind: 'vanished', folder: run.folder, uids: part, checkpoint }),
    count: (target) => {
      target.counts.vanished += part.length;
    },
  }));
}

/** Flag changes of the synced range as 'flags' batches. */
function flagBatches(
  run: SyncRun,
  changes: Iterable<readonly [number, readonly string[]]>,
): PendingBatch[] {
  const inside = [...changes]
    .filter(([uid]) => inRange(run.checkpoint, uid))
    .sort(([a], [b]) => a - b)
    .map(([uid, flags]) => ({ uid, flags }));
  return chunks(inside, CHANGE_BATCH).map((part) => ({
    adjust: (checkpoint) => checkpoint,
    build: (checkpoint) => ({ kind: 'flags', folder: run.folder, changes: part, checkpoint }),
    count: (target) => {
      target.counts.flagsChanged += part.length;
    },
  }));
}

/**
 * Sends pending change batches in order. The last one carries `final` (the advanced modseq):
 * the receiver stores it in the same transaction as the last change, never before.
 */
async function sendPending(
  run: SyncRun,
  pending: readonly PendingBatch[],
  final: (checkpoint: FolderCheckpoint) => FolderCheckpoint,
): Promise<void> {
  let checkpoint = run.checkpoint;
  for (const [index, batch] of pending.entries()) {
    checkpoint = batch.adjust(checkpoint);
    const carried = index === pending.length - 1 ? final(checkpoint) : checkpoint;
    await run.send(batch.build(carried));
    batch.count(run);
  }
  if (pending.length === 0) run.checkpoint = final(run.checkpoint);
}

/** Sends expunges the server announced during the sync (VANISHED, RFC 7162 section 3.2.10). */
export async function sendVanished(run: SyncRun, uids: Iterable<number>): Promise<void> {
  await sendPending(run, vanishedBatches(run, uids), (checkpoint) => checkpoint);
}

/** The range as a UID set, or undefined when nothing is synced yet. */
function syncedRange(checkpoint: FolderCheckpoint): string | undefined {
  if (checkpoint.highestUidSynced < Math.max(1, checkpoint.lowestUidSynced)) return undefined;
  return `${Math.max(1, checkpoint.lowestUidSynced)}:${checkpoint.highestUidSynced}`;
}

/** UID SEARCH results; imapflow answers false when the server refused. */
function searchResult(
  result: number[] | ESearchResult | false | undefined,
): number[] | ESearchResult {
  if (result === false || result === undefined) {
    fail('PROTOCOL', 'The server refused to list the messages of the folder (UID SEARCH).', {
      hint: 'Try again later; if it keeps happening, the folder may be damaged on the server.',
    });
  }
  return result;
}

/**
 * The UID diff: without QRESYNC the server does not say what was expunged, so it lists the
 * UIDs it still has in the synced range, and the receiver drops the rest. When the checkpoint
 * knows how many messages the range held and the server still has as many (ESEARCH COUNT, RFC
 * 4731), nothing was expunged (UIDs are never reused, RFC 3501 section 2.3.1.1) and the list is
 * skipped.
 */
async function presentBatches(client: ImapFlow, run: SyncRun): Promise<PendingBatch[]> {
  const range = syncedRange(run.checkpoint);
  if (range === undefined) return [];
  const known = run.checkpoint.uidCount;
  if (known !== undefined) {
    const counted = searchResult(
      await client.search({ uid: range }, { uid: true, returnOptions: ['COUNT'] }),
    );
    const count = Array.isArray(counted) ? counted.length : counted.count;
    if (count === known) return [];
  }
  const listed = searchResult(await client.search({ uid: range }, { uid: true }));
  const uids = (Array.isArray(listed) ? listed : []).sort((a, b) => a - b);
  const from = Math.max(1, run.checkpoint.lowestUidSynced);
  const to = run.checkpoint.highestUidSynced;
  const parts = uids.length === 0 ? [[]] : chunks(uids, CHANGE_BATCH);
  return parts.map((part, index) => {
    const next = parts[index + 1]?.[0];
    const fromUid = index === 0 ? from : (part[0] ?? from);
    const toUid = next === undefined ? to : next - 1;
    return {
      // The exact count goes with the last part, when the whole range has been listed.
      adjust: (checkpoint) =>
        next === undefined ? { ...checkpoint, uidCount: uids.length } : withoutCount(checkpoint),
      build: (checkpoint) => ({
        kind: 'present',
        folder: run.folder,
        fromUid,
        toUid,
        uids: part,
        checkpoint,
      }),
      count: (target) => {
        if (next === undefined && known !== undefined)
          target.counts.vanished += Math.max(0, known - uids.length);
      },
    };
  });
}

/** Flags of the synced range: changed since `since` (CONDSTORE), or all of them. */
async function fetchFlagBatches(
  client: ImapFlow,
  run: SyncRun,
  since: string | undefined,
): Promise<PendingBatch[]> {
  const range = syncedRange(run.checkpoint);
  if (range === undefined) return [];
  const messages = await client.fetchAll(
    range,
    { uid: true, flags: true },
    { uid: true, ...(since !== undefined ? { changedSince: BigInt(since) } : {}) },
  );
  return flagBatches(
    run,
    messages.flatMap((message) =>
      message.flags === undefined ? [] : [[message.uid, storedFlags(message.flags)] as const],
    ),
  );
}

/**
 * Sends every change to the synced range since the checkpoint, expunges first, then flags (or
 * flags, then the UID list). Every batch but the last carries the OLD modseq; the last one
 * carries `serverModseq`, so the receiver advances it together with the last change (RFC 7162
 * section 3.2.5.2: a client that stores the new HIGHESTMODSEQ before applying VANISHED loses
 * those expunges for good). Every IMAP command runs before the first batch goes out.
 */
export async function sendChanges(
  mode: ChangeMode,
  client: ImapFlow,
  run: SyncRun,
  events: MailboxEvents,
  serverModseq: string | undefined,
): Promise<void> {
  const previousModseq = run.checkpoint.highestModseq;
  let pending: PendingBatch[];
  switch (mode) {
    case 'qresync':
      pending = [...vanishedBatches(run, events.vanished), ...flagBatches(run, events.flags)];
      break;
    case 'condstore':
      pending = [
        ...(previousModseq !== serverModseq
          ? await fetchFlagBatches(client, run, previousModseq)
          : []),
        ...(await presentBatches(client, run)),
      ];
      break;
    case 'uid-diff':
      pending = [
        ...(await fetchFlagBatches(client, run, undefined)),
        ...(await presentBatches(client, run)),
      ];
      break;
    default: {
      const unreachable: never = mode;
      throw new Error(`Unknown change mode ${String(unreachable)}`);
    }
  }
  await sendPending(run, pending, (checkpoint) => {
    const advanced = { ...checkpoint };
    // A folder that lost its mod-sequences (NOMODSEQ) must not keep an old one.
    if (serverModseq === undefined) delete advanced.highestModseq;
    else advanced.highestModseq = serverModseq;
    return advanced;
  });
}
