/**
 * The outbox: every message on its way out, with a state written (durably) before each network
 * step, so a crash at any point is recovered without sending anything twice. The renderer keeps
 * it in Dexie, the CLI in a file; both run the same state machine (src/shared/outbox/).
 *
 *   queued ──▶ sending ──▶ accepted ──▶ sent-copy-confirmed
 *      ▲          │ crash: found in Sent/All Mail ─▶ accepted
 *      │          │ crash: not found, server files Sent itself ─▶ queued (it never went)
 *      │          └ crash: not found, unknown ─▶ unsure (the user decides: send again / mark sent)
 *      └ a rejection or a dead connection puts it back, with the error (held when the user must act)
 */
import type { AppError } from './errors';
import type { LocateResult, OutgoingMessage, SendReceipt, SentCopy } from './compose';

export const OUTBOX_STATES = [
  'queued',
  'sending',
  'accepted',
  'sent-copy-confirmed',
  'unsure',
] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** One message in the outbox. Keyed by its Message-ID. */
export interface OutboxItem {
  readonly messageId: string;
  readonly accountId: string;
  readonly message: OutgoingMessage;
  readonly state: OutboxState;
  /** ISO 8601: when the user pressed Send. */
  readonly queuedAt: string;
  /** ISO 8601: schedule send; not sent before (the app must be running then). */
  readonly sendAt?: string;
  /** SMTP attempts started so far. */
  readonly attempts: number;
  /** Why the last step failed, shown to the user. */
  readonly lastError?: AppError;
  /** True when retrying cannot help until the user acts (a rejection, a bad password). */
  readonly held: boolean;
  /** ISO 8601: when the next automatic attempt is due after a retryable failure. */
  readonly retryAt?: string;
  readonly receipt?: SendReceipt;
  readonly sentCopy?: SentCopy;
  /** The template the message was written from, for usage statistics. */
  readonly templateId?: string;
}

/** Durable storage of the outbox (Dexie in the app, a JSON file in the CLI). */
export interface OutboxStore {
  /** Writes the item; resolves only once it is stored durably. */
  put(item: OutboxItem): Promise<void>;
}

/** The network steps, carried out by main (the contract's outbox.* calls) or core directly. */
export interface OutboxRemote {
  /** SMTP: submits the message. Rejects with an AppFailure naming the server's reason. */
  send(message: OutgoingMessage): Promise<SendReceipt>;
  /** Looks for the Message-ID in Sent (and All Mail where there is one). */
  locate(accountId: string, messageId: string): Promise<LocateResult>;
  /** Makes sure Sent holds exactly one copy: finds the server's, or appends one. */
  fileSent(message: OutgoingMessage): Promise<SentCopy>;
}
