/**
 * "Search the server": the same query as IMAP SEARCH in every synced folder of every enabled
 * account ('messages.search'), the UIDs found mapped to the header rows already cached (headers
 * are synced for every message, bodies only inside the history window), and merged with the
 * local results. What the server has and the cache does not yet is counted, not hidden.
 */
import type { AccountView } from '../../../shared/account';
import type { AppContract, ServerSearchCriteria } from '../../../shared/contract';
import { toAppError, type AppError } from '../../../shared/errors';
import type { Client } from '../../../shared/ipc/define';
import type { FolderRow } from '../../db/cache-queries';
import type { MailDb } from '../../db/mail-db';
import type { MembershipKey } from '../../db/records';
import { selectedFolders } from '../sync/sync-scheduler';
import { folderLabel } from '../mailbox/mailbox-view';
import type { SearchQuery } from './search-query';

/** What the server search added. */
export interface ServerSearchOutcome {
  readonly rows: readonly FolderRow[];
  /** UIDs the servers found. */
  readonly found: number;
  /** Of those, messages not in the cache yet (the next sync brings them). */
  readonly notCached: number;
  /** Folders the search could not reach, with why. */
  readonly failures: readonly { readonly folder: string; readonly error: AppError }[];
}

function day(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** The query as IMAP SEARCH criteria (has:attachment and in: are checked on the cached rows). */
export function toServerCriteria(query: SearchQuery): ServerSearchCriteria {
  return {
    words: [...query.words],
    from: [...query.from],
    to: [...query.to],
    subject: [...query.subject],
    ...(query.unread !== undefined ? { unread: query.unread } : {}),
    ...(query.flagged !== undefined ? { flagged: query.flagged } : {}),
    ...(query.after !== undefined ? { since: day(query.after) } : {}),
    ...(query.before !== undefined ? { before: day(query.before) } : {}),
  };
}

function folderWanted(query: SearchQuery, account: AccountView, folder: string): boolean {
  if (query.folders.length === 0) return true;
  const names = [folder.toLowerCase(), folderLabel(account, folder).toLowerCase()];
  return query.folders.some((name) => names.includes(name));
}

/** Searches the servers and links what they found to cached rows, newest first. */
export async function searchServer(
  api: Pick<Client<AppContract>, 'call'>,
  db: MailDb,
  query: SearchQuery,
  accounts: readonly AccountView[],
): Promise<ServerSearchOutcome> {
  const criteria = toServerCriteria(query);
  const targets = accounts
    .filter((account) => account.enabled)
    .flatMap((account) =>
      selectedFolders(account)
        .filter((folder) => folderWanted(query, account, folder))
        .map((folder) => ({ account, folder })),
    );
  const failures: { folder: string; error: AppError }[] = [];
  const keys: MembershipKey[] = [];
  // One folder after another: they share the account's interactive connection anyway.
  for (const { account, folder } of targets) {
    try {
      const result = await api.call('messages.search', {
        accountId: account.id,
        folder,
        criteria,
      });
      for (const uid of result.uids) keys.push([account.id, folder, result.uidValidity, uid]);
    } catch (thrown) {
      failures.push({
        folder: `${account.name} — ${folderLabel(account, folder)}`,
        error: toAppError(thrown),
      });
    }
  }
  const memberships = await db.memberships.bulkGet(keys);
  const present = memberships.flatMap((m) => (m === undefined ? [] : [m]));
  const messages = await db.messages.bulkGet(
    present.map((m): [string, string] => [m.accountId, m.messageKey]),
  );
  const rows = present.flatMap((membership, i) => {
    const message = messages[i];
    if (message === undefined) return [];
    if (query.hasAttachment && !message.hasAttachments) return [];
    return [{ membership, message }];
  });
  rows.sort((a, b) => b.membership.time - a.membership.time);
  return { rows, found: keys.length, notCached: keys.length - present.length, failures };
}

/** Local rows first, then server rows for messages the local search did not find. */
export function mergeRows(local: readonly FolderRow[], server: readonly FolderRow[]): FolderRow[] {
  const seen = new Set(
    local.map((row) => `${row.message.accountId}\u0000${row.message.messageKey}`),
  );
  const added = server.filter((row) => {
    const key = `${row.message.accountId}\u0000${row.message.messageKey}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return [...local, ...added].sort((a, b) => b.membership.time - a.membership.time);
}
