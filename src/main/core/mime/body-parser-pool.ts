/**
 * MIME parsing off the main thread: a pool of worker threads running mailparser. Parsing is the
 * bottleneck of an initial sync (DESIGN.md §4) and the main thread is busy with IMAP, so bodies
 * are parsed here, on the other cores.
 *
 * Each worker parses one message at a time and holds a few more, sent ahead so it never waits
 * for the busy main thread to hand it the next. A message that crashes or hangs its worker fails
 * alone: those waiting behind it were sent as copies and go back to the queue. The pool
 * replaces a dead worker on the next parse.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { appError, AppFailure, type AppError } from '../../../shared/errors';
import type { MessageBody } from '../../../shared/sync';
import { toMessageBody } from './attachment-info';
import type { ParseReply, ParseRequest, ParseWorkerData } from './message-parser';
import { parseWorkerSource } from './worker-source';

/** Parses message sources into text, HTML and attachment metadata. */
export interface BodyParser {
  /**
   * Parses one full RFC 5322 source. Takes ownership of `source`: when it owns its whole
   * ArrayBuffer and goes to an idle worker it is transferred (not copied) and is empty
   * afterwards. Waits while `maxQueue` parses are already waiting for a worker. Rejects with
   * AppFailure PROTOCOL when the message cannot be read (mailparser failed, or its worker
   * crashed or ran out of time), INTERNAL when the pool is closed or cannot start workers.
   */
  parse(source: Buffer): Promise<MessageBody>;
  /** Parses taken before parse() waits: what the workers hold ahead plus the queue. */
  readonly capacity: number;
  /**
   * Starts a worker now if none is running, so the first parse does not wait the ~90 ms a
   * worker takes to load mailparser. Does nothing once closed or broken.
   */
  warm(): void;
  /** Workers running now (started or starting). */
  readonly workers: number;
  /** Stops every worker; parses not finished yet reject. */
  close(): Promise<void>;
}

/** Pool settings; every one has a default. */
export interface BodyParserPoolOptions {
  /** Worker threads; default one per core but one (the main thread keeps a core), at least 1. */
  readonly size?: number;
  /** Parses waiting for a worker before parse() itself waits; default 16 per worker. */
  readonly maxQueue?: number;
  /** A parse taking longer than this ends its worker and rejects; default 30 s. */
  readonly timeoutMs?: number;
  /** Each worker's young generation (V8 resourceLimits); default 12 MB (two 4 MB semi-spaces). */
  readonly youngGenerationMb?: number;
  /** Longest HTML (characters) handed to an HTML parser; default 1,000,000. */
  readonly maxHtmlLengthToParse?: number;
  /** Derive `text` from the HTML of messages without a text part; default false (costs CPU). */
  readonly textFromHtml?: boolean;
  /** Test-only: a source starting with this text makes its worker crash. */
  readonly crashMarker?: string;
}

interface Job {
  readonly id: number;
  readonly source: Buffer;
  readonly resolve: (body: MessageBody) => void;
  readonly reject: (error: AppFailure) => void;
}

interface Slot {
  readonly worker: Worker;
  /** In the worker, in order: the first is being parsed, the rest wait there. */
  readonly jobs: Job[];
  /** The time limit of the first job. */
  timer?: NodeJS.Timeout;
  ready: boolean;
  gone: boolean;
  lastError?: Error;
}

/** A worker that dies before it is ready this many times in a row means the pool cannot work. */
const MAX_START_FAILURES = 3;
/**
 * Messages in one worker at once: the one being parsed and those sent ahead, so the worker
 * goes on while the main thread is busy elsewhere (a TLS read, a batch to the renderer). With
 * 2 a worker sat idle a third of a full sync; with 8, a quarter less time (bench:sync).
 */
const PER_WORKER = 8;

function unreadable(detail: string): AppFailure {
  return new AppFailure(
    appError('PROTOCOL', `Could not read message: ${detail}`, {
      hint: 'The message may be malformed. It can still be opened on the server or in webmail.',
    }),
  );
}

