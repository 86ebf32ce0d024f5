/**
 * Running `mailcrm send` against the rig, in-process or as a child process (for kill tests),
 * and counting what arrived over IMAP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { ImapFlow } from 'imapflow';
import { build } from 'vite';
import { readOutboxItems } from '../../../src/cli/outbox-file';
import { runCli } from '../../../src/cli/run-cli';
import type { OutboxItem } from '../../../src/shared/outbox';
import type { RigInfo, RigUser } from '../../servers/rig-info';

/** The result of one CLI run. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly json: Record<string, unknown>;
}

/** Where the servers are for one run (defaults: the rig's implicit-TLS ports). */
export interface Endpoints {
  readonly smtpPort?: number;
  readonly imapPort?: number;
}

/** The connection flags of `mailcrm send` for `user` (implicit TLS on both sides). */
export function connectionArgs(rig: RigInfo, user: RigUser, endpoints: Endpoints = {}): string[] {
  return [
    '--imap-host',
    rig.hostname,
    '--imap-port',
    String(endpoints.imapPort ?? rig.imap.tlsPort),
    '--imap-security',
    'tls',
    '--smtp-host',
    rig.hostname,
    '--smtp-port',
    String(endpoints.smtpPort ?? rig.smtp.tlsPort),
    '--smtp-security',
    'tls',
    '--user',
    user.login,
    '--password-stdin',
    '--ca-file',
    rig.certificate.file,
    '--dns-server',
    rig.dnsServer,
  ];
}

function parse(text: string): Record<string, unknown> {
  return text.trim().length > 0 ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function collect(stream: NodeJS.ReadableStream): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

/** Runs the CLI in this process. */
export async function runInProcess(argv: string[], password: string): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const code = await runCli(argv, { stdin: Readable.from([`${password}\n`]), stdout, stderr });
  const text = out();
  return { code, stdout: text, stderr: err(), json: parse(text) };
}

/**
 * Builds the CLI bundle as `npm run build` does, into a folder of this test's own (inside
 * node_modules, so the bundle's bare imports resolve): out/ may be rebuilt by others meanwhile.
 */
export async function buildCli(name: string): Promise<string> {
  const outDir = resolve(`node_modules/.cache/mailcrm-test-${name}`);
  await build({
    configFile: resolve('vite.node.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  const entry = join(outDir, 'cli', 'mailcrm.js');
  if (!existsSync(entry)) throw new Error(`no CLI bundle at ${entry}`);
  return entry;
}

/** A CLI child process and its result once it ends. */
export interface CliChild {
  readonly child: ChildProcess;
  readonly done: Promise<CliRun & { readonly signal: NodeJS.Signals | null }>;
}

/** Starts the built CLI as a child process with the password on stdin. */
export function spawnCli(entry: string, argv: string[], password: string): CliChild {
  const child = spawn(process.execPath, [entry, ...argv], { stdio: ['pipe', 'pipe', 'pipe'] });
  const out = collect(child.stdout);
  const err = collect(child.stderr);
  child.stdin.end(`${password}\n`);
  const done = new Promise<CliRun & { signal: NodeJS.Signals | null }>((resolveDone) => {
    child.on('close', (code, signal) => {
      const text = out();
      let json: Record<string, unknown> = {};
      try {
        json = parse(text);
      } catch {
        json = {};
      }
      resolveDone({ code: code ?? -1, signal, stdout: text, stderr: err(), json });
    });
  });
  return { child, done };
}

/** The outbox file's items (none while it does not exist yet). */
export async function outboxItems(path: string): Promise<OutboxItem[]> {
  return readOutboxItems(path);
}

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 20));
  }
}

/** Logs in to the rig's IMAP directly (no proxy). */
export async function imapConnect(rig: RigInfo, user: RigUser): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: rig.host,
    port: rig.imap.tlsPort,
    secure: true,
    tls: { ca: rig.certificate.pem, servername: rig.hostname },
    auth: { user: user.login, pass: user.password },
    logger: false,
  });
  await client.connect();
  return client;
}

/** How many messages in `folder` carry this Message-ID. */
export async function countMessageId(
  rig: RigInfo,
  user: RigUser,
  folder: string,
  messageId: string,
): Promise<number> {
  const client = await imapConnect(rig, user);
  try {
    const lock = await client.getMailboxLock(folder);
    try {
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      return uids === false || uids === undefined ? 0 : uids.length;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

/** The raw source of the one message in `folder` with this Message-ID. */
export async function fetchByMessageId(
  rig: RigInfo,
  user: RigUser,
  folder: string,
  messageId: string,
): Promise<string> {
  const client = await imapConnect(rig, user);
  try {
    const lock = await client.getMailboxLock(folder);
    try {
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      const uid = uids === false || uids === undefined ? undefined : uids[0];
      if (uid === undefined) throw new Error(`${messageId} is not in ${folder}`);
      const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
      if (message === false || message?.source === undefined) throw new Error('no source');
      return message.source.toString('utf8');
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}
