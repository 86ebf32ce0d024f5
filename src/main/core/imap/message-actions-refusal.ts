/**
 * imapflow 2 answers a refused STORE, COPY, MOVE or EXPUNGE with `false` and keeps the reason in
 * its log. The reason matters to the user (no such folder, over quota), so the tagged responses
 * are watched while an action runs and a refusal is named from the response code (RFC 5530).
 */
import type { ImapFlow, ResponseEvent } from 'imapflow';
import { fail } from '../../../shared/errors';

/** Collects the tagged NO/BAD responses of one action. */
export interface RefusalWatch {
  /** Throws an AppFailure naming what the server refused while `what` ran. */
  refuse(what: string): never;
  stop(): void;
}

/** Response codes meaning "no such mailbox" (RFC 3501 TRYCREATE, RFC 5530 NONEXISTENT). */
const MISSING_CODES = new Set(['TRYCREATE', 'NONEXISTENT']);
/** Response codes meaning "not now" (RFC 5530). */
const LATER_CODES = new Set(['LIMIT', 'UNAVAILABLE', 'INUSE']);

/** Starts watching the client's tagged responses. */
export function watchRefusals(client: ImapFlow): RefusalWatch {
  let last: ResponseEvent | undefined;
  const listener = (response: ResponseEvent): void => {
    if (response.response === 'NO' || response.response === 'BAD') last = response;
  };
  client.on('response', listener);
  return {
    refuse(what) {
      const code = last?.code?.toUpperCase();
      const serverResponse =
        last === undefined ? {} : { serverResponse: `${last.response} [${code ?? ''}]` };
      if (code !== undefined && MISSING_CODES.has(code)) {
        fail('NOT_FOUND', `${what} failed: the folder does not exist on the server.`, {
          hint: 'Check the folder mapping in the account settings.',
          retryable: false,
          ...serverResponse,
        });
      }
      if (code !== undefined && LATER_CODES.has(code)) {
        fail('THROTTLED', `${what} was refused by the server for now.`, serverResponse);
      }
      if (code === 'OVERQUOTA') {
        fail('PROTOCOL', `${what} failed: the mailbox is over its quota.`, {
          hint: 'Delete or archive some mail on the server, then try again.',
          retryable: false,
          ...serverResponse,
        });
      }
      fail('PROTOCOL', `${what} was refused by the IMAP server.`, serverResponse);
    },
    stop() {
      client.off('response', listener);
    },
  };
}
