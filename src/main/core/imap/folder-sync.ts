/**
 * Syncs one folder from the receiver's checkpoint: a fresh newest-first fill when there is none
 * or UIDVALIDITY changed (RFC 3501 section 2.3.1.1), otherwise the changes to what is synced
 * (QRESYNC, CONDSTORE or a UID diff), then new mail, then the rest of an interrupted fill. Every
 * batch carries the checkpoint that describes the receiver's state once it has stored it.
 */
import type { ImapFlow, MailboxObject, MailboxOpenOptions } from 'imapflow';
import { fail, type AppError } from '../../../shared/errors';
import type { CancelSignal } from '../../../shared/ipc/define';
import type {
  FolderCheckpoint,
  FolderSyncSummary,
  SyncBatch,
  SyncProgress,
  SyncSettings,
} from '../../../shared/sync';
import type { Clock, Logger } from '../ports';
import { compileExcludeRules } from './exclude-rules';
import type { SourceParser } from './fetch-bodies';
import {
  collectMailboxEvents,
  sendChanges,
  sendVanished,
  type ChangeMode,
  type MailboxEvents,
} from './folder-changes';
import { fillMessages, type FillDeps } from './folder-fill';
import { openHeaderSource } from './header-source';
import { bodyRule } from './history-window';
import type { RawImapConnection } from './raw/raw-imap-connection';
import { createProgressMeter } from './sync-progress';
import { startSyncRun, type SyncRun } from './sync-run';

/** What to sync. */
export interface FolderSyncRequest {
  readonly accountId: string;
  readonly folder: string;
  /** What the receiver has stored; null syncs from scratch. */
  readonly checkpoint: FolderCheckpoint | null;
  readonly settings: SyncSettings;
  /** A fixed number of messages per batch; by default it adapts (at most 500, about 0.25 s). */
  readonly batchSize?: number;
}

/** What the sync uses besides the connection. */
export interface FolderSyncDeps {
  readonly parser: SourceParser;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly onProgress?: (progress: SyncProgress) => void;
  /** Stops the sync between batches when aborted (the receiver went away). */
  readonly signal?: CancelSignal;
  /** Names the cause of a failure on this connection (host and port); plain text otherwise. */
  readonly classify?: (thrown: unknown) => AppError;
  /** Whether the connection is still up; by default imapflow's `usable`. */
  readonly alive?: () => boolean;
  /** Parses in flight at once; default the parser's capacity, or 24 without one. */
  readonly parseConcurrency?: number;
  /** A second login for large header passes (header-source.ts); without it imapflow does all. */
  readonly openRawConnection?: () => Promise<RawImapConnection>;
  /** The smallest fill that uses it (default BULK_HEADER_MINIMUM). */
  readonly bulkHeaderMinimum?: number;
}

/** SELECT's answer with what imapflow adds when it sent QRESYNC parameters. */
type SelectedMailbox = MailboxObject & { readonly qresync?: boolean };

/**
 * SELECT, with QRESYNC parameters (RFC 7162 section 3.2.5) when the checkpoint allows and the
 * server enabled it. imapflow takes them as options its types do not list.
 */
async function selectFolder(
  client: ImapFlow,
  folder: string,
  checkpoint: FolderCheckpoint | null,
): Promise<SelectedMailbox> {
  const canResync =
    checkpoint !== null && checkpoint.highestModseq !== undefined && client.enabled.has('QRESYNC');
  const options: MailboxOpenOptions & { uidValidity?: bigint; changedSince?: bigint } =
    canResync && checkpoint.highestModseq !== undefined
      ? {
          uidValidity: BigInt(checkpoint.uidValidity),
          changedSince: BigInt(checkpoint.highestModseq),
        }
      : {};
  try {
    return await client.mailboxOpen(folder, options);
  } catch (thrown) {
    // imapflow checks with LIST after a refused SELECT and marks a folder that is not there.
    if ((thrown as { mailboxMissing?: unknown }).mailboxMissing === true) {
      fail('NOT_FOUND', `The folder "${folder}" is not on the server any more.`, {
        hint: 'It was renamed or deleted; choose the folders to sync again.',
      });
    }
    throw thrown;
  }
}

