/**
 * Sync domain: what main streams to the renderer for one folder, and the checkpoint that lives
 * with the cached data. Everything here is plain data that crosses the contract.
 */
import { z } from 'zod';
import type { AppError } from './errors';

/** How far back full bodies are downloaded; headers are always synced for every message. */
export const historyWindowSchema = z.enum(['7d', '30d', '90d', '6m', 'all']);
export type HistoryWindow = z.infer<typeof historyWindowSchema>;

/** An import condition: store only mail whose field matches (glob, case-insensitive). */
export const importConditionSchema = z.object({
  field: z.enum(['from', 'to', 'subject', 'list-id']),
  pattern: z.string().min(1).max(500),
});
export type ImportCondition = z.infer<typeof importConditionSchema>;

/** Per-account sync settings; every field has a default so older accounts stay valid. */
export const syncSettingsSchema = z.object({
  /** Folder paths to sync; default Inbox and the mapped Sent folder. */
  folders: z.array(z.string().min(1).max(1000)).max(500).optional(),
  historyWindow: historyWindowSchema.default('30d'),
  /** At most this many newest bodies on the first sync (0 = no limit). */
  initialBodyCount: z.number().int().min(0).max(1_000_000).default(0),
  /** Download bodies of unseen messages only. */
  unseenOnly: z.boolean().default(false),
  pollIntervalMinutes: z.number().int().min(1).max(1440).default(5),
  /** Sender patterns never stored, e.g. noreply@*, *@marketing.* */
  excludePatterns: z.array(z.string().min(1).max(320)).max(200).default([]),
  /** When present, a message is stored only if it matches at least one condition. */
  importConditions: z.array(importConditionSchema).max(50).default([]),
});
export type SyncSettings = z.infer<typeof syncSettingsSchema>;

/**
 * Where a folder's sync stands. Saved with every batch, in the same transaction as the data, so
 * a cleared cache resyncs from scratch and an interrupted sync resumes where it stopped.
 */
export const folderCheckpointSchema = z.object({
  uidValidity: z.number().int().nonnegative(),
  /** UIDNEXT when the folder was last selected. */
  uidNext: z.number().int().nonnegative(),
  /** HIGHESTMODSEQ (RFC 7162) as a decimal string: it can exceed 2^53. Absent without CONDSTORE. */
  highestModseq: z.string().regex(/^\d+$/).optional(),
  /**
   * The bottom of the synced UID range: every message the server had from here up to
   * highestUidSynced has been handled (stored or excluded). The newest-first fill moves it down;
   * it is highestUidSynced + 1 while nothing is synced yet, and 1 once the fill is complete.
   */
  lowestUidSynced: z.number().int().nonnegative(),
  /** The top of the synced UID range (new mail moves it up, to at most uidNext - 1). */
  highestUidSynced: z.number().int().nonnegative(),
  /** True once the initial newest-first pass reached the oldest message. */
  initialComplete: z.boolean(),
  /**
   * How many messages the server had in [lowestUidSynced, highestUidSynced] when they were
   * synced. UIDs in that range can only disappear, so on a server without QRESYNC an unchanged
   * count proves nothing was expunged and spares a full UID list. Absent when not known exactly.
   */
  uidCount: z.number().int().nonnegative().optional(),
});
export type FolderCheckpoint = z.infer<typeof folderCheckpointSchema>;

/** A mailbox address as parsed from a header. */
export interface MailAddress {
  readonly name: string;
  readonly address: string;
}

/** Metadata of one attachment; contents are fetched on demand and streamed to a file. */
export interface AttachmentInfo {
  /** IMAP body part number (e.g. "2.1"), used to fetch the content later. */
  readonly partId: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly contentId?: string;
  readonly inline: boolean;
}

/** A parsed body: text, HTML (unsanitized: the renderer sanitizes before showing) and parts. */
export interface MessageBody {
  readonly text?: string;
  readonly html?: string;
  readonly attachments: readonly AttachmentInfo[];
  /** Set when the MIME structure was broken; what could be read is still here. */
  readonly parseWarning?: string;
}

/** Whether a parsed body has an attachment: anything but an image shown inside the HTML. */
export function bodyHasAttachments(body: MessageBody): boolean {
  return body.attachments.some((part) => !part.inline || !part.contentType.startsWith('image/'));
}

/** One message in one folder, normalized from the server's headers (and body where in window). */
export interface MessageRecord {
  readonly accountId: string;
  readonly folder: string;
  readonly uidValidity: number;
  readonly uid: number;
  /**
   * Identity across folders: Gmail's X-GM-MSGID, else the Message-ID, else a hash of date,
   * sender and subject. The same message in two folders has the same key.
   */
  readonly messageKey: string;
  readonly messageId?: string;
  readonly gmailMessageId?: string;
  readonly gmailThreadId?: string;
  readonly gmailLabels?: readonly string[];
  readonly subject: string;
  readonly from: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly replyTo: readonly MailAddress[];
  /** The Date header (ISO 8601), or the internal date when the header is missing or broken. */
  readonly date: string;
  readonly internalDate: string;
  readonly flags: readonly string[];
  readonly size: number;
  readonly inReplyTo?: string;
  readonly references: readonly string[];
  /** List-Id, List-Unsubscribe, Auto-Submitted, Precedence: what marks bulk mail. */
  readonly listId?: string;
  readonly listUnsubscribe?: string;
  readonly autoSubmitted?: string;
  readonly precedence?: string;
  /**
   * Before the body is downloaded, a guess from the Content-Type (multipart/mixed); from the
   * parsed body once it is.
   */
  readonly hasAttachments: boolean;
  /** Present when the body was downloaded (inside the history window). */
  readonly body?: MessageBody;
}

