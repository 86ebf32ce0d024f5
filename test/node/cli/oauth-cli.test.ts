/**
 * `mailcrm oauth login` against the rig's OpenID provider (the printed address followed the way
 * a browser would, through the scripted login to the loopback callback), then `mailcrm test`,
 * `mailcrm sync` and `mailcrm send` with --oauth: XOAUTH2 checked by Dovecot and the rig's SMTP
 * through token introspection, the refresh token read from the real test keyring.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../src/cli/run-cli';
import { addRigUser } from '../../servers/rig-users';
import { followSignIn } from '../oauth/oauth-helpers';

const rig = inject('rig');

interface Running {
  readonly done: Promise<{ code: number; json: Record<string, unknown> }>;
  /** Resolves with the first http URL the command prints on stderr. */
  readonly printedUrl: Promise<string>;
}

function start(argv: string[]): Running {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  let seen = '';
  const printedUrl = new Promise<string>((resolve) => {
    stderr.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /^(http:\/\/127\.0\.0\.1:\d+\/\S+)$/m.exec(seen);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
  });
  const done = runCli(argv, { stdin: Readable.from(['']), stdout, stderr }).then((code) => {
    const text = Buffer.concat(out).toString('utf8').trim();
    return { code, json: text.length > 0 ? (JSON.parse(text) as Record<string, unknown>) : {} };
  });
  return { done, printedUrl };
}

async function places(): Promise<string[]> {
  const configDir = await mkdtemp(join(rig.tempDir, 'cli-oauth-'));
  return ['--keychain-service', `mailcrm-cli-test-${randomUUID()}`, '--config-dir', configDir];
}

function serverArgs(login: string): string[] {
  return [
    '--imap-host',
    rig.hostname,
    '--imap-port',
    String(rig.imap.tlsPort),
    '--imap-security',
    'tls',
    '--user',
    login,
    '--ca-file',
    rig.certificate.file,
    '--dns-server',
    rig.dnsServer,
  ];
}

describe('mailcrm oauth login, then --oauth', () => {
  it('signs in through the printed address and tests, syncs with the stored tokens', async () => {
    const user = await addRigUser(rig);
    const where = await places();
    const login = start([
      'oauth',
      'login',
      '--issuer',
      rig.oidc.issuer,
      '--client-id',
      rig.oidc.client.clientId,
      ...rig.oidc.client.scope.split(' ').flatMap((scope) => ['--scope', scope]),
      '--user',
      user.login,
      ...where,
    ]);
    const page = await followSignIn(await login.printedUrl);
    expect(page.body).toContain('You can return to mailcrm');
    const signedIn = await login.done;
    expect(signedIn.code).toBe(0);
    expect(signedIn.json).toMatchObject({
      user: user.login,
      signedIn: true,
      issuer: rig.oidc.issuer,
      clientId: rig.oidc.client.clientId,
    });

    const tested = await start([
      'test',
      ...serverArgs(user.login),
      '--smtp-host',
      rig.hostname,
      '--smtp-port',
      String(rig.smtp.starttlsPort),
      '--smtp-security',
      'starttls',
      '--oauth',
      ...where,
    ]).done;
    expect(tested.json).toMatchObject({ imap: { ok: true }, smtp: { ok: true } });
    expect(tested.code).toBe(0);

    const out = join(await mkdtemp(join(rig.tempDir, 'cli-oauth-sync-')), 'out.ndjson');
    const synced = await start([
      'sync',
      ...serverArgs(user.login),
      '--oauth',
      ...where,
      '--folder',
      'INBOX',
      '--out',
      out,
    ]).done;
    expect(synced.code).toBe(0);

    const outbox = join(await mkdtemp(join(rig.tempDir, 'cli-oauth-outbox-')), 'outbox.json');
    const sent = await start([
      'send',
      ...serverArgs(user.login),
      '--smtp-host',
      rig.hostname,
      '--smtp-port',
      String(rig.smtp.starttlsPort),
      '--smtp-security',
      'starttls',
      '--oauth',
      ...where,
      '--outbox',
      outbox,
      '--from',
      user.email,
      '--to',
      user.email,
      '--subject',
      'Sent with XOAUTH2 from the CLI',
      '--text',
      'Hello',
    ]).done;
    expect(sent).toMatchObject({ code: 0, json: { sentCopy: 'appended' } });

    const status = await start(['oauth', 'status', '--user', user.login, ...where]).done;
    expect(status).toMatchObject({ code: 0, json: { signedIn: true } });
  });

  it('says to sign in first when --oauth finds no tokens, and refuses --oauth with a password', async () => {
    const user = await addRigUser(rig);
    const where = await places();
    const smtp = ['--smtp-host', rig.hostname, '--smtp-port', String(rig.smtp.starttlsPort)];
    const tested = await start([
      'test',
      ...serverArgs(user.login),
      ...smtp,
      '--smtp-security',
      'starttls',
      '--oauth',
      ...where,
    ]).done;
    expect(tested.code).toBe(1);
    expect(tested.json).toMatchObject({
      error: {
        code: 'AUTH_FAILED',
        hint: expect.stringContaining('mailcrm oauth login') as unknown,
      },
    });
    const both = await start([
      'test',
      ...serverArgs(user.login),
      ...smtp,
      '--smtp-security',
      'starttls',
      '--oauth',
      '--password-stdin',
    ]).done;
    expect(both.code).toBe(2);
  });
});