/** HIGHESTMODSEQ when the folder keeps mod-sequences and CONDSTORE is on, as a string. */
function serverModseq(client: ImapFlow, mailbox: SelectedMailbox): string | undefined {
  if (mailbox.noModseq === true || !client.enabled.has('CONDSTORE')) return undefined;
  return mailbox.highestModseq?.toString();
}

/** A checkpoint with nothing synced yet: the fill starts below UIDNEXT. */
function freshCheckpoint(
  uidValidity: number,
  uidNext: number,
  modseq: string | undefined,
): FolderCheckpoint {
  return {
    uidValidity,
    uidNext,
    ...(modseq !== undefined ? { highestModseq: modseq } : {}),
    lowestUidSynced: uidNext,
    highestUidSynced: Math.max(0, uidNext - 1),
    initialComplete: false,
    uidCount: 0,
  };
}

/** UIDs in [from, to] as the server has them now, sorted ascending. */
async function uidsBetween(client: ImapFlow, from: number, to: number): Promise<number[]> {
  if (to < from || to < 1) return [];
  const found = await client.search({ uid: `${Math.max(1, from)}:${to}` }, { uid: true });
  if (found === false || found === undefined) {
    fail('PROTOCOL', 'The server refused to list the messages of the folder (UID SEARCH).', {
      hint: 'Try again later; if it keeps happening, the folder may be damaged on the server.',
    });
  }
  // "n:m" is unordered in IMAP and "*" may match the last message: keep only the real range.
  return found.filter((uid) => uid >= from && uid <= to).sort((a, b) => a - b);
}

/**
 * UIDNEXT from SELECT; a server that leaves it out (RFC 3501 makes it optional until IMAP4rev2)
 * gets the highest existing UID + 1 instead.
 */
async function uidNextOf(client: ImapFlow, mailbox: SelectedMailbox): Promise<number> {
  if (Number.isSafeInteger(mailbox.uidNext) && mailbox.uidNext > 0) return mailbox.uidNext;
  const found = await client.search({ all: true }, { uid: true });
  const highest = Array.isArray(found) ? Math.max(0, ...found) : 0;
  return highest + 1;
}

/** The change mode the server and checkpoint allow. */
function changeMode(
  mailbox: SelectedMailbox,
  previous: FolderCheckpoint,
  modseq: string | undefined,
): ChangeMode {
  if (mailbox.qresync === true) return 'qresync';
  return modseq !== undefined && previous.highestModseq !== undefined ? 'condstore' : 'uid-diff';
}

/** New mail above the synced range (oldest first), then the rest of an unfinished fill. */
async function fetchRemaining(
  run: SyncRun,
  fillDeps: Omit<FillDeps, 'headers'>,
  uidNext: number,
  request: FolderSyncRequest,
  deps: FolderSyncDeps,
): Promise<void> {
  const { client } = fillDeps;
  const top = uidNext - 1;
  const fresh = await uidsBetween(client, run.checkpoint.highestUidSynced + 1, top);
  const older = run.checkpoint.initialComplete
    ? []
    : await uidsBetween(client, 1, run.checkpoint.lowestUidSynced - 1);
  run.meter.phase('headers', fresh.length + older.length);
  const source = await openHeaderSource(
    fresh.length + older.length,
    { path: request.folder, uidValidity: fillDeps.context.uidValidity },
    { ...deps, client, alive: fillDeps.alive },
  );
  try {
    await fillRanges(
      run,
      { ...fillDeps, headers: source.fetch, headersAside: source.aside },
      fresh,
      older,
      uidNext,
      request,
    );
  } finally {
    await source.close();
  }
}

/** Fills `fresh` (new mail, oldest first), then `older` (the rest of the initial fill). */
async function fillRanges(
  run: SyncRun,
  fill: FillDeps,
  fresh: readonly number[],
  older: number[],
  uidNext: number,
  { batchSize }: FolderSyncRequest,
): Promise<void> {
  const top = uidNext - 1;
  // Messages that arrived and were expunged before this sync still move the top up.
  const reached = { uidNext, highestUidSynced: Math.max(run.checkpoint.highestUidSynced, top) };
  if (fresh.length > 0) {
    await fillMessages(
      {
        uids: fresh,
        direction: 'up',
        finish: reached,
        ...(batchSize !== undefined ? { batchSize } : {}),
      },
      fill,
    );
  } else {
    run.checkpoint = { ...run.checkpoint, ...reached };
  }
  if (run.checkpoint.initialComplete) return;
  const finish = { lowestUidSynced: 1, initialComplete: true } as const;
  if (older.length === 0) {
    run.checkpoint = { ...run.checkpoint, ...finish };
    return;
  }
  await fillMessages(
    {
      uids: older.reverse(),
      direction: 'down',
      // Messages already synced by the interrupted fill count against initialBodyCount.
      rankOffset: run.checkpoint.uidCount ?? 0,
      finish,
      ...(batchSize !== undefined ? { batchSize } : {}),
    },
    fill,
  );
}

