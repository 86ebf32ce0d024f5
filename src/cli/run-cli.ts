/**
 * The headless CLI over core, for scripting and benchmarks: `mailcrm detect`, `mailcrm test`,
 * `mailcrm sync`, `mailcrm send` and `mailcrm oauth`.
 * Results are JSON on stdout; usage mistakes go to stderr with exit code 2.
 */
import { AppFailure, toAppError } from '../shared/errors';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, writeJson, errorOutput, type CliIo } from './cli-io';

/**
 * The full usage text. Each command's module is loaded only when that command runs (a sync
 * need not load the SMTP, keychain and OAuth libraries); the usage of all of them is read
 * only when it is printed.
 */
export async function usage(): Promise<string> {
  const [detect, test, sync, send, oauth] = await Promise.all([
    import('./commands/detect-command'),
    import('./test-args'),
    import('./sync-args'),
    import('./send-args'),
    import('./commands/oauth-command'),
  ]);
  return `Usage:
  ${detect.DETECT_USAGE}

  ${test.TEST_USAGE}

  ${sync.SYNC_USAGE}

  ${send.SEND_USAGE}

  ${oauth.OAUTH_USAGE}

Exit codes: 0 success, 1 failed (details in the JSON on stdout), 2 usage error.`;
}

function isHelp(arg: string | undefined): boolean {
  return arg === undefined || arg === '--help' || arg === '-h' || arg === 'help';
}

/** Prints a usage error (a bad flag, a missing value) and returns exit code 2. */
async function usageError(io: CliIo, thrown: unknown): Promise<number> {
  if (!(thrown instanceof AppFailure) || thrown.error.code !== 'INVALID_INPUT') throw thrown;
  io.stderr.write(`mailcrm: ${thrown.error.message}\n\n${await usage()}\n`);
  return EXIT_USAGE;
}

/** Runs one CLI invocation; `argv` excludes node and the script. Resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  if (isHelp(command)) {
    (command === undefined ? io.stderr : io.stdout).write(`${await usage()}\n`);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${await usage()}\n`);
    return EXIT_OK;
  }
  try {
    if (command === 'detect') {
      const { parseDetectArgs, runDetect } = await import('./commands/detect-command');
      let parsed;
      try {
        parsed = parseDetectArgs(args);
      } catch (error) {
        return await usageError(io, error);
      }
      return await runDetect(parsed, io);
    }
    if (command === 'test') {
      const { parseTestArgs, readTestInputs, runTest } = await import('./commands/test-command');
      let parsed;
      let inputs;
      try {
        parsed = parseTestArgs(args);
        inputs = await readTestInputs(parsed, io);
      } catch (error) {
        return await usageError(io, error);
      }
      return await runTest(parsed, inputs.password, inputs.extraCaPem, io, inputs.accessToken);
    }
    if (command === 'sync') {
      const { parseSyncArgs, readSyncInputs, runSync } = await import('./commands/sync-command');
      let parsed;
      let inputs;
      try {
        parsed = parseSyncArgs(args, Date.now());
        inputs = await readSyncInputs(parsed, io);
      } catch (error) {
        return await usageError(io, error);
      }
      return await runSync(parsed, inputs, io);
    }
    if (command === 'send') {
      const { parseSendArgs, readSendInputs, runSend } = await import('./commands/send-command');
      let parsed;
      let inputs;
      try {
        parsed = parseSendArgs(args, new Date());
        inputs = await readSendInputs(parsed, io);
      } catch (error) {
        return await usageError(io, error);
      }
      return await runSend(parsed, inputs, io);
    }
    if (command === 'oauth') {
      const { parseOAuthArgs, runOAuth } = await import('./commands/oauth-command');
      let parsed;
      try {
        parsed = parseOAuthArgs(args);
      } catch (error) {
        return await usageError(io, error);
      }
      return await runOAuth(parsed, io);
    }
    io.stderr.write(`mailcrm: unknown command '${command ?? ''}'.\n\n${await usage()}\n`);
    return EXIT_USAGE;
  } catch (error) {
    // Anything unexpected still ends as the same JSON shape, so scripts can rely on it.
    writeJson(io.stdout, errorOutput(toAppError(error)));
    return EXIT_FAILED;
  }
}
