/**
 * The headless CLI over core, for scripting and benchmarks: `mailcrm detect`, `mailcrm test`,
 * `mailcrm sync`, `mailcrm send` and `mailcrm oauth`.
 * Results are JSON on stdout; usage mistakes go to stderr with exit code 2.
 */
import { AppFailure, toAppError } from '../shared/errors';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, writeJson, errorOutput, type CliIo } from './cli-io';
import { DETECT_USAGE, parseDetectArgs, runDetect } from './commands/detect-command';
import { OAUTH_USAGE, parseOAuthArgs, runOAuth } from './commands/oauth-command';
import { SEND_USAGE, parseSendArgs, readSendInputs, runSend } from './commands/send-command';
import { SYNC_USAGE, parseSyncArgs, readSyncInputs, runSync } from './commands/sync-command';
import { TEST_USAGE, parseTestArgs, readTestInputs, runTest } from './commands/test-command';

/** The full usage text. */
export const USAGE = `Usage:
  ${DETECT_USAGE}

  ${TEST_USAGE}

  ${SYNC_USAGE}

  ${SEND_USAGE}

  ${OAUTH_USAGE}

Exit codes: 0 success, 1 failed (details in the JSON on stdout), 2 usage error.`;

function isHelp(arg: string | undefined): boolean {
  return arg === undefined || arg === '--help' || arg === '-h' || arg === 'help';
}

/** Prints a usage error (a bad flag, a missing value) and returns exit code 2. */
function usageError(io: CliIo, thrown: unknown): number {
  if (!(thrown instanceof AppFailure) || thrown.error.code !== 'INVALID_INPUT') throw thrown;
  io.stderr.write(`mailcrm: ${thrown.error.message}\n\n${USAGE}\n`);
  return EXIT_USAGE;
}

/** Runs one CLI invocation; `argv` excludes node and the script. Resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  if (isHelp(command)) {
    (command === undefined ? io.stderr : io.stdout).write(`${USAGE}\n`);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  try {
    if (command === 'detect') {
      let parsed;
      try {
        parsed = parseDetectArgs(args);
      } catch (error) {
        return usageError(io, error);
      }
      return await runDetect(parsed, io);
    }
    if (command === 'test') {
      let parsed;
      let inputs;
      try {
        parsed = parseTestArgs(args);
        inputs = await readTestInputs(parsed, io);
      } catch (error) {
        return usageError(io, error);
      }
      return await runTest(parsed, inputs.password, inputs.extraCaPem, io, inputs.accessToken);
    }
    if (command === 'sync') {
      let parsed;
      let inputs;
      try {
        parsed = parseSyncArgs(args, Date.now());
        inputs = await readSyncInputs(parsed, io);
      } catch (error) {
        return usageError(io, error);
      }
      return await runSync(parsed, inputs, io);
    }
    if (command === 'send') {
      let parsed;
      let inputs;
      try {
        parsed = parseSendArgs(args, new Date());
        inputs = await readSendInputs(parsed, io);
      } catch (error) {
        return usageError(io, error);
      }
      return await runSend(parsed, inputs, io);
    }
    if (command === 'oauth') {
      let parsed;
      try {
        parsed = parseOAuthArgs(args);
      } catch (error) {
        return usageError(io, error);
      }
      return await runOAuth(parsed, io);
    }
    io.stderr.write(`mailcrm: unknown command '${command ?? ''}'.\n\n${USAGE}\n`);
    return EXIT_USAGE;
  } catch (error) {
    // Anything unexpected still ends as the same JSON shape, so scripts can rely on it.
    writeJson(io.stdout, errorOutput(toAppError(error)));
    return EXIT_FAILED;
  }
}
