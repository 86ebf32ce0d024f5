/**
 * Downloads a list of messages in batches: headers for every message, bodies for those the
 * history window wants, exclude rules applied, and one batch per chunk sent with the checkpoint
 * that covers it. Used newest first for the initial fill and oldest first for new mail.
 */
import type { ImapFlow } from 'imapflow';
import {
  bodyHasAttachments,
  type FolderCheckpoint,
  type MessageBody,
  type MessageRecord,
} from '../../../shared/sync';
import type { Clock } from '../ports';
import type { ExcludeRules } from './exclude-rules';
import { fetchBodies, type SourceParser } from './fetch-bodies';
import type { HeaderFetch } from './fetch-headers';
import type { HeaderSource } from './header-source';
import type { BodyRule } from './history-window';
import {
  normalizeMessage,
  type HeaderMessage,
  type NormalizeContext,
  type NormalizedMessage,
} from './normalize-message';
import type { SyncRun } from './sync-run';

/** Default largest batch: a few hundred messages (DESIGN section 2). */
export const DEFAULT_BATCH_SIZE = 500;
/** An adaptive batch aims at this much work, so the renderer gets steady, small writes. */
const TARGET_BATCH_MS = 250;
/** The smallest adaptive batch, so round trips do not dominate. */
const MIN_ADAPTIVE_BATCH = 25;
/** The first adaptive batch, before anything is measured. */
const FIRST_ADAPTIVE_BATCH = 100;

/** The tools a fill uses. */
export interface FillDeps {
  /** The sync's connection: bodies, and UID SEARCH before a fill. */
  readonly client: ImapFlow;
  /** Where headers come from (header-source.ts). */
  readonly headers: HeaderSource;
  /**
   * The header source has a connection of its own: the next chunk's headers are read while
   * this chunk's bodies download, so the parser is not left waiting between chunks.
   */
  readonly headersAside?: boolean;
  readonly run: SyncRun;
  readonly context: NormalizeContext;
  readonly rules: ExcludeRules;
  readonly wantsBody: BodyRule;
  readonly parser: SourceParser;
  readonly parseConcurrency: number;
  readonly alive: () => boolean;
  readonly clock: Clock;
}

/** What to fill. */
export interface FillPlan {
  /** UIDs in the order to fetch them: descending for 'down', ascending for 'up'. */
  readonly uids: readonly number[];
  readonly direction: 'down' | 'up';
  /** Rank of uids[0] among the initial fill's messages (newest = 0), for initialBodyCount. */
  readonly rankOffset?: number;
  /** A fixed batch size; without it the size adapts to about a quarter second of work. */
  readonly batchSize?: number;
  /** Merged into the checkpoint of the last batch (e.g. initialComplete). */
  readonly finish?: Partial<FolderCheckpoint>;
}

/** The checkpoint after a chunk: the synced range grows by it. */
function advance(
  checkpoint: FolderCheckpoint,
  chunk: readonly number[],
  direction: FillPlan['direction'],
  existing: number,
): FolderCheckpoint {
  const bound = direction === 'down' ? Math.min(...chunk) : Math.max(...chunk);
  return {
    ...checkpoint,
    ...(direction === 'down'
      ? { lowestUidSynced: Math.min(checkpoint.lowestUidSynced, bound) }
      : { highestUidSynced: Math.max(checkpoint.highestUidSynced, bound) }),
    ...(checkpoint.uidCount !== undefined ? { uidCount: checkpoint.uidCount + existing } : {}),
  };
}

/** Normalizes the fetched messages, counting the unreadable ones. */
function normalizeAll(messages: readonly HeaderMessage[], deps: FillDeps): NormalizedMessage[] {
  return messages.flatMap((message) => {
    try {
      return [normalizeMessage(message, deps.context)];
    } catch (thrown) {
      deps.run.messageError(message.uid, 'read', thrown);
      return [];
    }
  });
}

/** A chunk whose IMAP work is done; its parses may still be running. */
interface StagedChunk {
  readonly checkpoint: FolderCheckpoint;
  readonly kept: readonly NormalizedMessage[];
  readonly bodies: ReadonlyMap<number, MessageBody>;
  readonly parsed: Promise<void>;
}

/**
 * The IMAP half of a chunk: headers, rules, and the body download (parses started, not
 * awaited). `before` is the checkpoint the chunk extends.
 */