/** mailparser's entry, resolved here: the eval'd worker has no module location of its own. */
function resolveMailparser(): string {
  try {
    return createRequire(import.meta.url).resolve('mailparser');
  } catch (error) {
    throw new AppFailure(
      appError('INTERNAL', `The mail parser (mailparser) is not installed: ${String(error)}`, {
        hint: 'Reinstall the app.',
      }),
    );
  }
}

/**
 * What is transferred to the worker: the source itself when it owns its whole ArrayBuffer and
 * `keep` is false, else an exact copy (a small Buffer is a slice of Node's shared pool, which
 * must not be detached; and cloning a view would copy its whole ArrayBuffer).
 */
function transferable(source: Buffer, keep: boolean): Uint8Array<ArrayBuffer> {
  const buffer = source.buffer;
  if (
    !keep &&
    buffer instanceof ArrayBuffer &&
    source.byteOffset === 0 &&
    source.byteLength === buffer.byteLength
  ) {
    return new Uint8Array(buffer);
  }
  const copy = new Uint8Array(source.byteLength);
  copy.set(source);
  return copy;
}

/**
 * Starts a pool of parser workers; workers start on demand, up to `size`, and do not keep the
 * process alive while idle. Throws INTERNAL when mailparser cannot be found.
 */
export function createBodyParserPool(options: BodyParserPoolOptions = {}): BodyParser {
  const size = Math.max(1, Math.floor(options.size ?? availableParallelism() - 1));
  const maxQueue = Math.max(1, Math.floor(options.maxQueue ?? size * 16));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const youngGenerationMb = options.youngGenerationMb ?? 12;
  const workerData: ParseWorkerData = {
    mailparserPath: resolveMailparser(),
    options: {
      maxHtmlLengthToParse: options.maxHtmlLengthToParse ?? 1_000_000,
      textFromHtml: options.textFromHtml ?? false,
    },
    ...(options.crashMarker !== undefined ? { crashMarker: options.crashMarker } : {}),
  };
  const source = parseWorkerSource();

  const slots: Slot[] = [];
  const queue: Job[] = [];
  const waiters: (() => void)[] = [];
  let nextId = 1;
  let startFailures = 0;
  let broken: AppError | undefined;
  let closed = false;

  const closedError = (): AppFailure =>
    new AppFailure(appError('INTERNAL', 'The message parser was shut down before it finished.'));

  function wakeWaiter(): void {
    if (queue.length < maxQueue) waiters.shift()?.();
  }

  /** Arms the time limit of the slot's first job, or lets the worker idle. */
  function arm(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    if (slot.gone) return;
    if (slot.jobs.length === 0) {
      slot.worker.unref();
      return;
    }
    slot.timer = setTimeout(() => onTimeout(slot), timeoutMs);
  }

  /**
   * Takes a slot out of the pool: its first job (the one being parsed) fails with `failure`;
   * the jobs sent ahead of time go back to the front of the queue, in order.
   */
  function retire(slot: Slot, failure: AppFailure): void {
    slot.gone = true;
    clearTimeout(slot.timer);
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    const [first, ...waiting] = slot.jobs.splice(0);
    first?.reject(failure);
    // Every job behind the first was sent as a copy (see dispatch): its source is intact.
    queue.unshift(...waiting);
  }

  function onReply(slot: Slot, reply: ParseReply): void {
    if (reply.kind === 'ready') {
      slot.ready = true;
      startFailures = 0;
      return;
    }
    if (slot.jobs[0]?.id !== reply.id) return;
    const job = slot.jobs.shift();
    arm(slot);
    if (reply.kind === 'parsed') job?.resolve(toMessageBody(reply.body));
    else job?.reject(unreadable(reply.message));
    pump();
  }

  function onExit(slot: Slot, exitCode: number): void {
    if (slot.gone) return;
    const cause = slot.lastError?.message ?? `exit code ${exitCode}`;
    retire(slot, unreadable(`the parser stopped (${cause})`));
    if (!slot.ready && ++startFailures >= MAX_START_FAILURES) {
      broken = appError('INTERNAL', `The message parser could not start: ${cause}`, {
        hint: 'Reinstall the app; if that does not help, report this error.',
      });
      for (const job of queue.splice(0)) job.reject(new AppFailure(broken));
      while (waiters.length > 0) waiters.shift()?.();
      return;
    }
    pump();
  }

  function onTimeout(slot: Slot): void {
    retire(slot, unreadable(`parsing took longer than ${timeoutMs / 1000} s`));
    // The worker may be stuck in a loop; only terminate() stops it.
    void slot.worker.terminate();
    pump();
  }

  function spawn(): Slot {
    // Only the young generation is capped: V8's default (32 MB of semi-spaces) let a worker's
    // RSS grow by 20-30 MB more in a full sync, for no measurable speed (bench:sync). Capping
    // the old generation instead made V8 size the young one far smaller, and parsing ran at a
    // third to a half of the speed.
    const worker = new Worker(source, {
      eval: true,
      workerData,
      resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb },
    });
    const slot: Slot = { worker, jobs: [], ready: false, gone: false };
    worker.on('message', (reply: ParseReply) => onReply(slot, reply));
    worker.on('error', (error) => {
      slot.lastError = error;
    });
    worker.on('exit', (code) => onExit(slot, code));
    worker.unref();
    slots.push(slot);
    return slot;
  }

  function dispatch(slot: Slot, job: Job): void {
    // Sent ahead to a busy worker: keep the source, in case that worker dies before reaching it.
    const view = transferable(job.source, slot.jobs.length > 0);
    const request: ParseRequest = { id: job.id, source: view };
    try {
      slot.worker.postMessage(request, [view.buffer]);
    } catch (error) {
      // Nothing reached the worker (e.g. a buffer detached by an earlier parse): only this fails.
      job.reject(unreadable(`the message could not be handed to the parser (${String(error)})`));
      return;
    }
    slot.jobs.push(job);
    if (slot.jobs.length === 1) {
      slot.worker.ref();
      arm(slot);
    }
  }

  /** An idle worker, else a new one while under `size`, else one with room behind its job. */
  function freeSlot(): Slot | undefined {
    const idle = slots.find((slot) => slot.jobs.length === 0);
    if (idle !== undefined) return idle;
    if (slots.length < size) return spawn();
    return slots.find((slot) => slot.jobs.length < PER_WORKER);
  }

  function pump(): void {
    while (queue.length > 0 && !closed && broken === undefined) {
      const slot = freeSlot();
      if (slot === undefined) return;
      const job = queue.shift();
      if (job === undefined) return;
      dispatch(slot, job);
      wakeWaiter();
    }
  }

  async function parse(input: Buffer): Promise<MessageBody> {
    while (queue.length >= maxQueue && !closed && broken === undefined) {
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
    if (closed) throw closedError();
    if (broken !== undefined) throw new AppFailure(broken);
    // Also what a buffer already handed to an earlier parse looks like (transferred: empty).
    if (input.byteLength === 0) throw unreadable('the message is empty');
    return new Promise<MessageBody>((resolve, reject) => {
      queue.push({ id: nextId++, source: input, resolve, reject });
      pump();
    });
  }

  function warm(): void {
    if (slots.length === 0 && !closed && broken === undefined) spawn();
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    for (const job of queue.splice(0)) job.reject(closedError());
    while (waiters.length > 0) waiters.shift()?.();
    const stopping = slots.splice(0).map((slot) => {
      slot.gone = true;
      clearTimeout(slot.timer);
      for (const job of slot.jobs.splice(0)) job.reject(closedError());
      return slot.worker.terminate();
    });
    await Promise.all(stopping);
  }

  return {
    parse,
    close,
    warm,
    capacity: size * PER_WORKER + maxQueue,
    get workers() {
      return slots.length;
    },
  };
}
