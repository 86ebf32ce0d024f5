/**
 * Drafts of the compose pane. Every change is saved to the local cache first (debounced while
 * typing, at once on close), so nothing typed is lost offline or on a crash; the server's Drafts
 * folder follows about every ten seconds of change and on close, through 'drafts.save' with the
 * previous copy as `replaces` (main appends the new copy, then deletes the old one). A failed
 * server save leaves the local draft in place and says so in the status.
 */
import type { AppContract } from '../../shared/contract';
import { outgoingMessageSchema } from '../../shared/compose';
import { AppFailure, appError, toAppError, type AppError } from '../../shared/errors';
import type { Client } from '../../shared/ipc/define';
import type { DraftRow } from './compose-records';
import type { MailDb } from './mail-db';
import { storageError } from './storage-errors';

/** Shown when the server copy could not be saved (the local one is). */
export const SERVER_NOT_SAVED = 'Saved on this computer; not yet in Drafts on the server';

/** The calls the store makes. */
export type DraftApi = Pick<Client<AppContract>, 'call'>;

/** Timers, injected so tests can drive time. */
export interface DraftTimers {
  readonly setTimeout: (run: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

/** Where the draft stands, for the line under the compose pane. */
export interface DraftSaveStatus {
  /** 'idle': nothing changed yet, so nothing was saved. */
  readonly local: 'idle' | 'pending' | 'saved' | 'failed';
  readonly server: 'idle' | 'pending' | 'saving' | 'saved' | 'failed';
  readonly localError?: AppError;
  readonly serverError?: AppError;
}

export interface DraftStoreOptions {
  readonly db: MailDb;
  readonly api: DraftApi;
  /** Local save after this much quiet typing. */
  readonly localDelayMs?: number;
  /** Server save this long after the first change since the last one. */
  readonly serverDelayMs?: number;
  readonly now?: () => Date;
  readonly timers?: DraftTimers;
}

/** What a change carries: the row less what the store keeps itself. */
export type DraftContent = Omit<DraftRow, 'updatedAt' | 'serverRef' | 'serverSavedAt'>;

const DEFAULT_TIMERS: DraftTimers = {
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** One open draft: the compose pane feeds it every change and closes it when done. */
export class DraftSession {
  private content: DraftContent;
  private row?: DraftRow;
  private changedSinceLocal = false;
  private changedSinceServer = false;
  private localTimer: unknown;
  private serverTimer: unknown;
  private serverRun?: Promise<void>;
  private finished = false;
  private current: DraftSaveStatus = { local: 'idle', server: 'idle' };
  private readonly listeners = new Set<(status: DraftSaveStatus) => void>();
  private readonly db: MailDb;
  private readonly api: DraftApi;
  private readonly localDelayMs: number;
  private readonly serverDelayMs: number;
  private readonly now: () => Date;
  private readonly timers: DraftTimers;

  constructor(content: DraftContent, options: DraftStoreOptions, existing?: DraftRow) {
    this.content = content;
    this.row = existing;
    this.db = options.db;
    this.api = options.api;
    this.localDelayMs = options.localDelayMs ?? 500;
    this.serverDelayMs = options.serverDelayMs ?? 10_000;
    this.now = options.now ?? (() => new Date());
    this.timers = options.timers ?? DEFAULT_TIMERS;
    if (existing !== undefined) {
      this.current = {
        local: 'saved',
        server: existing.serverSavedAt !== undefined ? 'saved' : 'idle',
      };
    }
  }

  get id(): string {
    return this.content.id;
  }

  status(): DraftSaveStatus {
    return this.current;
  }

  /** Calls `listener` on every status change; returns the unsubscribe. */
  subscribe(listener: (status: DraftSaveStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records a change: a local save soon, a server save within serverDelayMs. */
  change(content: DraftContent): void {
    if (this.finished) return;
    this.content = content;
    this.changedSinceLocal = true;
    this.changedSinceServer = true;
    this.setStatus({
      local: 'pending',
      server: this.current.server === 'saving' ? 'saving' : 'pending',
    });
    this.timers.clearTimeout(this.localTimer);
    this.localTimer = this.timers.setTimeout(() => void this.saveLocal(), this.localDelayMs);
    // Throttled, not debounced: continuous typing must still reach the server every so often.
    if (this.serverTimer === undefined) {
      this.serverTimer = this.timers.setTimeout(() => {
        this.serverTimer = undefined;
        void this.saveServer();
      }, this.serverDelayMs);
    }
  }

  /** Saves the latest content locally now; failures go into the status, and rethrow. */
  async saveLocal(): Promise<void> {
    this.timers.clearTimeout(this.localTimer);
    this.localTimer = undefined;
    if (!this.changedSinceLocal) return;
    this.changedSinceLocal = false;
    const row: DraftRow = {
      ...this.content,
      updatedAt: this.now().toISOString(),
      serverRef: this.row?.serverRef,
      serverSavedAt: this.row?.serverSavedAt,
    };
    try {
      await this.db.drafts.put(row);
      this.row = row;
      this.setStatus({ local: 'saved', localError: undefined });
    } catch (thrown) {
      this.changedSinceLocal = true;
      const error = storageError(thrown, 'the draft');
      this.setStatus({ local: 'failed', localError: error });
      throw thrown;
    }
  }

  /** Saves to the server's Drafts now (after the local save); one save at a time. */
  saveServer(): Promise<void> {
    // Chained so two saves never race: each one replaces the copy the previous one made.
    const run = (this.serverRun ?? Promise.resolve()).then(() => this.saveServerOnce());
    this.serverRun = run;
    return run;
  }

  private async saveServerOnce(): Promise<void> {
    this.timers.clearTimeout(this.serverTimer);
    this.serverTimer = undefined;
    if (!this.changedSinceServer) return;
    await this.saveLocal().catch(() => undefined);
    if (this.row === undefined) return;
    this.changedSinceServer = false;
    this.setStatus({ server: 'saving' });
    const parsed = outgoingMessageSchema.safeParse(this.content.message);
    try {
      if (!parsed.success) {
        throw new AppFailure(
          appError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'The draft is not valid.'),
        );
      }
      const replaces = this.row.serverRef;
      const serverRef = await this.api.call('drafts.save', { message: parsed.data, replaces });
      const serverSavedAt = this.now().toISOString();
      this.row = { ...this.row, serverRef, serverSavedAt };
      await this.db.drafts.update(this.content.id, { serverRef, serverSavedAt });
      this.setStatus({
        server: this.changedSinceServer ? 'pending' : 'saved',
        serverError: undefined,
      });
    } catch (thrown) {
      // The local copy stays; the next change (or close) tries the server again.
      this.changedSinceServer = true;
      this.setStatus({ server: 'failed', serverError: toAppError(thrown) });
    }
  }

  /**
   * Saves both copies now and stops. Resolves with the server error when only the local copy
   * could be saved (the pane shows SERVER_NOT_SAVED), undefined when both were saved.
   */
  async close(): Promise<AppError | undefined> {
    this.stopTimers();
    await this.saveLocal();
    await this.saveServer();
    // Not finished: a pane that stays open (or React's double effects in development) may go
    // on changing the draft.
    return this.current.server === 'failed' ? this.current.serverError : undefined;
  }

  /**
   * Removes the draft once its message is queued: the local row, and the server copy through
   * 'drafts.remove'. Resolves with the error when the server copy could not be removed.
   */
  async sent(): Promise<AppError | undefined> {
    this.finished = true;
    this.stopTimers();
    await this.serverRun?.catch(() => undefined);
    await this.db.drafts.delete(this.content.id);
    const serverRef = this.row?.serverRef;
    if (serverRef === undefined) return undefined;
    try {
      await this.api.call('drafts.remove', serverRef);
      return undefined;
    } catch (thrown) {
      return toAppError(thrown);
    }
  }

  /** The user discarded the draft: same removal as after sending. */
  discard(): Promise<AppError | undefined> {
    return this.sent();
  }

  private stopTimers(): void {
    this.timers.clearTimeout(this.localTimer);
    this.timers.clearTimeout(this.serverTimer);
    this.localTimer = undefined;
    this.serverTimer = undefined;
  }

  private setStatus(patch: Partial<DraftSaveStatus>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of this.listeners) listener(this.current);
  }
}

/** A local draft by its Message-ID. */
export function readDraft(db: MailDb, id: string): Promise<DraftRow | undefined> {
  return db.drafts.get(id);
}

/** Local drafts, most recently changed first. */
export function listDrafts(db: MailDb): Promise<DraftRow[]> {
  return db.drafts.orderBy('updatedAt').reverse().toArray();
}

/**
 * Deletes a saved draft that is not open, here and in the server's Drafts. The local row goes
 * first; a server copy that could not be removed is reported (it stays in Drafts on the server).
 */
export async function discardDraft(
  db: MailDb,
  api: DraftApi,
  id: string,
): Promise<AppError | undefined> {
  const row = await db.drafts.get(id);
  await db.drafts.delete(id);
  if (row?.serverRef === undefined) return undefined;
  try {
    await api.call('drafts.remove', row.serverRef);
    return undefined;
  } catch (thrown) {
    return toAppError(thrown);
  }
}