/**
 * Syncs one folder. `sink` receives the batches in order and resolves once the receiver has
 * room for more (backpressure). Per-message failures are in the summary's errors; a failure of
 * the connection or the receiver rejects, and the last checkpoint sent is where the next sync
 * resumes.
 */
export async function syncFolder(
  client: ImapFlow,
  request: FolderSyncRequest,
  sink: (batch: SyncBatch) => Promise<void>,
  deps: FolderSyncDeps,
): Promise<FolderSyncSummary> {
  const { folder } = request;
  const previous = request.checkpoint;
  const events: MailboxEvents = collectMailboxEvents(client, folder);
  try {
    const mailbox = await selectFolder(client, folder, previous);
    const uidValidity = Number(mailbox.uidValidity);
    const modseq = serverModseq(client, mailbox);
    const uidNext = await uidNextOf(client, mailbox);
    const meter = createProgressMeter(
      { accountId: request.accountId, folder },
      deps.clock,
      deps.onProgress,
    );
    const valid = previous !== null && previous.uidValidity === uidValidity;
    const run = startSyncRun({
      accountId: request.accountId,
      folder,
      checkpoint: valid ? previous : freshCheckpoint(uidValidity, uidNext, modseq),
      previousSent: valid ? previous : undefined,
      sink,
      meter,
      logger: deps.logger,
      ...(deps.signal !== undefined ? { signal: deps.signal } : {}),
      ...(deps.classify !== undefined ? { classify: deps.classify } : {}),
    });
    const alive = deps.alive ?? ((): boolean => client.usable);
    const fill: Omit<FillDeps, 'headers'> = {
      client,
      run,
      context: {
        accountId: request.accountId,
        folder,
        uidValidity,
        gmail: client.capabilities.has('X-GM-EXT-1') && !client.capabilities.has('OBJECTID'),
      },
      rules: compileExcludeRules(request.settings),
      wantsBody: bodyRule(request.settings, deps.clock.now()),
      parser: deps.parser,
      parseConcurrency: deps.parseConcurrency ?? deps.parser.capacity ?? 24,
      alive,
      clock: deps.clock,
    };

    let mode: FolderSyncSummary['mode'];
    // Expunges reported by the SELECT belong to the change step (or, after a UIDVALIDITY
    // change, to the old generation of UIDs): never to the end-of-sync VANISHED batch.
    let announced = new Set(events.vanished);
    if (!valid) {
      mode = previous === null ? 'initial' : 'reset';
      // UIDVALIDITY changed: every cached UID of this folder is meaningless now.
      if (previous !== null) await run.send({ kind: 'reset', folder, checkpoint: run.checkpoint });
    } else {
      mode = changeMode(mailbox, previous, modseq);
      meter.phase('changes', 0);
      // Advances the modseq with the last change batch, never before it.
      await sendChanges(mode, client, run, events, modseq);
      announced = new Set(events.vanished);
    }
    await fetchRemaining(run, fill, uidNext, request, deps);
    // Expunges the server announced while the sync ran (QRESYNC sends them as VANISHED).
    await sendVanished(
      run,
      [...events.vanished].filter((uid) => !announced.has(uid)),
    );
    await run.flushCheckpoint();
    meter.flush();
    const summary = run.summary(mode);
    deps.logger.info('Folder synced', {
      accountId: request.accountId,
      folder,
      mode,
      fetched: summary.fetched,
      stored: summary.stored,
      excluded: summary.excluded,
      vanished: summary.vanished,
      flagsChanged: summary.flagsChanged,
      errors: summary.errors.length,
    });
    return summary;
  } finally {
    events.stop();
  }
}
