/**
 * The one IPC contract: every call, event and stream between main and the renderer, declared
 * once. The Electron binding, the preload bridge, the browser bridge, the in-memory transport
 * and the renderer client are all typed from this object; no channel name is written elsewhere.
 */
import { z } from 'zod';
import type { AppError } from './errors';
import {
  accountDraftSchema,
  credentialsSchema,
  type AccountView,
  type ConnectionTestResult,
  type DetectionResult,
} from './account';
import {
  attachmentTokenSchema,
  messageIdSchema,
  outgoingMessageSchema,
  type DraftRef,
  type LocateResult,
  type SendReceipt,
  type SentCopy,
  type StagedAttachment,
} from './compose';
import { call, event, stream, type ContractShape } from './ipc/define';
import {
  folderCheckpointSchema,
  messageActionSchema,
  messageRefSchema,
  type ActionOutcome,
  type FolderDrift,
  type FolderSyncSummary,
  type MessageBody,
  type SyncBatch,
  type SyncFolder,
  type SyncProgress,
} from './sync';

const accountId = z.object({ id: z.string().min(1).max(100) });
const syncTarget = z.object({ accountId: z.string().min(1).max(100) });
const folderPath = z.string().min(1).max(1000);
const searchWords = z.array(z.string().min(1).max(200)).max(20).default([]);
const searchDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** What 'messages.search' asks the server (IMAP SEARCH, RFC 3501 section 6.4.4); all must match. */
export const serverSearchCriteriaSchema = z.object({
  /** Each word anywhere in headers or body (TEXT). */
  words: searchWords,
  from: searchWords,
  to: searchWords,
  subject: searchWords,
  unread: z.boolean().optional(),
  flagged: z.boolean().optional(),
  /** SINCE: on or after this day. */
  since: searchDay.optional(),
  /** BEFORE: strictly before this day. */
  before: searchDay.optional(),
});
export type ServerSearchCriteria = z.infer<typeof serverSearchCriteriaSchema>;

/** The UIDs a server search found in one folder, newest first, at most a few thousand. */
export interface ServerSearchResult {
  readonly folder: string;
  readonly uidValidity: number;
  readonly uids: readonly number[];
  /** True when the server found more than the UIDs returned. */
  readonly truncated: boolean;
}

/** The state of an account's connection as the sync sees it. */
export interface SyncConnectionState {
  readonly accountId: string;
  readonly state: 'connected' | 'reconnecting' | 'offline' | 'throttled' | 'auth-failed';
  readonly error?: AppError;
  /** When the next attempt is due (ISO 8601), while reconnecting or throttled. */
  readonly retryAt?: string;
}

/** Facts about the running app the UI needs at start. */
export interface AppInfo {
  readonly version: string;
  /** 'electron' in the desktop app, 'web' through the browser bridge. */
  readonly runtime: 'electron' | 'web';
  /** Whether the OS keychain can be reached; without it passwords cannot be saved. */
  readonly secretStore: { readonly available: boolean; readonly message?: string };
}

