/**
 * Server search for one folder: UID SEARCH (RFC 3501 section 6.4.4) with the criteria the user
 * typed, read-only. It finds mail whose body was never downloaded (outside the history window);
 * the renderer maps the UIDs to the header rows it already has. Repeated keys are ANDed by IMAP
 * itself; imapflow takes one value per key, so each further word is its own SEARCH and the
 * results are intersected here.
 */
import type { ImapFlow, SearchObject } from 'imapflow';
import type { ServerSearchCriteria, ServerSearchResult } from '../../../shared/contract';
import { fail } from '../../../shared/errors';

/** UIDs returned at most (the newest); the renderer links each to a cached row. */
export const SERVER_SEARCH_LIMIT = 2000;

function day(value: string): Date {
  return new Date(`${value}T00:00:00.000Z`);
}

/** The SEARCH keys of `criteria`, one object per round (each object's keys are ANDed). */
export function searchRounds(criteria: ServerSearchCriteria): SearchObject[] {
  const first: SearchObject = {};
  if (criteria.unread !== undefined) first.seen = !criteria.unread;
  if (criteria.flagged !== undefined) first.flagged = criteria.flagged;
  if (criteria.since !== undefined) first.since = day(criteria.since);
  if (criteria.before !== undefined) first.before = day(criteria.before);
  const rounds: SearchObject[] = [first];
  const add = (key: 'text' | 'from' | 'to' | 'subject', values: readonly string[]) => {
    for (const value of values) {
      const free = rounds.find((round) => round[key] === undefined);
      if (free === undefined) rounds.push({ [key]: value });
      else free[key] = value;
    }
  };
  add('text', criteria.words);
  add('from', criteria.from);
  add('to', criteria.to);
  add('subject', criteria.subject);
  // An empty first round would be SEARCH ALL: fine only when it is the only round.
  return rounds.length > 1 && Object.keys(first).length === 0 ? rounds.slice(1) : rounds;
}

/** Runs `criteria` in `folder`; throws what imapflow threw when the connection fails. */
export async function searchFolder(
  client: ImapFlow,
  folder: string,
  criteria: ServerSearchCriteria,
): Promise<ServerSearchResult> {
  const lock = await client.getMailboxLock(folder, { readOnly: true, description: 'search' });
  try {
    const mailbox = client.mailbox;
    if (mailbox === false) fail('CONNECTION_RESET', 'The connection closed before the search.');
    let found: Set<number> | undefined;
    for (const round of searchRounds(criteria)) {
      const uids = await client.search(round, { uid: true });
      if (uids === false || uids === undefined) {
        fail('PROTOCOL', `The server refused the search in ${folder}.`, { retryable: true });
      }
      const current: Set<number> = found ?? new Set(uids);
      found = found === undefined ? current : new Set(uids.filter((uid) => current.has(uid)));
      if (found.size === 0) break;
    }
    const all = [...(found ?? [])].sort((a, b) => b - a);
    return {
      folder,
      uidValidity: Number(mailbox.uidValidity),
      uids: all.slice(0, SERVER_SEARCH_LIMIT),
      truncated: all.length > SERVER_SEARCH_LIMIT,
    };
  } finally {
    lock.release();
  }
}
