/**
 * Outgoing mail as it crosses the contract: a message fully written by the renderer (templates
 * and signatures already filled in), queued in the outbox with its Message-ID and Date fixed,
 * and turned into MIME by main only when it is sent, saved as a draft or copied to Sent.
 */
import { z } from 'zod';
import { messageRefSchema } from './sync';

const emailSchema = z.string().trim().max(320).email('Enter a valid email address');

/** One mailbox: a display name (may be empty) and an address. */
export const mailAddressSchema = z.object({
  name: z.string().trim().max(200).default(''),
  address: emailSchema,
});
export type MailAddress = z.infer<typeof mailAddressSchema>;

/** `<local@domain>`, as in the Message-ID, In-Reply-To and References headers (RFC 5322 3.6.4). */
export const messageIdSchema = z
  .string()
  .max(998)
  .regex(/^<[^<>\s@]+@[^<>\s@]+>$/, 'A Message-ID looks like <local@domain>');

/** A staged file's token: main maps it to a file in its own staging folder, never a path. */
export const attachmentTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

/** An attachment: a file the user added (staged in main), or a part of a message forwarded. */
export const outgoingAttachmentSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('staged'),
    token: attachmentTokenSchema,
    filename: z.string().min(1).max(255),
    contentType: z.string().max(255),
    size: z.number().int().nonnegative(),
  }),
  z.object({
    kind: z.literal('forwarded'),
    ref: messageRefSchema,
    partId: z.string().regex(/^\d+(\.\d+)*$/),
    filename: z.string().min(1).max(255),
    contentType: z.string().max(255),
    size: z.number().int().nonnegative(),
  }),
]);
export type OutgoingAttachment = z.infer<typeof outgoingAttachmentSchema>;

const TEN_MB = 10 * 1024 * 1024;

/** A message ready to send (or to save as a draft). */
export const outgoingMessageSchema = z.object({
  accountId: z.string().min(1).max(100),
  /** Fixed when the message is queued, so every attempt and the Sent copy carry the same one. */
  messageId: messageIdSchema,
  /** ISO 8601; fixed when queued (the Date header). */
  date: z.iso.datetime({ offset: true }),
  from: mailAddressSchema,
  replyTo: mailAddressSchema.optional(),
  to: z.array(mailAddressSchema).max(500).default([]),
  cc: z.array(mailAddressSchema).max(500).default([]),
  bcc: z.array(mailAddressSchema).max(500).default([]),
  subject: z.string().max(2000).default(''),
  /** The plain-text alternative; always present (generated from the HTML when written rich). */
  text: z.string().max(TEN_MB),
  html: z.string().max(TEN_MB).optional(),
  inReplyTo: messageIdSchema.optional(),
  references: z.array(messageIdSchema).max(200).default([]),
  attachments: z.array(outgoingAttachmentSchema).max(100).default([]),
  /** Asks for a read receipt: Disposition-Notification-To the sender (RFC 8098). */
  readReceipt: z.boolean().default(false),
  /** A List-Unsubscribe value (RFC 2369), e.g. `<mailto:unsubscribe@example.com>`. */
  listUnsubscribe: z.string().max(2000).optional(),
});
export type OutgoingMessage = z.infer<typeof outgoingMessageSchema>;
export type OutgoingMessageInput = z.input<typeof outgoingMessageSchema>;

/** What the SMTP server said when it took the message. */
export interface SendReceipt {
  readonly messageId: string;
  /** Recipients the server accepted. */
  readonly accepted: readonly string[];
  /** The server's final reply, e.g. "250 2.0.0 Ok: queued as ...". */
  readonly response: string;
}

/** Where a Message-ID was found on the server after a crash (Sent, then All Mail). */
export interface LocateResult {
  readonly found: boolean;
  readonly folder?: string;
  /**
   * Whether this account's server files sent mail into Sent by itself, as learned from earlier
   * sends (undefined: not known yet). When it does, "not found" proves the message never went.
   */
  readonly serverFilesSent?: boolean;
}

/** How the Sent folder came to hold its one copy. */
export type SentCopy = 'server' | 'appended';

/** A draft as saved on the server. */
export type DraftRef = z.infer<typeof messageRefSchema>;

/** A staged file ready to attach. */
export interface StagedAttachment {
  readonly token: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
}
