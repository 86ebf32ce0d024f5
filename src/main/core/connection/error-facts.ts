/**
 * Reads what node:net/tls, imapflow 2 and nodemailer 10 put on the errors they throw into one
 * plain shape, so the classifier never guesses at property names.
 */

/** What an error thrown by the network stack or a mail library tells about its cause. */
export interface ErrorFacts {
  /**
   * Every code found, outermost first: Node's (`ECONNREFUSED`), imapflow's (`GREETING_TIMEOUT`)
   * and nodemailer's (`ESOCKET`, whose Node code it keeps in `originalCode`).
   */
  readonly codes: readonly string[];
  /** Messages of the error and the errors it wraps, joined. */
  readonly message: string;
  /** The server's own words (an IMAP tagged response text, an SMTP reply), if any. */
  readonly serverResponse?: string;
  /** The SMTP reply code (RFC 5321 section 4.2), if the error carries one. */
  readonly smtpReplyCode?: number;
  /** The IMAP response code in brackets (RFC 5530), e.g. AUTHENTICATIONFAILED, upper-cased. */
  readonly imapResponseCode?: string;
  /** imapflow marks every refused LOGIN/AUTHENTICATE with `authenticationFailed`. */
  readonly authenticationFailed: boolean;
  /** imapflow marks a failed TLS or STARTTLS upgrade with `tlsFailed`. */
  readonly tlsFailed: boolean;
  /** The command that failed, as nodemailer names it ('STARTTLS', 'AUTH PLAIN', 'CONN'). */
  readonly command?: string;
}

/** Reads a string property of an unknown object, if it is one. */
function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The errors an error wraps: `cause` (standard) and `_err` (imapflow's proxy wrapper). */
function wrapped(record: Record<string, unknown>): unknown[] {
  return [record.cause, record._err].filter((inner) => typeof inner === 'object' && inner !== null);
}

/** Reads the facts of anything thrown; a non-object yields only its text. */
export function errorFacts(thrown: unknown): ErrorFacts {
  const codes: string[] = [];
  const messages: string[] = [];
  let serverResponse: string | undefined;
  let smtpReplyCode: number | undefined;
  let imapResponseCode: string | undefined;
  let authenticationFailed = false;
  let tlsFailed = false;
  let command: string | undefined;

  // Breadth-first over the wrapped errors, bounded so a cyclic `cause` cannot loop forever.
  const queue: unknown[] = [thrown];
  for (let depth = 0; depth < 5 && queue.length > 0; depth += 1) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null) {
      // Something thrown that is not an object (`throw 'text'`) is its own message.
      if (
        typeof current === 'string' ||
        typeof current === 'number' ||
        typeof current === 'boolean'
      ) {
        messages.push(String(current));
      }
      continue;
    }
    const record = current as Record<string, unknown>;
    for (const key of ['code', 'originalCode', 'timeoutType']) {
      const code = stringField(record, key);
      if (code !== undefined && !codes.includes(code)) codes.push(code);
    }
    const message = stringField(record, 'message');
    if (message !== undefined) messages.push(message);
    // imapflow: `response` is the compiled text of a failed LOGIN, `responseText` that of any
    // other failed command, `reason` the text of a BYE. nodemailer: `response` is the reply line.
    serverResponse ??=
      stringField(record, 'response') ??
      stringField(record, 'responseText') ??
      stringField(record, 'reason');
    if (smtpReplyCode === undefined && typeof record.responseCode === 'number')
      smtpReplyCode = record.responseCode;
    imapResponseCode ??= stringField(record, 'serverResponseCode')?.toUpperCase();
    authenticationFailed ||= record.authenticationFailed === true;
    tlsFailed ||= record.tlsFailed === true;
    command ??= stringField(record, 'command');
    queue.push(...wrapped(record));
  }

  // An IMAP response code also shows in the text when imapflow did not lift it out (RFC 5530).
  if (imapResponseCode === undefined && serverResponse !== undefined) {
    imapResponseCode = /\[([A-Z-]+)\]/i.exec(serverResponse)?.[1]?.toUpperCase();
  }
  return {
    codes,
    message: messages.join(': '),
    authenticationFailed,
    tlsFailed,
    ...(serverResponse !== undefined ? { serverResponse } : {}),
    ...(smtpReplyCode !== undefined ? { smtpReplyCode } : {}),
    ...(imapResponseCode !== undefined ? { imapResponseCode } : {}),
    ...(command !== undefined ? { command } : {}),
  };
}
