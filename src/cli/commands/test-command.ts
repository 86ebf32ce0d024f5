/**
 * `mailcrm test ...`: Test Connection from a script. Reads the password from the first line of
 * stdin (never from the command line, where other users can see it in the process list),
 * checks IMAP and SMTP, prints `{ imap: {...}, smtp: {...} }`, and exits 0 only when both pass.
 */
import type { CheckResult } from '../../shared/account';
import { fail, toAppError } from '../../shared/errors';
import { createConsoleLogger } from '../../main/core/adapters/console-logger';
import { createNodeDnsResolver } from '../../main/core/adapters/node-dns-resolver';
import { testConnection } from '../../main/core/connection/test-connection';
import { cliAccessToken } from '../cli-oauth';
import {
  EXIT_FAILED,
  EXIT_OK,
  errorOutput,
  readCaFile,
  readFirstLine,
  writeJson,
  type CliIo,
} from '../cli-io';
import type { TestArgs } from '../test-args';

export { TEST_USAGE, parseTestArgs } from '../test-args';

/** One side of the result as printed: ok, and on failure its code, message and hint. */
function checkOutput(check: CheckResult): Record<string, unknown> {
  if (check.ok || check.error === undefined) return { ok: check.ok };
  return {
    ok: false,
    code: check.error.code,
    message: check.error.message,
    ...(check.error.hint === undefined ? {} : { hint: check.error.hint }),
    ...(check.certificate === undefined
      ? {}
      : {
          certificate: {
            subject: check.certificate.subject,
            fingerprint256: check.certificate.fingerprint256,
          },
        }),
  };
}

/** Runs the test with the password from stdin; prints the result; returns the exit code. */
export async function runTest(
  args: TestArgs,
  password: string,
  extraCaPem: readonly string[],
  io: CliIo,
  accessToken?: string,
): Promise<number> {
  try {
    const dns = createNodeDnsResolver(args.dnsServer === undefined ? undefined : [args.dnsServer]);
    const result = await testConnection(
      args.draft,
      accessToken === undefined ? { password } : { accessToken },
      {
        dns,
        extraCaPem,
        // Warnings (e.g. an unreadable certificate) as JSON lines on stderr, apart from the result.
        logger: createConsoleLogger({ stream: io.stderr, quiet: true }),
        ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }),
      },
    );
    writeJson(io.stdout, {
      imap: {
        ...checkOutput(result.imap),
        folders: result.imap.folders.map((folder) => folder.path),
        mapping: result.imap.mapping,
      },
      smtp: checkOutput(result.smtp),
    });
    return result.imap.ok && result.smtp.ok ? EXIT_OK : EXIT_FAILED;
  } catch (error) {
    writeJson(io.stdout, errorOutput(toAppError(error)));
    return EXIT_FAILED;
  }
}

/** Reads what the test needs from outside the arguments: the password and the CA file. */
export async function readTestInputs(
  args: TestArgs,
  io: CliIo,
): Promise<{ password: string; extraCaPem: string[]; accessToken?: string }> {
  const extraCaPem = args.caFile === undefined ? [] : [await readCaFile(args.caFile)];
  if (args.oauth !== undefined) {
    return {
      password: '',
      extraCaPem,
      accessToken: await cliAccessToken(args.oauth, args.draft.login, io),
    };
  }
  const password = await readFirstLine(io.stdin);
  if (password.length === 0)
    fail('INVALID_INPUT', 'stdin gave no password: pipe the password in as its first line.');
  return { password, extraCaPem };
}
