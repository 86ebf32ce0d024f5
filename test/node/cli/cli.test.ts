/** The CLI run in-process against the rig: `mailcrm test` and `mailcrm detect`. */
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../src/cli/run-cli';
import type { RigUser } from '../../servers/rig-info';

const rig = inject('rig');

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON. */
  readonly json: Record<string, Record<string, unknown>>;
}

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

async function run(argv: string[], stdinText = ''): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const code = await runCli(argv, { stdin: Readable.from([stdinText]), stdout, stderr });
  const text = out();
  let json: CliRun['json'] = {};
  if (text.trim().length > 0) json = JSON.parse(text) as CliRun['json'];
  return { code, stdout: text, stderr: err(), json };
}

function testArgs(user: RigUser): string[] {
  return [
    'test',
    '--imap-host',
    rig.hostname,
    '--imap-port',
    String(rig.imap.tlsPort),
    '--imap-security',
    'tls',
    '--smtp-host',
    rig.hostname,
    '--smtp-port',
    String(rig.smtp.starttlsPort),
    '--smtp-security',
    'starttls',
    '--user',
    user.login,
    '--password-stdin',
    '--ca-file',
    rig.certificate.file,
    '--dns-server',
    rig.dnsServer,
  ];
}

const anna = rig.users[0] as RigUser;

describe('mailcrm test', () => {
  it('exits 0 with both checks ok and the folders listed', async () => {
    const result = await run(testArgs(anna), `${anna.password}\nignored second line\n`);
    expect(result.json.imap).toMatchObject({ ok: true });
    expect(result.json.smtp).toMatchObject({ ok: true });
    expect(result.json.imap?.folders).toEqual(expect.arrayContaining(['INBOX']));
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(anna.password);
  });

  it('exits 1 with AUTH_FAILED for a wrong password', async () => {
    const result = await run(testArgs(anna), 'wrong-password\n');
    expect(result.code).toBe(1);
    expect(result.json.imap).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
    expect(result.json.imap?.message).toEqual(expect.any(String));
    expect(result.json.smtp).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
  });

  it('without --ca-file reports the self-signed certificate', async () => {
    const args = testArgs(anna).filter(
      (arg, index, all) => arg !== '--ca-file' && all[index - 1] !== '--ca-file',
    );
    const result = await run(args, `${anna.password}\n`);
    expect(result.code).toBe(1);
    expect(result.json.imap).toMatchObject({ ok: false, code: 'TLS_CERT_UNTRUSTED' });
  });

  it.each([
    [['test', '--imap-host'], /--imap-host/],
    [['test', '--bogus'], /bogus/],
    [
      [...testArgs(anna).filter((arg) => arg !== '--password-stdin')],
      /--password-stdin is required/,
    ],
    [[...testArgs(anna), '--imap-port', '99999'], /port number/],
    [[...testArgs(anna), '--smtp-security', 'ssl'], /tls, starttls or none/],
    [['frobnicate'], /unknown command/],
    [[], /Usage/],
  ])('exits 2 with a usage message for %j', async (argv, message) => {
    const result = await run(argv, `${anna.password}\n`);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/Usage:/);
    expect(result.stdout).toBe('');
  });

  it('exits 2 when stdin gives no password or the CA file is missing', async () => {
    expect((await run(testArgs(anna), '')).stderr).toMatch(/stdin gave no password/);
    const missingCa = testArgs(anna).map((arg) =>
      arg === rig.certificate.file ? `${rig.tempDir}/none.pem` : arg,
    );
    const result = await run(missingCa, `${anna.password}\n`);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--ca-file .* cannot be read/);
  });
});

describe('mailcrm detect', () => {
  it('prints the Gmail preset', async () => {
    const result = await run(['detect', 'someone@gmail.com', '--dns-server', rig.dnsServer]);
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({
      provider: 'gmail',
      source: 'preset',
      imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
      smtp: { host: 'smtp.gmail.com' },
    });
  });

  it("finds the rig's servers through its DNS", async () => {
    const result = await run(['detect', anna.email, '--dns-server', rig.dnsServer]);
    expect(result.code).toBe(0);
    expect(result.json.imap).toMatchObject({ host: rig.hostname, port: rig.imap.tlsPort });
  });

  it('prints an error object and exits 1 when nothing is found', async () => {
    const result = await run([
      'detect',
      'nobody@nowhere.example.test',
      '--dns-server',
      rig.dnsServer,
      '--timeout-ms',
      '500',
    ]);
    expect(result.code).toBe(1);
    expect(typeof result.json.error?.code).toBe('string');
    expect(typeof result.json.error?.message).toBe('string');
  });

  it('exits 2 for a missing address', async () => {
    expect((await run(['detect'])).code).toBe(2);
  });
});
