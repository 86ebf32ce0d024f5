/**
 * What every CLI command shares: its streams, JSON output, the password read from stdin, and
 * argument parsing whose every mistake becomes INVALID_INPUT (printed as usage, exit code 2).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { securitySchema, type Security } from '../shared/account';
import { fail, type AppError } from '../shared/errors';

/** The process's streams, injected so tests run the CLI in-process. */
export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** Exit codes: success, a failed check or operation, a usage mistake. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Writes one JSON document and a newline. */
export function writeJson(stream: NodeJS.WritableStream, value: unknown): void {
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** The JSON printed for a failure: `{ error: { code, message, hint } }`. */
export function errorOutput(error: AppError): {
  error: { code: string; message: string; hint?: string };
} {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    },
  };
}

/**
 * Reads the first line of `stream` (without its line end) and stops reading, so a password
 * piped in never waits for the end of input. The text is never echoed or logged.
 */
export function readFirstLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const cleanup = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const finish = (line: string): void => {
      cleanup();
      // Paused, stdin no longer keeps the process alive.
      stream.pause();
      resolve(line.replace(/\r$/, ''));
    };
    const onData = (chunk: string | Buffer): void => {
      buffer += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      const newline = buffer.indexOf('\n');
      if (newline >= 0) finish(buffer.slice(0, newline));
    };
    const onEnd = (): void => finish(buffer);
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    // Decoding in the stream keeps a multi-byte character split across chunks intact.
    stream.setEncoding('utf8');
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.resume();
  });
}

/** Options of one command, in node:util parseArgs form. */
export type CliOptions = NonNullable<ParseArgsConfig['options']>;

/** Parses a command's arguments strictly; unknown flags and missing values are INVALID_INPUT. */
export function parseCommandArgs<O extends CliOptions>(
  args: readonly string[],
  options: O,
  positionals: number,
) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    return fail('INVALID_INPUT', error instanceof Error ? error.message : String(error));
  }
  if (parsed.positionals.length !== positionals) {
    fail(
      'INVALID_INPUT',
      positionals === 0
        ? `Unexpected argument '${parsed.positionals[0] ?? ''}'.`
        : `Expected ${positionals} argument(s), got ${parsed.positionals.length}.`,
    );
  }
  return parsed;
}

/** A required string option, or INVALID_INPUT naming the flag. */
export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.length === 0) fail('INVALID_INPUT', `--${flag} is required.`);
  return value;
}

/** A TCP port from a flag value. */
export function parsePort(value: string, flag: string): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 1 && port <= 65535))
    fail('INVALID_INPUT', `--${flag} must be a port number (1-65535), not '${value}'.`);
  return port;
}

/** A positive number of milliseconds from a flag value. */
export function parseMilliseconds(value: string, flag: string): number {
  const ms = /^\d{1,7}$/.test(value) ? Number(value) : Number.NaN;
  if (!(ms >= 1))
    fail('INVALID_INPUT', `--${flag} must be a number of milliseconds, not '${value}'.`);
  return ms;
}

/** tls | starttls | none from a flag value. */
export function parseSecurity(value: string, flag: string): Security {
  const parsed = securitySchema.safeParse(value);
  if (!parsed.success)
    fail('INVALID_INPUT', `--${flag} must be tls, starttls or none, not '${value}'.`);
  return parsed.data;
}

/**
 * Whether the command signs in with OAuth: exactly one of --oauth and --password-stdin, else
 * INVALID_INPUT saying what to pass.
 */
export function usesOAuth(values: {
  readonly oauth?: boolean;
  readonly 'password-stdin'?: boolean;
}): boolean {
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
  return oauth;
}

/** Host, port and security of one server from --imap-* or --smtp-* flags, all required. */
export function serverEndpoint(
  values: Readonly<Record<string, unknown>>,
  server: 'imap' | 'smtp',
): { host: string; port: number; security: Security } {
  const flag = (name: string): string => {
    const value = values[`${server}-${name}`];
    return required(typeof value === 'string' ? value : undefined, `${server}-${name}`);
  };
  return {
    host: flag('host'),
    port: parsePort(flag('port'), `${server}-port`),
    security: parseSecurity(flag('security'), `${server}-security`),
  };
}

/** The first problem zod found in the arguments, as a usage message. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') ?? 'arguments'}: ${issue?.message ?? 'invalid'}`;
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
