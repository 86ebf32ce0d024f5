/**
 * The `--state FILE` of `mailcrm sync`: the folder checkpoints of one account, so a re-run syncs
 * incrementally. Replaced atomically after every batch (a temp file in the same directory, then
 * rename), so a crash leaves the previous or the new state, never a torn one.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { fail } from '../shared/errors';
import { folderCheckpointSchema, type FolderCheckpoint } from '../shared/sync';

const stateSchema = z.object({
  version: z.literal(1),
  /** Whose checkpoints these are: a state file never resumes another account's folders. */
  account: z.string(),
  folders: z.record(z.string(), folderCheckpointSchema),
});

/** The checkpoints kept in a state file. */
export interface SyncState {
  readonly account: string;
  readonly folders: Record<string, FolderCheckpoint>;
}

/** The account key stored in the file: login, host and port. */
export function stateAccountKey(user: string, host: string, port: number): string {
  return `${user}@${host}:${port}`;
}

/**
 * Reads the state file; a file that does not exist yet is an empty state. A file that is not
 * ours, or belongs to another account, is INVALID_INPUT: guessing would sync the wrong delta.
 */
export async function loadSyncState(path: string, account: string): Promise<SyncState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { account, folders: {} };
    return fail(
      'INVALID_INPUT',
      `--state ${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(
      'INVALID_INPUT',
      `--state ${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) fail('INVALID_INPUT', `--state ${path} is not a mailcrm sync state file.`);
  if (parsed.data.account !== account) {
    fail(
      'INVALID_INPUT',
      `--state ${path} holds checkpoints of ${parsed.data.account}, not ${account}.`,
      { hint: 'Use one state file per account.' },
    );
  }
  return { account, folders: { ...parsed.data.folders } };
}

/**
 * Replaces the state file atomically. No fsync: the NDJSON lines it covers are not fsynced
 * either, and rename after the write already orders them for a process crash.
 */
export async function saveSyncState(path: string, state: SyncState): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  const text = `${JSON.stringify({ version: 1, account: state.account, folders: state.folders }, null, 2)}\n`;
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, path);
  } catch (error) {
    // Leave no temp file behind, then report the write failure itself.
    await rm(temp, { force: true });
    throw error;
  }
}
