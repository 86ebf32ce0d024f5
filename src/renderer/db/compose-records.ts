/**
 * Rows of the compose side of the cache: the outbox (one row per message on its way out, see
 * src/shared/outbox.ts) and local drafts (saved at once on every edit, then to the server).
 */
import type { DraftRef, OutgoingMessage } from '../../shared/compose';
import type { QuoteBlock } from '../../shared/compose/quote';
import type { MessageRef } from '../../shared/sync';
import type { OutboxItem } from '../../shared/outbox';

/** An outbox row: the shared item as stored. */
export type OutboxRow = OutboxItem;

/** How a draft relates to the message it answers. */
export type DraftKind = 'new' | 'reply' | 'reply-all' | 'forward';

/** A draft as the compose pane left it; `message` carries the Message-ID it will be sent with. */
export interface DraftRow {
  /** The draft's Message-ID (fixed when the draft is created). */
  readonly id: string;
  readonly accountId: string;
  readonly kind: DraftKind;
  readonly message: OutgoingMessage;
  /** ISO 8601 of the last local save. */
  readonly updatedAt: string;
  /** The copy in the server's Drafts folder, once saved there. */
  readonly serverRef?: DraftRef;
  /** ISO 8601 of the last successful server save; older than updatedAt means not yet saved. */
  readonly serverSavedAt?: string;
  readonly templateId?: string;
  /** The message answered or forwarded (with its cache key), to find it again. */
  readonly source?: MessageRef & { readonly messageKey: string };
  /**
   * The recipient fields as typed, entries that are not addresses yet included, so nothing
   * typed is lost (the message holds only the valid addresses).
   */
  readonly typed?: { readonly to: string; readonly cc: string; readonly bcc: string };
  /** A scheduled send time (ISO 8601) the user chose, kept until sent. */
  readonly sendAt?: string;
  /** The pane's own parts, apart in the message's joined HTML: to reopen the draft as it was. */
  readonly fields?: DraftFields;
}

/** What the compose pane keeps apart that the sent message joins together. */
export interface DraftFields {
  /** The user's own text (and a template's), without signature or quote. */
  readonly bodyHtml: string;
  readonly signatureId: string;
  readonly quote?: QuoteBlock;
  readonly signatureBelowQuote: boolean;
  readonly showCc: boolean;
  readonly showBcc: boolean;
}
