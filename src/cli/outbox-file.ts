/**
 * The CLI's outbox: one JSON file holding the outbox items, the files behind their attachment
 * tokens and what each account's server does with sent mail. Every write goes to a temp file,
 * is fsynced, then renamed over the old file (and the folder fsynced), so a kill at any moment
 * leaves the previous or the new file, never half of one. Writes arriving while one is under
 * way are committed together in the next one (a put resolves once its state is on disk).
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
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

const fileSchema = z.object({
  version: z.literal(1),
  items: z.array(itemSchema),
  /** Attachment token → the file given with --attach. */
  attachments: z.record(z.string(), z.string()),
  /** Account id → whether its server files sent mail in Sent by itself. */
  sentMemory: z.record(z.string(), z.boolean()),
});

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
}

/** The default outbox: $XDG_STATE_HOME/mailcrm/cli-outbox.json, else ~/.local/state/.... */
export function defaultOutboxPath(env: NodeJS.ProcessEnv, home: string): string {
  const base = env.XDG_STATE_HOME ?? `${home}/.local/state`;
  return `${base}/mailcrm/cli-outbox.json`;
}

async function load(path: string): Promise<z.infer<typeof fileSchema>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { version: 1, items: [], attachments: {}, sentMemory: {} };
    }
    return fail(
      'INVALID_INPUT',
      `--outbox ${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('INVALID_INPUT', `--outbox ${path} is not JSON.`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) fail('INVALID_INPUT', `--outbox ${path} is not a mailcrm outbox file.`);
  return parsed.data;
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

/** Opens (or starts) the outbox file at `path`. */
export async function openOutboxFile(path: string): Promise<OutboxFile> {
  const data = await load(path);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  // Items keyed by Message-ID; a Map keeps the order they were first queued in.
  const items = new Map<string, OutboxItem>(
    data.items.map((item) => [item.messageId, item as unknown as OutboxItem]),
  );
  const attachments = { ...data.attachments };
  const sentMemory = { ...data.sentMemory };

  let writing: Promise<void> | undefined;
  let pending: { promise: Promise<void> } | undefined;

  // Each item's JSON is kept until the item changes: a put rewrites the file, but only the
  // changed item is serialised again (a mail merge holds a thousand items).
  const itemJson = new Map<string, string>();
  const jsonOf = (item: OutboxItem): string => {
    let json = itemJson.get(item.messageId);
    if (json === undefined) {
      json = JSON.stringify(item);
      itemJson.set(item.messageId, json);
    }
    return json;
  };
  const snapshot = (): string =>
    `{"version":1,"items":[${[...items.values()].map(jsonOf).join(',')}],` +
    `"attachments":${JSON.stringify(attachments)},"sentMemory":${JSON.stringify(sentMemory)}}\n`;
  const store = (item: OutboxItem): void => {
    items.set(item.messageId, item);
    itemJson.delete(item.messageId);
  };

  /** Resolves once the file on disk holds everything changed in memory before the call. */
  function commit(): Promise<void> {
    // A write under way may have serialised before this change: join (or start) the next one.
    if (pending !== undefined) return pending.promise;
    const previous = writing ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => {
        pending = undefined;
        return replaceDurably(path, snapshot()).catch((thrown: unknown) => {
          throw writeFailure(path, thrown);
        });
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
      store(item);
      return commit();
    },
    queue(item, files) {
      Object.assign(attachments, files);
      store(item);
      return commit();
    },
    sentMemory: (accountId) => sentMemory[accountId],
    setSentMemory(accountId, serverFiles) {
      if (sentMemory[accountId] === serverFiles) return Promise.resolve();
      sentMemory[accountId] = serverFiles;
      return commit();
    },
  };
}
