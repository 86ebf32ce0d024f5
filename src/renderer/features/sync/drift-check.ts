/**
 * The drift check: does the cache still match the server? The server counts the folder and
 * looks up a random sample of cached Message-IDs; any difference is reported as drift, never as
 * healthy, with the reasons in words.
 */
import Dexie from 'dexie';
import type { MailDb } from '../../db/mail-db';
import type { FolderDrift } from '../../../shared/sync';
import type { SyncApi } from './sync-folder';

/** The drift report of one folder. */
export interface DriftReport {
  readonly accountId: string;
  readonly folder: string;
  readonly status: 'ok' | 'drift';
  /** Messages the cache holds in this folder (pending moves into it not counted). */
  readonly cachedCount: number;
  readonly serverCount: number;
  /** Messages the exclude rules kept out, expected on the server but not in the cache. */
  readonly excludedCount: number;
  /** Moves and deletes out of this folder not yet sent: still on the server, gone locally. */
  readonly pendingRemovals: number;
  readonly sampled: number;
  readonly missingOnServer: readonly string[];
  /** Why the status is 'drift', in sentences for the user; empty when 'ok'. */
  readonly reasons: readonly string[];
  /** ISO 8601. */
  readonly checkedAt: string;
}

/** Options of {@link checkFolderDrift}. */
export interface DriftOptions {
  readonly sampleSize?: number;
  /** A number in [0, 1), as Math.random; injected so tests can pick the sample. */
  readonly random?: () => number;
  readonly now?: () => Date;
}

const DEFAULT_SAMPLE = 50;

/** Up to `size` distinct items of `items`, chosen at random (partial Fisher–Yates). */
function sample<T>(items: readonly T[], size: number, random: () => number): T[] {
  const copy = [...items];
  const count = Math.min(size, copy.length);
  for (let i = 0; i < count; i += 1) {
    const j = i + Math.floor(random() * (copy.length - i));
    const picked = copy[j];
    const current = copy[i];
    if (picked === undefined || current === undefined) break;
    copy[i] = picked;
    copy[j] = current;
  }
  return copy.slice(0, count);
}

async function cachedSample(
  db: MailDb,
  accountId: string,
  folder: string,
  uidValidity: number,
  size: number,
  random: () => number,
): Promise<{ count: number; messageIds: string[] }> {
  const keys = await db.memberships
    .where('[accountId+folder+uidValidity+uid]')
    .between([accountId, folder, uidValidity, 1], [accountId, folder, uidValidity, Dexie.maxKey])
    .primaryKeys();
  // Messages without a Message-ID cannot be looked up: sample more rows than needed.
  const rows = await db.memberships.bulkGet(sample(keys, size * 3, random));
  const messages = await db.messages.bulkGet(
    rows.flatMap((row) =>
      row === undefined ? [] : [[accountId, row.messageKey] as [string, string]],
    ),
  );
  const ids = messages.flatMap((m) => (m?.messageId === undefined ? [] : [m.messageId]));
  return { count: keys.length, messageIds: [...new Set(ids)].slice(0, size) };
}

/** Compares the cache of `folder` with the server. */
export async function checkFolderDrift(
  api: SyncApi,
  db: MailDb,
  accountId: string,
  folder: string,
  options: DriftOptions = {},
): Promise<DriftReport> {
  const random = options.random ?? Math.random;
  const checkedAt = (options.now ?? (() => new Date()))().toISOString();
  const cached = await db.checkpoints.get([accountId, folder]);
  const uidValidity = cached?.checkpoint.uidValidity ?? 0;
  const local = await cachedSample(
    db,
    accountId,
    folder,
    uidValidity,
    options.sampleSize ?? DEFAULT_SAMPLE,
    random,
  );
  const pendingRemovals = await db.actionQueue
    .where('[accountId+folder+state]')
    .anyOf([
      [accountId, folder, 'queued'],
      [accountId, folder, 'sending'],
    ])
    .filter((row) => row.action.kind !== 'flags' && row.undo.kind === 'relocate')
    .count();
  const server: FolderDrift = await api.call('sync.drift', {
    accountId,
    folder,
    sampleMessageIds: local.messageIds,
  });
  const excludedCount = cached?.excludedTally ?? 0;
  const expected = local.count + excludedCount + pendingRemovals;
  const reasons: string[] = [];
  if (cached === undefined) reasons.push(`${folder} has never been synced.`);
  else if (server.uidValidity !== uidValidity) {
    reasons.push(
      `The server rebuilt ${folder} (new UIDVALIDITY); the cache still has the old one.`,
    );
  }
  if (server.serverCount !== expected) {
    reasons.push(
      `The server has ${server.serverCount} messages in ${folder}; the cache accounts for ${expected}` +
        ` (${local.count} cached, ${excludedCount} excluded by rules, ${pendingRemovals} changes not yet sent).`,
    );
  }
  if (server.missingOnServer.length > 0) {
    reasons.push(
      `${server.missingOnServer.length} of ${local.messageIds.length} sampled messages are no longer on the server.`,
    );
  }
  return {
    accountId,
    folder,
    status: reasons.length === 0 ? 'ok' : 'drift',
    cachedCount: local.count,
    serverCount: server.serverCount,
    excludedCount,
    pendingRemovals,
    sampled: local.messageIds.length,
    missingOnServer: server.missingOnServer,
    reasons,
    checkedAt,
  };
}