/** One step of a folder sync; the renderer applies it and its checkpoint in one transaction. */
export type SyncBatch =
  /** UIDVALIDITY changed: drop everything cached for this folder before what follows. */
  | { readonly kind: 'reset'; readonly folder: string; readonly checkpoint: FolderCheckpoint }
  | {
      readonly kind: 'messages';
      readonly folder: string;
      readonly records: readonly MessageRecord[];
      readonly checkpoint: FolderCheckpoint;
    }
  /** Messages expunged on the server (QRESYNC VANISHED, RFC 7162 section 3.2.10). */
  | {
      readonly kind: 'vanished';
      readonly folder: string;
      readonly uids: readonly number[];
      readonly checkpoint: FolderCheckpoint;
    }
  /**
   * The UID diff of a server without QRESYNC: these are ALL the UIDs the server still has in
   * [fromUid, toUid]; every cached message of this folder in that range that is not listed was
   * expunged and is dropped. (Listing the gaps instead could mean millions of numbers on a
   * server with sparse UIDs, such as Gmail.)
   */
  | {
      readonly kind: 'present';
      readonly folder: string;
      readonly fromUid: number;
      readonly toUid: number;
      readonly uids: readonly number[];
      readonly checkpoint: FolderCheckpoint;
    }
  | {
      readonly kind: 'flags';
      readonly folder: string;
      readonly changes: readonly { readonly uid: number; readonly flags: readonly string[] }[];
      readonly checkpoint: FolderCheckpoint;
    };

/** A message the sync could not read; the sync went on without it. */
export interface SyncMessageError extends AppError {
  /** The message's UID, when the failure concerns one message. */
  readonly uid?: number;
}

/** The end of one folder sync. */
export interface FolderSyncSummary {
  readonly folder: string;
  readonly fetched: number;
  readonly stored: number;
  /** Messages not stored by exclude patterns or import conditions, by the rule that matched. */
  readonly excluded: number;
  readonly excludedBy: Readonly<Record<string, number>>;
  readonly vanished: number;
  readonly flagsChanged: number;
  readonly bodiesFetched: number;
  /** Messages that could not be read (the sync went on without them). */
  readonly errors: readonly SyncMessageError[];
  readonly checkpoint: FolderCheckpoint;
  /** 'reset' when UIDVALIDITY changed and the folder was rebuilt. */
  readonly mode: 'initial' | 'qresync' | 'condstore' | 'uid-diff' | 'reset';
}

/** Progress of a running sync, shown as a progress bar. */
export interface SyncProgress {
  readonly accountId: string;
  readonly folder: string;
  readonly phase: 'headers' | 'bodies' | 'changes';
  readonly done: number;
  readonly total: number;
  readonly ratePerSecond: number;
}

/** What kind of folder a server folder is; only mail folders can be synced. */
export type FolderKind = 'mail' | 'calendar' | 'contacts' | 'tasks' | 'notes' | 'noselect';

/** A server folder with what the sync can do with it. */
export interface SyncFolder {
  readonly path: string;
  readonly name: string;
  readonly specialUse?: string;
  readonly kind: FolderKind;
  readonly selected: boolean;
  /** Why it cannot be selected, when kind is not 'mail'. */
  readonly refusal?: string;
  readonly messages?: number;
  readonly unseen?: number;
}

/** Identifies one message in one folder on the server. */
export const messageRefSchema = z.object({
  accountId: z.string().min(1).max(100),
  folder: z.string().min(1).max(1000),
  uidValidity: z.number().int().nonnegative(),
  uid: z.number().int().positive(),
});
export type MessageRef = z.infer<typeof messageRefSchema>;

/** A user action carried out on the server (queued in the renderer's outbox first). */
export const messageActionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('flags'),
    add: z.array(z.string().max(100)).max(20).default([]),
    remove: z.array(z.string().max(100)).max(20).default([]),
  }),
  z.object({ kind: z.literal('move'), toFolder: z.string().min(1).max(1000) }),
  /** Move to Trash, or expunge when already in Trash (or the account has none). */
  z.object({ kind: z.literal('delete') }),
]);
export type MessageAction = z.infer<typeof messageActionSchema>;

/** What became of an action: done, or the message was already gone (a conflict, not an error). */
export interface ActionOutcome {
  readonly status: 'done' | 'gone';
  /** For a move: the UID in the target folder where the server reported it (UIDPLUS). */
  readonly newUid?: number;
}

/** Server-side facts for the drift check. */
export interface FolderDrift {
  readonly folder: string;
  readonly serverCount: number;
  readonly uidValidity: number;
  /** Of the sampled Message-IDs, those the server no longer has in this folder. */
  readonly missingOnServer: readonly string[];
}
