/**
 * `mailcrm sync` run in-process against the rig: NDJSON records with the renderer's fields, a
 * state file that makes a re-run incremental, new mail and flag changes picked up, and failures
 * reported with their code.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { ImapFlow } from 'imapflow';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { generateMailbox } from '../../../bench/sync/mail-generator';
import { runCli } from '../../../src/cli/run-cli';
import { windowForSince } from '../../../src/cli/sync-args';
import { deliver } from '../../servers/deliver';
import type { RigUser } from '../../servers/rig-info';
import { addRigUser } from '../../servers/rig-users';

const rig = inject('rig');
const COUNT = 50;
// Asymmetric matchers are typed `any`; as unknown they fit object patterns without lint noise.
const NUMBER = expect.any(Number) as unknown;
const STRING = expect.any(String) as unknown;
const ARRAY = expect.any(Array) as unknown;

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly json: Record<string, unknown>;
}

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

async function run(argv: string[], stdinText: string): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const code = await runCli(argv, { stdin: Readable.from([stdinText]), stdout, stderr });
  const text = out();
  const json = text.trim().length > 0 ? (JSON.parse(text) as Record<string, unknown>) : {};
  return { code, stdout: text, stderr: err(), json };
}

function syncArgs(user: RigUser, out: string, extra: string[] = []): string[] {
  return [
    'sync',
    '--imap-host',
    rig.hostname,
    '--imap-port',
    String(rig.imap.tlsPort),
    '--imap-security',
    'tls',
    '--user',
    user.login,
    '--password-stdin',
    '--ca-file',
    rig.certificate.file,
    '--dns-server',
    rig.dnsServer,
    '--folder',
    'INBOX',
    '--out',
    out,
    ...extra,
  ];
}

async function lines(file: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Generated messages with CRLF line ends (as IMAP and LMTP carry them), dated over 60 days. */
function messages(count: number, seed: number): { raw: string; date: Date }[] {
  return [...generateMailbox({ count, seed, newest: new Date(), spanDays: 60 })].map((message) => ({
    raw: message.raw.replace(/\n/g, '\r\n'),
    date: message.date,
  }));
}

