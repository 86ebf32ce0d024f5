/**
 * The CLI's outbox: a journal of JSON lines. The first line names the format; every later line
 * is one change (an item's new state, the files behind attachment tokens, what an account's
 * server does with sent mail), appended and synced to disk before the put resolves. An item's
 * message is written once: a later state of the same message is written without it. Changes
 * arriving while a write is under way are appended together by the next one; under a steady
 * stream of changes (a mail merge) appends start at most every MIN_WRITE_SPACING_MS, so one
 * fdatasync covers several. Loading replays the lines, the last state of each item winning; a
 * kill in the middle of an append leaves at most a torn last line, which is dropped (its put
 * never resolved). Appending one line costs the same with a thousand items queued as with one;
 * the journal is compacted (rewritten as one line per item through a temp file, fsync and
 * rename) when it has grown long.
 */
import { mkdir, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { outgoingMessageSchema } from '../shared/compose';
import { AppFailure, appError, fail } from '../shared/errors';
import { OUTBOX_STATES, type OutboxItem, type OutboxStore } from '../shared/outbox';

const appErrorSchema = z.looseObject({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
});

const itemSchema = z.looseObject({
  messageId: z.string(),
  accountId: z.string(),
  message: outgoingMessageSchema,
  state: z.enum(OUTBOX_STATES),
  queuedAt: z.string(),
  attempts: z.number().int().nonnegative(),
  held: z.boolean(),
  lastError: appErrorSchema.optional(),
});

/** The first line of the journal. */
const HEADER = '{"format":"mailcrm-outbox","version":2}';

/** One journal line after the header. */
const lineSchema = z.union([
  z.object({ item: itemSchema }),
  /** An item's new state, its message unchanged (the earlier line's): kept out of the line. */
  z.object({ update: itemSchema.omit({ message: true }) }),
  /** Attachment token → the file given with --attach. */
  z.object({ attachments: z.record(z.string(), z.string()) }),
  /** Whether an account's server files sent mail in Sent by itself. */
  z.object({ sentMemory: z.object({ accountId: z.string(), serverFiles: z.boolean() }) }),
]);

/** What the journal holds once replayed. */
interface OutboxState {
  readonly items: Map<string, OutboxItem>;
  readonly attachments: Record<string, string>;
  readonly sentMemory: Record<string, boolean>;
  /** Lines after the header, torn ones excluded. */
  readonly lines: number;
}

/** The outbox file, loaded; writes go through `put` and the setters. */
export interface OutboxFile extends OutboxStore {
  readonly path: string;
  /** Every item in the file, in the order they were queued. */
  items(): OutboxItem[];
  item(messageId: string): OutboxItem | undefined;
  /** The file behind an attachment token. */
  attachmentPath(token: string): string | undefined;
  /** Records attachment files and the item in one write. */
  queue(item: OutboxItem, attachments: Readonly<Record<string, string>>): Promise<void>;
  sentMemory(accountId: string): boolean | undefined;
  setSentMemory(accountId: string, serverFiles: boolean): Promise<void>;
  /** Waits for the writes under way, then closes the journal; later writes reopen it. */
  close(): Promise<void>;
}

/** The default outbox: $XDG_STATE_HOME/mailcrm/cli-outbox.json, else ~/.local/state/.... */
export function defaultOutboxPath(env: NodeJS.ProcessEnv, home: string): string {
  const base = env.XDG_STATE_HOME ?? `${home}/.local/state`;
  return `${base}/mailcrm/cli-outbox.json`;
}

/** Replays the journal at `path`; an absent file is an empty outbox. */
async function load(path: string): Promise<OutboxState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return fail(
      'INVALID_INPUT',
      `--outbox ${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const rows = text.split('\n');
  if (rows[0] !== HEADER) fail('INVALID_INPUT', `--outbox ${path} is not a mailcrm outbox file.`);
  const state: OutboxState & { lines: number } = {
    items: new Map(),
    attachments: {},
    sentMemory: {},
    lines: 0,
  };
  const last = rows.length - 1;
  for (const [index, row] of rows.entries()) {
    if (index === 0 || row === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(row);
    } catch {
      // Only the last line can be torn (a kill mid-append); anywhere else the file is damaged.
      if (index === last) break;
      return fail('INVALID_INPUT', `--outbox ${path} is damaged at line ${index + 1} (not JSON).`);
    }
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      fail('INVALID_INPUT', `--outbox ${path} is not a mailcrm outbox file (line ${index + 1}).`);
    }
    const line = parsed.data;
    if ('item' in line) {
      const item = line.item as unknown as OutboxItem;
      state.items.set(item.messageId, item);
    } else if ('update' in line) {
      const known = state.items.get(line.update.messageId);
      if (known === undefined) {
        fail('INVALID_INPUT', `--outbox ${path} is damaged at line ${index + 1} (unknown item).`);
      }
      state.items.set(known.messageId, {
        ...(line.update as unknown as Omit<OutboxItem, 'message'>),
        message: known.message,
      });
    } else if ('attachments' in line) {
      Object.assign(state.attachments, line.attachments);
    } else {
      state.sentMemory[line.sentMemory.accountId] = line.sentMemory.serverFiles;
    }
    state.lines += 1;
  }
  return state;
}

/** Appends `text` through `handle` (opened for appending) and waits until it is on disk. */
async function appendDurably(handle: FileHandle, text: string): Promise<void> {
  await handle.appendFile(text, 'utf8');
  await handle.datasync();
}

/** The line that records `item`: its message only when the item is new or its message changed. */
function itemLine(item: OutboxItem, known: OutboxItem | undefined): string {
  if (known?.message !== item.message) return JSON.stringify({ item });
  const update: { -readonly [K in keyof OutboxItem]?: OutboxItem[K] } = { ...item };
  delete update.message;
  return JSON.stringify({ update });
}

/** Writes `text` to `path` durably: temp file, fsync, rename, fsync of the folder. */
async function replaceDurably(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  // The rename itself is durable only once the folder's entry is on disk.
  const folder = await open(dirname(path), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/** A failed write as an AppFailure naming the file: DISK_FULL and ACCESS_DENIED where known. */
function writeFailure(path: string, thrown: unknown): AppFailure {
  const code = (thrown as NodeJS.ErrnoException).code;
  const reason = thrown instanceof Error ? thrown.message : String(thrown);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new AppFailure(
      appError('DISK_FULL', `The outbox ${path} could not be saved: the disk is full.`, {
        hint: 'Free some disk space, then run the command again; nothing was sent meanwhile.',
      }),
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new AppFailure(appError('ACCESS_DENIED', `The outbox ${path} cannot be written.`));
  }
  return new AppFailure(
    appError('INTERNAL', `The outbox ${path} could not be saved: ${reason}`, { retryable: false }),
  );
}

/**
 * The least time between the starts of two appends while changes come faster than appends (a
 * change arrives while an append is under way): the lines of a few milliseconds then share one
 * write and one fdatasync (group commit with a commit delay, as PostgreSQL's commit_delay). A
 * merge of 1,000 messages makes about 1,000 appends instead of 2,000, about 0.3 s less CPU
 * (bench:send); a lone send, or puts awaited one after another, never wait.
 */
const MIN_WRITE_SPACING_MS = 5;

/** The journal's time: a monotonic clock in milliseconds and a wait (tests use fake ones). */
export interface JournalClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const SYSTEM_CLOCK: JournalClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Compact when the journal has this many lines per item (and at least MIN_COMPACT lines). */
const LINES_PER_ITEM = 4;
const MIN_COMPACT = 1000;

/** Opens (or starts) the outbox file at `path`. */
export async function openOutboxFile(
  path: string,
  options: { readonly clock?: JournalClock } = {},
): Promise<OutboxFile> {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const loaded = await load(path);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  // Items keyed by Message-ID; a Map keeps the order they were first queued in.
  const items = loaded?.items ?? new Map<string, OutboxItem>();
  const attachments = { ...loaded?.attachments };
  const sentMemory = { ...loaded?.sentMemory };
  let lines = loaded?.lines ?? 0;

  /** The whole state as a fresh journal. */
  const snapshot = (): string =>
    [
      HEADER,
      ...[...items.values()].map((item) => JSON.stringify({ item })),
      JSON.stringify({ attachments }),
      ...Object.entries(sentMemory).map(([accountId, serverFiles]) =>
        JSON.stringify({ sentMemory: { accountId, serverFiles } }),
      ),
      '',
    ].join('\n');
  // Kept open between appends (an open and a close per write cost as much as the write).
  let handle: FileHandle | undefined;
  const closeHandle = async (): Promise<void> => {
    const current = handle;
    handle = undefined;
    await current?.close();
  };
  const rewrite = async (): Promise<void> => {
    const text = snapshot();
    // The rename leaves an open handle on the old file: appends must reopen.
    await closeHandle();
    await replaceDurably(path, text);
    lines = text.split('\n').length - 2;
  };
  // A new journal is written with its first change: opening leaves no file behind.
  let exists = loaded !== undefined;
  try {
    if (lines >= MIN_COMPACT && lines > LINES_PER_ITEM * items.size) await rewrite();
  } catch (thrown) {
    throw writeFailure(path, thrown);
  }

  let writing: Promise<void> | undefined;
  let pending: { promise: Promise<void> } | undefined;
  /** Lines changed in memory and not yet appended. */
  let unwritten: string[] = [];
  /** When the last append started, and whether one is under way. */
  let lastStart = Number.NEGATIVE_INFINITY;
  let appending = false;

  /** Resolves once the journal on disk holds every change made before the call. */
  function commit(line: string): Promise<void> {
    unwritten.push(line);
    // A write under way took its lines already: join (or start) the next one.
    if (pending !== undefined) return pending.promise;
    // Queued behind an append under way: changes come faster than appends, so this one is
    // spaced. A caller that waits for each put before the next never waits for the spacing.
    const behind = appending;
    const previous = writing ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const wait = lastStart + MIN_WRITE_SPACING_MS - clock.now();
        // Lines arriving during the wait join this append: it takes them only afterwards.
        if (behind && wait > 0) await clock.sleep(wait);
        lastStart = clock.now();
        appending = true;
        pending = undefined;
        const batch = unwritten;
        unwritten = [];
        lines += batch.length;
        try {
          if (!exists) await replaceDurably(path, `${HEADER}\n${batch.join('\n')}\n`);
          else if (lines >= MIN_COMPACT && lines > LINES_PER_ITEM * items.size) await rewrite();
          else {
            handle ??= await open(path, 'a', 0o600);
            await appendDurably(handle, `${batch.join('\n')}\n`);
          }
          exists = true;
        } catch (thrown) {
          throw writeFailure(path, thrown);
        } finally {
          appending = false;
        }
      });
    pending = { promise: next };
    writing = next;
    return next;
  }

  return {
    path,
    items: () => [...items.values()],
    item: (messageId) => items.get(messageId),
    attachmentPath: (token) => attachments[token],
    put(item) {
      const line = itemLine(item, items.get(item.messageId));
      items.set(item.messageId, item);
      return commit(line);
    },
    async queue(item, files) {
      // The files first: a journal that has the item always knows its attachments.
      Object.assign(attachments, files);
      items.set(item.messageId, item);
      await commit(`${JSON.stringify({ attachments: files })}\n${JSON.stringify({ item })}`);
    },
    sentMemory: (accountId) => sentMemory[accountId],
    setSentMemory(accountId, serverFiles) {
      if (sentMemory[accountId] === serverFiles) return Promise.resolve();
      sentMemory[accountId] = serverFiles;
      return commit(JSON.stringify({ sentMemory: { accountId, serverFiles } }));
    },
    async close() {
      await writing?.catch(() => undefined);
      await closeHandle();
    },
  };
}

/**
 * The items of the journal at `path`, read without opening it for writing: for a process that
 * watches another one's outbox (tests, the benchmark). None while the file does not exist yet.
 */
export async function readOutboxItems(path: string): Promise<OutboxItem[]> {
  return [...((await load(path))?.items.values() ?? [])];
}
