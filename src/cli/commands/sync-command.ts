/**
 * `mailcrm sync ...`: syncs IMAP folders with the app's own engine and writes the records the
 * renderer would receive as NDJSON (see sync-ndjson.ts), keeping checkpoints in a state file for
 * incremental re-runs. Prints a JSON summary per folder; exits 1 when any folder failed.
 */
import { AppFailure, appError, fail, toAppError, type AppError } from '../../shared/errors';
import type { FolderCheckpoint, FolderSyncSummary, SyncMessageError } from '../../shared/sync';
import type { Logger } from '../../main/core/ports';
import { createConsoleLogger } from '../../main/core/adapters/console-logger';
import { createNodeDnsResolver } from '../../main/core/adapters/node-dns-resolver';
import { syncFolder } from '../../main/core/imap/folder-sync';
import { openImapSession, type ImapSession } from '../../main/core/imap/imap-session';
import { createBodyParserPool, type BodyParser } from '../../main/core/mime/body-parser-pool';
import {
  EXIT_FAILED,
  EXIT_OK,
  errorOutput,
  readCaFile,
  readFirstLine,
  writeJson,
  type CliIo,
} from '../cli-io';
import type { SyncArgs } from '../sync-args';
import { openNdjson, type NdjsonOutput } from '../sync-ndjson';
import { loadSyncState, saveSyncState, type SyncState } from '../sync-state-file';

export { SYNC_USAGE, parseSyncArgs } from '../sync-args';

/** What the sync needs from outside the arguments, read before connecting. */
export interface SyncInputs {
  readonly password: string;
  readonly extraCaPem: readonly string[];
  readonly state: SyncState;
}

/** Reads the CA file, the state file and the password; throws INVALID_INPUT (usage). */
export async function readSyncInputs(args: SyncArgs, io: CliIo): Promise<SyncInputs> {
  const extraCaPem = args.caFile === undefined ? [] : [await readCaFile(args.caFile)];
  const state =
    args.stateFile === undefined
      ? { account: args.accountKey, folders: {} }
      : await loadSyncState(args.stateFile, args.accountKey);
  // An OAuth login reads its tokens from the keychain when it connects; stdin is not read.
  if (args.oauth !== undefined) return { password: '', extraCaPem, state };
  const password = await readFirstLine(io.stdin);
  if (password.length === 0)
    fail('INVALID_INPUT', 'stdin gave no password: pipe the password in as its first line.');
  return { password, extraCaPem, state };
}

/** One folder in the summary: the engine's counts, or the error that stopped it. */
type FolderOutput =
  | (Omit<FolderSyncSummary, 'checkpoint' | 'errors'> & {
      readonly errors: readonly SyncMessageError[];
      readonly checkpoint: FolderCheckpoint;
      readonly syncMs: number;
    })
  | { readonly folder: string; readonly error: AppError; readonly syncMs: number };

/** Peak resident set size of this process so far, in MB (worker threads included). */
function peakRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 102.4) / 10;
}

/**
 * Runs an action on a local file; a failure (disk full, no permission) becomes an AppFailure that
 * names the file, so it is not mistaken for a problem with the IMAP server.
 */
async function local<T>(path: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (thrown) {
    throw new AppFailure(
      appError(
        'INTERNAL',
        `Could not write ${path}: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
        { retryable: false },
      ),
    );
  }
}

/** Syncs one folder; every batch goes to the NDJSON, then its checkpoint to the state file. */
async function syncOne(
  session: ImapSession,
  folder: string,
  args: SyncArgs,
  inputs: SyncInputs,
  output: NdjsonOutput,
  parser: BodyParser,
  logger: Logger,
): Promise<FolderOutput> {
  const started = performance.now();
  try {
    const summary = await syncFolder(
      session.client,
      {
        accountId: args.account.id,
        folder,
        checkpoint: inputs.state.folders[folder] ?? null,
        settings: args.settings,
      },
      async (batch) => {
        // Lines first: a checkpoint must never promise records that were not written.
        await local(args.out, () => output.write(batch));
        const stateFile = args.stateFile;
        if (stateFile !== undefined) {
          inputs.state.folders[folder] = batch.checkpoint;
          await local(stateFile, () => saveSyncState(stateFile, inputs.state));
        }
      },
      {
        parser,
        clock: { now: () => Date.now() },
        logger,
        classify: (thrown) => session.classify(thrown),
        alive: () => session.alive(),
        openRawConnection: () => session.openRawConnection(),
      },
    );
    const stateFile = args.stateFile;
    if (stateFile !== undefined) {
      // The final checkpoint may have moved past the last batch (e.g. a new UIDNEXT, nothing new).
      inputs.state.folders[folder] = summary.checkpoint;
      await local(stateFile, () => saveSyncState(stateFile, inputs.state));
    }
    return { ...summary, syncMs: Math.round(performance.now() - started) };
  } catch (thrown) {
    return {
      folder,
      error: session.classify(thrown),
      syncMs: Math.round(performance.now() - started),
    };
  }
}

/** Runs the sync with the inputs read from outside; prints the summary; returns the exit code. */
export async function runSync(args: SyncArgs, inputs: SyncInputs, io: CliIo): Promise<number> {
  const started = performance.now();
  const logger = createConsoleLogger({ stream: io.stderr, quiet: true });
  const folders: FolderOutput[] = [];
  let output: NdjsonOutput | undefined;
  let session: ImapSession | undefined;
  const parser = createBodyParserPool();
  // A folder without a checkpoint starts with a fill: its parser worker loads mailparser while
  // this process logs in, not when the first body arrives. A resync may parse nothing at all.
  if (args.folders.some((folder) => inputs.state.folders[folder] === undefined)) parser.warm();
  let failure: AppError | undefined;
  let connectMs = 0;
  try {
    output = await local(args.out, () => openNdjson(args.out, args.stateFile !== undefined));
    const dns = createNodeDnsResolver(args.dnsServer === undefined ? undefined : [args.dnsServer]);
    // The keychain and settings stores load only for an OAuth sign-in.
    const oauth =
      args.oauth === undefined
        ? undefined
        : (await import('../cli-oauth')).createCliTokens(args.oauth, logger);
    session = await openImapSession(args.account, {
      dns,
      extraCaPem: inputs.extraCaPem,
      logger,
      readCredentials: () => Promise.resolve({ password: inputs.password }),
      ...(oauth === undefined ? {} : { oauth }),
    });
    connectMs = Math.round(performance.now() - started);
    for (const folder of args.folders) {
      const result = await syncOne(session, folder, args, inputs, output, parser, logger);
      folders.push(result);
      // A dead connection fails every folder after it for the same reason: stop here.
      if ('error' in result && !session.alive()) break;
    }
  } catch (thrown) {
    failure = toAppError(thrown);
  } finally {
    await session?.close();
    await parser.close();
    await output?.close();
  }
  const failed = failure !== undefined || folders.some((folder) => 'error' in folder);
  failure ??= folders.find(
    (folder): folder is Extract<FolderOutput, { error: AppError }> => 'error' in folder,
  )?.error;
  writeJson(io.stdout, {
    ok: !failed,
    ...(failure === undefined ? {} : errorOutput(failure)),
    historyWindow: args.settings.historyWindow,
    folders: folders.map((folder) =>
      'error' in folder ? { ...folder, error: errorOutput(folder.error).error } : folder,
    ),
    written: output?.counts ?? { messages: 0, events: 0 },
    timing: { connectMs, totalMs: Math.round(performance.now() - started) },
    peakRssMB: peakRssMB(),
  });
  return failed ? EXIT_FAILED : EXIT_OK;
}