async function connect(user: RigUser): Promise<ImapFlow> {
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

function folderSummary(result: CliRun): Record<string, unknown> {
  const folders = result.json.folders as Record<string, unknown>[];
  return folders[0] ?? {};
}

describe('mailcrm sync', () => {
  let user: RigUser;
  let dir: string;

  beforeAll(async () => {
    user = await addRigUser(rig);
    dir = await mkdtemp(join(rig.tempDir, 'sync-cli-'));
    // APPEND with the message's date as INTERNALDATE, which the history window goes by.
    const client = await connect(user);
    for (const message of messages(COUNT, 11)) {
      await client.append('INBOX', message.raw, [], message.date);
    }
    await client.logout();
  });

  it('writes one NDJSON line per message with the renderer fields, then syncs incrementally', async () => {
    const out = join(dir, 'inbox.ndjson');
    const state = join(dir, 'state.json');
    const first = await run(syncArgs(user, out, ['--state', state]), `${user.password}\n`);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(folderSummary(first)).toMatchObject({
      folder: 'INBOX',
      fetched: COUNT,
      stored: COUNT,
      excluded: 0,
      errors: [],
      mode: 'initial',
    });
    const records = await lines(out);
    expect(records).toHaveLength(COUNT);
    expect(new Set(records.map((record) => record.uid)).size).toBe(COUNT);
    for (const record of records) {
      expect(record).toMatchObject({
        folder: 'INBOX',
        uid: NUMBER,
        uidValidity: NUMBER,
        subject: STRING,
        from: { name: STRING, address: expect.stringContaining('@') as unknown },
        to: [{ address: 'me@example.test' }],
        cc: ARRAY,
        date: STRING,
        flags: ARRAY,
        size: NUMBER,
        references: ARRAY,
        bodyFetched: true,
        attachments: ARRAY,
      });
      expect(record.subject).not.toMatch(/=\?utf-8\?/i);
      expect(record.text ?? record.html).toEqual(expect.any(String));
    }
    // The generator's variety came through: replies, attachments, encoded names.
    expect(records.some((record) => typeof record.inReplyTo === 'string')).toBe(true);
    const attachments = records.flatMap(
      (record) => record.attachments as { filename: string; contentType: string; size: number }[],
    );
    expect(attachments.length).toBeGreaterThan(0);
    expect(attachments[0]).toEqual({
      filename: STRING,
      contentType: STRING,
      size: NUMBER,
    });
    expect(first.stdout + first.stderr).not.toContain(user.password);

    const saved = JSON.parse(await readFile(state, 'utf8')) as { folders: Record<string, unknown> };
    expect(saved.folders.INBOX).toMatchObject({ initialComplete: true });

    const again = await run(syncArgs(user, out, ['--state', state]), `${user.password}\n`);
    expect(again.code, again.stdout).toBe(0);
    expect(folderSummary(again)).toMatchObject({ fetched: 0, stored: 0 });
    expect(folderSummary(again).mode).not.toBe('initial');
    expect(await lines(out)).toHaveLength(COUNT);

    const [extra] = messages(1, 99);
    if (extra === undefined) throw new Error('no message generated');
    await deliver(rig, [{ from: 'sender@example.com', to: [user.email], raw: extra.raw }]);
    const third = await run(syncArgs(user, out, ['--state', state]), `${user.password}\n`);
    expect(third.code, third.stdout).toBe(0);
    expect(folderSummary(third)).toMatchObject({ fetched: 1, stored: 1 });
    const after = await lines(out);
    expect(after).toHaveLength(COUNT + 1);
    const maxUid = Math.max(...records.map((record) => Number(record.uid)));
    expect(Number(after[COUNT]?.uid)).toBeGreaterThan(maxUid);

    // A flag set by another client arrives as a "flags" event line.
    const client = await connect(user);
    await client.mailboxOpen('INBOX');
    await client.messageFlagsAdd(String(maxUid), ['\\Flagged'], { uid: true });
    await client.logout();
    const fourth = await run(syncArgs(user, out, ['--state', state]), `${user.password}\n`);
    expect(fourth.code, fourth.stdout).toBe(0);
    const events = (await lines(out)).filter((line) => line.kind === 'flags');
    expect(events).toHaveLength(1);
    expect(events[0]?.changes).toEqual([
      { uid: maxUid, flags: expect.arrayContaining(['\\Flagged']) as unknown },
    ]);
  });

  it('syncs headers only outside the history window and counts excluded senders', async () => {
    const out = join(dir, 'headers.ndjson');
    const result = await run(
      syncArgs(user, out, ['--history', '7d', '--exclude', 'noreply@*']),
      `${user.password}\n`,
    );
    expect(result.code, result.stdout).toBe(0);
    const summary = folderSummary(result);
    expect(summary.excluded).toBeGreaterThan(0);
    expect(Number(summary.stored) + Number(summary.excluded)).toBe(COUNT + 1);
    const records = await lines(out);
    expect(records).toHaveLength(Number(summary.stored));
    // The generated mail spans 60 days: some inside the 7-day window, most outside.
    expect(records.some((record) => record.bodyFetched === false && record.text === null)).toBe(
      true,
    );
    expect(records.every((record) => (record.from as { address: string }).address !== '')).toBe(
      true,
    );
  });

  it('exits 1 with AUTH_FAILED for a wrong password', async () => {
    const result = await run(syncArgs(user, join(dir, 'denied.ndjson')), 'wrong-password\n');
    expect(result.code).toBe(1);
    expect(result.json).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
  });

  it('exits 1 naming the file when --out cannot be written', async () => {
    const out = join(dir, 'missing-dir', 'out.ndjson');
    const result = await run(syncArgs(user, out), `${user.password}\n`);
    expect(result.code).toBe(1);
    expect(result.json).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result.json.error)).toContain(out);
  });

  it.each([
    [['--history', '1y'], /--history must be/],
    [['--since', '2024-02-30x'], /--since must be a date/],
    [['--since', '2024-01-01', '--history', 'all'], /not both/],
  ])('exits 2 with a usage message for %j', async (extra, message) => {
    const result = await run(syncArgs(user, join(dir, 'x.ndjson'), extra), `${user.password}\n`);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('exits 2 without --folder or with a state file of another account', async () => {
    const noFolder = syncArgs(user, join(dir, 'x.ndjson')).filter(
      (arg, index, all) => arg !== '--folder' && all[index - 1] !== '--folder',
    );
    expect((await run(noFolder, `${user.password}\n`)).stderr).toMatch(/--folder is required/);
    const other = await addRigUser(rig);
    const state = join(dir, 'state.json');
    const result = await run(
      syncArgs(other, join(dir, 'other.ndjson'), ['--state', state]),
      `${other.password}\n`,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/holds checkpoints of/);
  });
});

describe('windowForSince', () => {
  const now = Date.parse('2026-06-30T12:00:00Z');
  it.each([
    ['2026-06-25', '7d'],
    ['2026-06-01', '30d'],
    ['2026-04-15', '90d'],
    ['2026-01-15', '6m'],
    ['2020-01-01', 'all'],
  ])('%s gives %s', (since, window) => {
    expect(windowForSince(since, now)).toBe(window);
  });
});
