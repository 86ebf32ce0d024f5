/**
 * The part of an imapflow client the push watcher uses. ImapFlow satisfies it as it is; tests
 * drive the watcher's timing with a fake that implements only this.
 */

/** What the watcher needs of an IMAP connection (a subset of imapflow 2's ImapFlow). */
export interface PushClient {
  /** False once the connection is closed or broken. */
  readonly usable: boolean;
  /** The selected mailbox, or false when none is selected (imapflow's `mailbox`). */
  readonly mailbox: false | { readonly path: string };
  /** SELECT, or EXAMINE with `readOnly` (RFC 3501 section 6.3.1, 6.3.2). */
  mailboxOpen(path: string, options?: { readOnly?: boolean }): Promise<unknown>;
  /**
   * IDLE (RFC 2177) until another command breaks it, the server ends it or the connection
   * drops; imapflow sends DONE when the next command is run.
   */
  idle(): Promise<unknown>;
  /** NOOP (RFC 3501 section 6.1.2); in imapflow it breaks a running IDLE first. */
  noop(): Promise<unknown>;
  /** Closes the socket without LOGOUT; pending commands are rejected, then 'close' is emitted. */
  close(): void;
  /** 'close' once when the connection ends; mailbox changes while it lives. */
  on(event: 'close' | 'exists' | 'expunge' | 'flags', listener: () => void): unknown;
  /** A failure of the connection (imapflow closes it right after). */
  on(event: 'error', listener: (error: Error) => void): unknown;
}
