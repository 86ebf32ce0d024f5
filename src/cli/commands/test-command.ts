/**
 * `mailcrm test ...`: Test Connection from a script. Reads the password from the first line of
 * stdin (never from the command line, where other users can see it in the process list),
 * checks IMAP and SMTP, prints `{ imap: {...}, smtp: {...} }`, and exits 0 only when both pass.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { accountDraftSchema, type AccountDraft, type CheckResult } from '../../shared/account';
import { fail, toAppError } from '../../shared/errors';
import { createConsoleLogger } from '../../main/core/adapters/console-logger';
import { createNodeDnsResolver } from '../../main/core/adapters/node-dns-resolver';
import { testConnection } from '../../main/core/connection/test-connection';
import {
  cliAccessToken,
  cliOAuthPlaces,
  OAUTH_PLACE_OPTIONS,
  type CliOAuthPlaces,
} from '../cli-oauth';
import {
  EXIT_FAILED,
  EXIT_OK,
  errorOutput,
  parseCommandArgs,
  parseMilliseconds,
  parsePort,
  parseSecurity,
  readFirstLine,
  required,
  writeJson,
  type CliIo,
} from '../cli-io';

/** Usage of the test command. */
export const TEST_USAGE = `mailcrm test --imap-host H --imap-port P --imap-security tls|starttls|none
             --smtp-host H --smtp-port P --smtp-security tls|starttls|none
             --user LOGIN (--password-stdin | --oauth) [--smtp-no-auth] [--ca-file PEM]
             [--dns-server IP[:PORT]] [--timeout-ms N]
  Checks IMAP (login, folder list) and SMTP (EHLO, AUTH) without sending mail. The password is
  the first line of stdin; with --oauth the tokens of \`mailcrm oauth login\` are used (XOAUTH2).
  Exit 0 when both pass, 1 when either fails.`;

const OPTIONS = {
  'imap-host': { type: 'string' },
  'imap-port': { type: 'string' },
  'imap-security': { type: 'string' },
  'smtp-host': { type: 'string' },
  'smtp-port': { type: 'string' },
  'smtp-security': { type: 'string' },
  user: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  oauth: { type: 'boolean' },
  ...OAUTH_PLACE_OPTIONS,
  'smtp-no-auth': { type: 'boolean' },
  'ca-file': { type: 'string' },
  'dns-server': { type: 'string' },
  'timeout-ms': { type: 'string' },
} as const;

/** Checked arguments of the test command (the password comes later, from stdin). */
interface TestArgs {
  readonly draft: AccountDraft;
  readonly caFile?: string;
  readonly dnsServer?: string;
  readonly timeoutMs?: number;
  /** With --oauth: where the tokens of `mailcrm oauth login` are. */
  readonly oauth?: CliOAuthPlaces;
}

/** The address to put in the draft: the login when it is one (nothing is sent to it). */
function draftEmail(user: string): string {
  return z.email().safeParse(user).success ? user : 'test@example.invalid';
}

/** Parses the arguments into a validated draft; throws INVALID_INPUT (a usage error). */
export function parseTestArgs(args: readonly string[]): TestArgs {
  const { values } = parseCommandArgs(args, OPTIONS, 0);
  const oauth = values.oauth === true;
  if (oauth && values['password-stdin'] === true) {
    fail('INVALID_INPUT', 'Choose one of --password-stdin and --oauth.');
  }
  if (!oauth && values['password-stdin'] !== true) {
    fail(
      'INVALID_INPUT',
      '--password-stdin is required: pipe the password in as the first line of stdin (or sign in with `mailcrm oauth login` and pass --oauth).',
    );
  }
  const user = required(values.user, 'user');
  const candidate = {
    name: 'mailcrm test',
    provider: 'custom',
    senderName: '',
    email: draftEmail(user),
    login: user,
    auth: oauth ? 'oauth' : 'password',
    imap: {
      host: required(values['imap-host'], 'imap-host'),
      port: parsePort(required(values['imap-port'], 'imap-port'), 'imap-port'),
      security: parseSecurity(required(values['imap-security'], 'imap-security'), 'imap-security'),
    },
    smtp: {
      host: required(values['smtp-host'], 'smtp-host'),
      port: parsePort(required(values['smtp-port'], 'smtp-port'), 'smtp-port'),
      security: parseSecurity(required(values['smtp-security'], 'smtp-security'), 'smtp-security'),
      noAuth: values['smtp-no-auth'] === true,
      sameCredentialsAsImap: true,
    },
    folders: {},
    copySentToSentFolder: true,
    isDefaultSender: false,
    enabled: true,
    scope: 'personal',
  };
  const draft = accountDraftSchema.safeParse(candidate);
  if (!draft.success) {
    const issue = draft.error.issues[0];
    fail(
      'INVALID_INPUT',
      `${issue?.path.join('.') ?? 'arguments'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const timeout = values['timeout-ms'];
  return {
    draft: draft.data,
    ...(values['ca-file'] === undefined ? {} : { caFile: values['ca-file'] }),
    ...(oauth ? { oauth: cliOAuthPlaces(values) } : {}),
    ...(values['dns-server'] === undefined ? {} : { dnsServer: values['dns-server'] }),
    ...(timeout === undefined ? {} : { timeoutMs: parseMilliseconds(timeout, 'timeout-ms') }),
  };
}

/** Reads the CA file named by --ca-file; throws INVALID_INPUT when it is unreadable or no PEM. */
export async function readCaFile(path: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    return fail(
      'INVALID_INPUT',
      `--ca-file ${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    fail(
      'INVALID_INPUT',
      `--ca-file ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----).`,
    );
  }
  return pem;
}

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