export const contract = {
  calls: {
    'app.info': call<AppInfo>()(z.object({})),
    /** Opens an http(s) URL in the system browser after main has parsed and checked it. */
    'app.openExternal': call<void>()(z.object({ url: z.string().max(4096) })),

    'accounts.list': call<readonly AccountView[]>()(z.object({})),
    /** Suggests server settings for an address: preset, then MX, then SRV, then a probed guess. */
    'accounts.detect': call<DetectionResult>()(
      z.object({ address: z.string().trim().max(320).email('Enter a valid email address') }),
    ),
    /**
     * Checks IMAP and SMTP separately without sending mail. With `accountId` and no password,
     * the stored secret is used.
     */
    'accounts.testConnection': call<ConnectionTestResult>()(
      z.object({
        draft: accountDraftSchema,
        credentials: credentialsSchema,
        accountId: z.string().max(100).optional(),
      }),
    ),
    /** Saves a new account; without a password it is "awaiting password". */
    'accounts.create': call<AccountView>()(
      z.object({ draft: accountDraftSchema, credentials: credentialsSchema }),
    ),
    /** Replaces an account's settings; passwords given replace the stored ones. */
    'accounts.update': call<AccountView>()(
      accountId.extend({ draft: accountDraftSchema, credentials: credentialsSchema }),
    ),
    'accounts.setEnabled': call<AccountView>()(accountId.extend({ enabled: z.boolean() })),
    /** Creates a copy with the same settings and no password ("awaiting password"). */
    'accounts.duplicate': call<AccountView>()(accountId),
    /** Deletes the account and its secrets; an OAuth grant is revoked at the provider. */
    'accounts.remove': call<void>()(accountId),
    /**
     * Browser sign-in of an OAuth account (RFC 8252: system browser, loopback redirect, PKCE);
     * resolves when the user has signed in (up to 5 minutes) with the updated account.
     */
    'accounts.signIn': call<AccountView>()(accountId),
    /** Revokes the account's OAuth grant at the provider and forgets its tokens. */
    'accounts.signOut': call<{ readonly revoked: boolean; readonly revocationError?: AppError }>()(
      accountId,
    ),

    /** The account's server folders, classified, with which are selected for sync. */
    'sync.folders': call<readonly SyncFolder[]>()(syncTarget),
    /** Chooses the folders to sync; calendar, contacts, tasks, notes and \Noselect are refused. */
    'sync.selectFolders': call<readonly SyncFolder[]>()(
      syncTarget.extend({ folders: z.array(folderPath).min(1).max(500) }),
    ),
    /** Starts push for an account: IDLE on the inbox, polling for the other selected folders. */
    'sync.watch': call<void>()(syncTarget),
    'sync.unwatch': call<void>()(syncTarget),
    /** Server-side count and a Message-ID sample check, for the drift report. */
    'sync.drift': call<FolderDrift>()(
      syncTarget.extend({
        folder: folderPath,
        sampleMessageIds: z.array(z.string().max(1000)).max(200),
      }),
    ),
    /** Downloads and parses one body on demand (outside the history window). */
    'messages.body': call<MessageBody>()(messageRefSchema),
    /** Carries out one queued user action on the server. */
    'messages.apply': call<ActionOutcome>()(
      z.object({ ref: messageRefSchema, action: messageActionSchema }),
    ),
    /** Sends a search to the server's folder (IMAP SEARCH): for mail whose body is not cached. */
    'messages.search': call<ServerSearchResult>()(
      syncTarget.extend({ folder: folderPath, criteria: serverSearchCriteriaSchema }),
    ),
    /** Streams one attachment to a file in the downloads folder; returns its path. */
    'messages.saveAttachment': call<{ readonly path: string }>()(
      z.object({ ref: messageRefSchema, partId: z.string().regex(/^\d+(\.\d+)*$/) }),
    ),
    /**
     * Saves one attachment to a private temporary folder and opens it with the system's
     * program for its type. Program and script files are refused: they are only saved.
     */
    'messages.openAttachment': call<{ readonly path: string }>()(
      z.object({ ref: messageRefSchema, partId: z.string().regex(/^\d+(\.\d+)*$/) }),
    ),
    /**
     * One small inline part (a cid: image), decoded, as base64 with its content type, so the
     * mail view can show it as a data: URL. Parts over 2 MB are refused (INVALID_INPUT).
     */
    'messages.inlinePart': call<{ readonly contentType: string; readonly base64: string }>()(
      z.object({ ref: messageRefSchema, partId: z.string().regex(/^\d+(\.\d+)*$/) }),
    ),

    /** SMTP: submits one outbox message (the renderer wrote state 'sending' first). */
    'outbox.send': call<SendReceipt>()(z.object({ message: outgoingMessageSchema })),
    /** After a crash in 'sending': is the Message-ID in Sent (or All Mail)? */
    'outbox.locate': call<LocateResult>()(syncTarget.extend({ messageId: messageIdSchema })),
    /** Makes sure Sent holds exactly one copy: the server's own, or one appended now. */
    'outbox.fileSent': call<{ readonly sentCopy: SentCopy }>()(
      z.object({ message: outgoingMessageSchema }),
    ),
    /** Saves a draft to the server's Drafts: APPEND the new version, then delete `replaces`. */
    'drafts.save': call<DraftRef>()(
      z.object({ message: outgoingMessageSchema, replaces: messageRefSchema.optional() }),
    ),
    /** Deletes a draft from the server (after it was sent or discarded). */
    'drafts.remove': call<void>()(messageRefSchema),
    /** Starts staging a file to attach; its bytes follow in order through attachments.append. */
    'attachments.begin': call<{ readonly token: string }>()(
      z.object({
        filename: z.string().min(1).max(255),
        contentType: z.string().max(255),
        size: z
          .number()
          .int()
          .nonnegative()
          .max(1024 * 1024 * 1024),
      }),
    ),
    /** One chunk (base64, at most 1 MiB decoded) of a staged file, at its byte offset. */
    'attachments.append': call<void>()(
      z.object({
        token: attachmentTokenSchema,
        offset: z.number().int().nonnegative(),
        base64: z.string().max(1_400_000),
      }),
    ),
    /** Ends staging; refuses a file whose length differs from what begin announced. */
    'attachments.finish': call<StagedAttachment>()(z.object({ token: attachmentTokenSchema })),
    /** Deletes a staged file (removed from a message, or the message is sent). */
    'attachments.discard': call<void>()(z.object({ token: attachmentTokenSchema })),
  },
  events: {
    /** The full account list after any change. */
    'accounts.changed': event<readonly AccountView[]>(),
    'sync.progress': event<SyncProgress>(),
    /** The server reported a change (IDLE) or a poll is due: the renderer syncs that folder. */
    'sync.folderChanged': event<{
      readonly accountId: string;
      readonly folder: string;
      readonly reason: 'idle' | 'poll';
    }>(),
    'sync.connection': event<SyncConnectionState>(),
  },
  streams: {
    /**
     * Syncs one folder from the renderer's checkpoint (null: from scratch). Each batch carries
     * the checkpoint to store with it; main waits for acknowledgements beyond the window.
     */
    'sync.folder': stream<SyncBatch, FolderSyncSummary>(4)(
      syncTarget.extend({ folder: folderPath, checkpoint: folderCheckpointSchema.nullable() }),
    ),
  },
} as const satisfies ContractShape;

/** The app's contract type. */
export type AppContract = typeof contract;
