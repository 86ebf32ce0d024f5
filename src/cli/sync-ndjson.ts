/**
 * The NDJSON that `mailcrm sync` writes: one line per message (the record the renderer gets,
 * flattened for scripts) and one line per reset, vanished, present or flags event (with a
 * "kind").
 * Each batch is handed to the OS before the caller saves the checkpoint, so a checkpoint is never
 * ahead of the lines it covers.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { MailAddress, MessageRecord, SyncBatch } from '../shared/sync';

/** A message as one NDJSON line; absent values are null so every line has the same keys. */
export interface MessageLine {
  readonly folder: string;
  readonly uid: number;
  readonly uidValidity: number;
  readonly messageKey: string;
  readonly messageId: string | null;
  readonly subject: string;
  readonly from: MailAddress | null;
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly date: string;
  readonly internalDate: string;
  readonly flags: readonly string[];
  readonly size: number;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly hasAttachments: boolean;
  /** False when the body lies outside the history window (headers only). */
  readonly bodyFetched: boolean;
  readonly text: string | null;
  readonly html: string | null;
  readonly attachments: readonly {
    readonly filename: string;
    readonly contentType: string;
    readonly size: number;
  }[];
  readonly parseWarning?: string;
}

/** Flattens a record: the first From address as an object, the body's parts at the top. */
export function messageLine(record: MessageRecord): MessageLine {
  const from = record.from[0];
  const body = record.body;
  return {
    folder: record.folder,
    uid: record.uid,
    uidValidity: record.uidValidity,
    messageKey: record.messageKey,
    messageId: record.messageId ?? null,
    subject: record.subject,
    from: from === undefined ? null : { name: from.name, address: from.address },
    to: record.to,
    cc: record.cc,
    date: record.date,
    internalDate: record.internalDate,
    flags: record.flags,
    size: record.size,
    inReplyTo: record.inReplyTo ?? null,
    references: record.references,
    hasAttachments: record.hasAttachments,
    bodyFetched: body !== undefined,
    text: body?.text ?? null,
    html: body?.html ?? null,
    attachments: (body?.attachments ?? []).map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      size: attachment.size,
    })),
    ...(body?.parseWarning === undefined ? {} : { parseWarning: body.parseWarning }),
  };
}

/** One message's line, with its newline. */
function recordLine(record: MessageRecord): string {
  return `${JSON.stringify(messageLine(record))}\n`;
}

/**
 * Text handed to the kernel at once: a batch of 500 messages with bodies is tens of MB as one
 * string, and holding it (and its UTF-8 copy) would raise the sync's peak memory for nothing.
 */
const WRITE_CHUNK_CHARS = 1 << 20;

/** The lines for one batch, each ending in a newline. */
export function batchLines(batch: SyncBatch, uidValidity: number): string {
  switch (batch.kind) {
    case 'messages':
      return batch.records.map(recordLine).join('');
    case 'reset':
      return `${JSON.stringify({ kind: 'reset', folder: batch.folder, uidValidity })}\n`;
    case 'vanished':
      return `${JSON.stringify({ kind: 'vanished', folder: batch.folder, uidValidity, uids: batch.uids })}\n`;
    // A UID diff: every UID the server still has in the range; the others were expunged.
    case 'present':
      return `${JSON.stringify({ kind: 'present', folder: batch.folder, uidValidity, fromUid: batch.fromUid, toUid: batch.toUid, uids: batch.uids })}\n`;
    case 'flags':
      return `${JSON.stringify({ kind: 'flags', folder: batch.folder, uidValidity, changes: batch.changes })}\n`;
    default: {
      const unreachable: never = batch;
      throw new Error(`Unknown batch ${JSON.stringify(unreachable)}`);
    }
  }
}

/** How many lines of each kind were written. */
export interface LineCounts {
  messages: number;
  events: number;
}

/** An open NDJSON output. */
export interface NdjsonOutput {
  /** Writes the batch's lines; resolves once the OS has them. */
  write(batch: SyncBatch): Promise<void>;
  readonly counts: Readonly<LineCounts>;
  close(): Promise<void>;
}

/**
 * Opens `path` for NDJSON: appended to when `append` (with a state file the output and the
 * checkpoints together are the cache, so a re-run adds only what changed), truncated otherwise.
 */
export async function openNdjson(path: string, append: boolean): Promise<NdjsonOutput> {
  const handle: FileHandle = await open(path, append ? 'a' : 'w');
  const counts: LineCounts = { messages: 0, events: 0 };
  return {
    counts,
    async write(batch) {
      // writeFile on a handle writes all of it from the current position, looping over
      // partial writes; resolving means the bytes are in the kernel, not necessarily on disk.
      if (batch.kind !== 'messages') {
        await handle.writeFile(batchLines(batch, batch.checkpoint.uidValidity), 'utf8');
        counts.events += 1;
        return;
      }
      let pending = '';
      for (const record of batch.records) {
        pending += recordLine(record);
        if (pending.length >= WRITE_CHUNK_CHARS) {
          await handle.writeFile(pending, 'utf8');
          pending = '';
        }
      }
      if (pending.length > 0) await handle.writeFile(pending, 'utf8');
      counts.messages += batch.records.length;
    },
    close: () => handle.close(),
  };
}