async function stageChunk(
  chunk: readonly number[],
  fetched: HeaderFetch,
  before: FolderCheckpoint,
  plan: FillPlan,
  last: boolean,
  rankOf: ReadonlyMap<number, number>,
  deps: FillDeps,
): Promise<StagedChunk> {
  const { run } = deps;
  const requested = new Set(chunk);
  // Unsolicited FETCH responses (another session changed flags, RFC 3501 section 7) arrive in
  // the middle of ours: only the messages asked for, with a size (which flag updates never
  // carry), are this chunk's.
  const messages = fetched.messages.filter(
    (message) => requested.has(message.uid) && message.size !== undefined,
  );
  for (const failure of fetched.failures) run.messageError(failure.uid, 'fetched', failure.cause);
  run.counts.fetched += messages.length;

  const kept: NormalizedMessage[] = [];
  for (const message of normalizeAll(messages, deps)) {
    const rule = deps.rules(message.record);
    if (rule === undefined) kept.push(message);
    else run.exclude(rule);
  }

  const wanted = kept
    .filter((message) => {
      const rank = rankOf.get(message.record.uid);
      return deps.wantsBody({
        receivedAt: message.receivedAt,
        seen: message.seen,
        size: message.record.size,
        ...(rank !== undefined ? { initialRank: rank } : {}),
      });
    })
    .map((message) => message.record.uid);
  const bodies = new Map<number, MessageBody>();
  const { parsed } = await fetchBodies(
    deps.client,
    wanted,
    deps.parser,
    {
      onBody(uid, body) {
        bodies.set(uid, body);
      },
      onError(uid, cause) {
        run.messageError(uid, 'parsed', cause);
      },
    },
    deps.parseConcurrency,
  );
  return {
    checkpoint: {
      ...advance(before, chunk, plan.direction, messages.length + fetched.failures.length),
      ...(last ? plan.finish : {}),
    },
    kept,
    bodies,
    parsed,
  };
}

/** The other half: waits for the chunk's parses, then sends its batch with its checkpoint. */
async function sendChunk(staged: StagedChunk, run: SyncRun): Promise<void> {
  await staged.parsed;
  run.counts.bodiesFetched += staged.bodies.size;
  const records: MessageRecord[] = staged.kept.map((message) => {
    const body = staged.bodies.get(message.record.uid);
    return body === undefined
      ? message.record
      : { ...message.record, body, hasAttachments: bodyHasAttachments(body) };
  });
  run.checkpoint = staged.checkpoint;
  await run.sendMessages(records);
}

/**
 * Fills `plan.uids` in batches, each sent with the checkpoint that covers it, in order. The
 * next chunk's IMAP work overlaps the previous chunk's last parses and its send: the worker
 * parses while the main thread talks to the server (parsing is the bottleneck, DESIGN
 * section 4). No IMAP command runs inside another's response; sends stay in order.
 */
export async function fillMessages(plan: FillPlan, deps: FillDeps): Promise<void> {
  const { run } = deps;
  // The parser's start-up overlaps the first chunk's headers instead of delaying its bodies.
  if (plan.uids.length > 0) deps.parser.warm?.();
  const rankOf = new Map<number, number>();
  if (plan.direction === 'down') {
    plan.uids.forEach((uid, index) => rankOf.set(uid, (plan.rankOffset ?? 0) + index));
  }
  let size = plan.batchSize ?? FIRST_ADAPTIVE_BATCH;
  let position = 0;
  let cursor = run.checkpoint;
  let sending: Promise<void> | undefined;
  /** A chunk whose headers are being read ahead (headersAside). */
  let ahead:
    { readonly chunk: readonly number[]; readonly headers: Promise<HeaderFetch> } | undefined;
  const read = (chunk: readonly number[]): NonNullable<typeof ahead> => {
    const headers = deps.headers(chunk);
    // Observed now, awaited when its turn comes (or below): never an unhandled rejection.
    headers.catch(() => undefined);
    return { chunk, headers };
  };
  try {
    while (position < plan.uids.length) {
      run.checkCancelled();
      const started = deps.clock.now();
      const { chunk, headers } = ahead ?? read(plan.uids.slice(position, position + size));
      ahead = undefined;
      position += chunk.length;
      const fetched = await headers;
      if (deps.headersAside === true && position < plan.uids.length) {
        ahead = read(plan.uids.slice(position, position + size));
      }
      const staged = await stageChunk(
        chunk,
        fetched,
        cursor,
        plan,
        position >= plan.uids.length,
        rankOf,
        deps,
      );
      cursor = staged.checkpoint;
      await sending;
      sending = sendChunk(staged, run);
      // Observed now, awaited at the next turn or below: a failed send is never unhandled.
      sending.catch(() => undefined);
      run.meter.advance(chunk.length);
      if (plan.batchSize === undefined) {
        const perMessage = Math.max(0.01, (deps.clock.now() - started) / chunk.length);
        size = Math.min(
          DEFAULT_BATCH_SIZE,
          Math.max(MIN_ADAPTIVE_BATCH, Math.round(TARGET_BATCH_MS / perMessage)),
        );
      }
    }
    await sending;
  } catch (thrown) {
    // Let a send and a read ahead settle before the caller reuses the connection or reports.
    await sending?.catch(() => undefined);
    await ahead?.headers.catch(() => undefined);
    throw thrown;
  }
}
