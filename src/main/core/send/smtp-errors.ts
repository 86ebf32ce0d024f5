/**
 * Names why an SMTP server refused a message, from its reply code (RFC 5321 section 4.2) and
 * enhanced status code (RFC 3463): a refused recipient, a message too large, a sending limit,
 * a refused login. Anything else about the connection goes through classifyError.
 */
import { appError, type AppError } from '../../../shared/errors';
import { classifyError, type ErrorContext } from '../connection/classify-error';
import { errorFacts } from '../connection/error-facts';

/** One refused recipient, as nodemailer reports it (`rejectedErrors`). */
export interface RefusedRecipient {
  readonly recipient: string;
  readonly responseCode?: number;
  readonly response: string;
}

/** "5.1.1" and the like, from a reply. */
function enhancedStatus(response: string): string | undefined {
  return /\b([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(response)?.[0];
}

const LIMIT_TEXT = /limit|quota|rate|too many messages/i;
const LIMIT_REPLIES = new Set([421, 450, 451, 452, 550, 554]);

/** A daily or hourly sending limit: 4.7.x throttling, 5.4.5 (Gmail), or a reply that says so. */
function isSendingLimit(code: number | undefined, response: string): boolean {
  const status = enhancedStatus(response) ?? '';
  if (status === '5.4.5' || /^4\.7\./.test(status)) return true;
  return code !== undefined && LIMIT_REPLIES.has(code) && LIMIT_TEXT.test(response);
}

function isTooLarge(code: number | undefined, response: string): boolean {
  return (
    code === 552 || enhancedStatus(response) === '5.3.4' || /larger than allowed/i.test(response)
  );
}

/** A limit refusal: temporary (4xx) ones may pass later on their own. */
function sendingLimit(host: string, code: number | undefined, response: string): AppError {
  return appError('SENDING_LIMIT', `${host} refuses to send more mail for now.`, {
    hint: 'The account reached its sending limit; the message stays in the outbox. Try again later (daily limits reset after 24 hours).',
    serverResponse: response,
    retryable: code !== undefined && code < 500,
  });
}

/**
 * The error for refused recipients. The message went to nobody: the transaction is abandoned
 * before the end of DATA when any recipient is refused (see smtp-submit.ts).
 */
export function recipientsRefused(host: string, refused: readonly RefusedRecipient[]): AppError {
  const limit = refused.find((entry) => isSendingLimit(entry.responseCode, entry.response));
  if (limit !== undefined) return sendingLimit(host, limit.responseCode, limit.response);
  const names = refused.map((entry) => entry.recipient).join(', ');
  const temporary = refused.every((entry) => (entry.responseCode ?? 500) < 500);
  return appError(
    'RECIPIENT_REJECTED',
    refused.length === 1
      ? `The server refused the recipient ${names}, so the message was not sent to anyone.`
      : `The server refused the recipients ${names}, so the message was not sent to anyone.`,
    {
      hint: `Check the address${refused.length === 1 ? '' : 'es'} (a typo, or a mailbox that no longer exists), correct or remove ${refused.length === 1 ? 'it' : 'them'} and send again.`,
      serverResponse: refused.map((entry) => entry.response).join('\n'),
      retryable: temporary,
    },
  );
}

/** nodemailer's rejectedErrors entries, read defensively. */
function refusedOf(thrown: unknown): RefusedRecipient[] {
  if (typeof thrown !== 'object' || thrown === null || !('rejectedErrors' in thrown)) return [];
  const list = (thrown as { rejectedErrors?: unknown }).rejectedErrors;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { recipient, responseCode, response } = entry as Record<string, unknown>;
    if (typeof recipient !== 'string') return [];
    return [
      {
        recipient,
        response: typeof response === 'string' ? response : '',
        ...(typeof responseCode === 'number' ? { responseCode } : {}),
      },
    ];
  });
}

/** Classifies anything thrown while submitting a message. */
export function classifySmtpError(thrown: unknown, context: ErrorContext): AppError {
  const facts = errorFacts(thrown);
  const code = facts.smtpReplyCode;
  const response = facts.serverResponse ?? facts.message;
  const refused = refusedOf(thrown);
  if (refused.length > 0) return recipientsRefused(context.host, refused);
  if (isTooLarge(code, response)) {
    // nodemailer refuses before MAIL FROM when the size beats the server's SIZE (RFC 1870).
    const limit = /larger than allowed (\d+)/i.exec(response)?.[1];
    const most = limit === undefined ? '' : ` (at most ${Math.floor(Number(limit) / 1048576)} MB)`;
    return appError(
      'MESSAGE_TOO_LARGE',
      `The message is larger than ${context.host} accepts${most}.`,
      {
        hint: 'Remove or shrink attachments (or share large files as a link), then send again.',
        serverResponse: response,
      },
    );
  }
  if (isSendingLimit(code, response)) return sendingLimit(context.host, code, response);
  if (code === 530) {
    return appError('AUTH_FAILED', `${context.host} requires signing in before it sends mail.`, {
      hint: 'Turn on SMTP authentication in the account settings and enter the password.',
      serverResponse: response,
    });
  }
  return classifyError(thrown, context);
}
