/**
 * Runs Debian's Dovecot (imapd + lmtpd) as a non-daemon child (`dovecot -F`) with its own
 * config, base_dir, state_dir and log under the rig's temp dir, on free 127.0.0.1 ports.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  renderDovecotConfig,
  renderDovecotOauth2Config,
  type DovecotConfigInput,
  type DovecotOauth2Input,
} from './dovecot-config';
import { freePort, waitForGreeting } from './free-port';

const run = promisify(execFile);

export interface DovecotOptions {
  /** The rig's temp dir; Dovecot's files go into <dir>/dovecot, mail into <dir>/mail. */
  readonly dir: string;
  readonly passwdFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** The certificate PEM, to check the implicit-TLS port's handshake while waiting for it. */
  readonly certPem: string;
  /** Accept OAuth 2 bearer tokens (XOAUTH2, OAUTHBEARER) checked by introspection here. */
  readonly oauth2?: DovecotOauth2Input;
}

export interface DovecotInstance {
  readonly ports: { readonly imap: number; readonly imaps: number; readonly lmtp: number };
  readonly logFile: string;
  readonly mailRoot: string;
  /** Stops Dovecot and waits for it to exit (SIGTERM, then SIGKILL after a grace period). */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;
const PORT_ATTEMPTS = 3;

function binary(name: string, dirs: readonly string[]): string {
  // /usr/sbin is not on every non-root PATH.
  return dirs.map((dir) => join(dir, name)).find((path) => existsSync(path)) ?? name;
}

/** Who owns the mail: Dovecot refuses uid 0, so as root we use nobody; otherwise ourselves. */
async function accounts(): Promise<
  Pick<DovecotConfigInput, 'mailUid' | 'mailGid' | 'root' | 'currentUser' | 'currentGroup'>
> {
  const me = userInfo();
  if (me.uid === 0) {
    const { stdout } = await run('id', ['-u', 'nobody']);
    const { stdout: gid } = await run('id', ['-g', 'nobody']);
    return {
      mailUid: Number(stdout.trim()),
      mailGid: Number(gid.trim()),
      root: { internalUser: 'dovecot', loginUser: 'dovenull' },
      currentUser: me.username,
      currentGroup: 'root',
    };
  }
  const { stdout: group } = await run('id', ['-gn']);
  return {
    mailUid: me.uid,
    mailGid: me.gid,
    root: null,
    currentUser: me.username,
    currentGroup: group.trim(),
  };
}

async function logTail(logFile: string, lines = 30): Promise<string> {
  try {
    return (await readFile(logFile, 'utf8')).split('\n').slice(-lines).join('\n');
  } catch (error) {
    return `(no log: ${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Starts Dovecot; retries with new ports when another process took one meanwhile. */
export async function startDovecot(options: DovecotOptions): Promise<DovecotInstance> {
  const home = join(options.dir, 'dovecot');
  const mailRoot = join(options.dir, 'mail');
  const who = await accounts();
  await mkdir(home, { recursive: true });
  await mkdir(mailRoot, { recursive: true });
  await chown(mailRoot, who.mailUid, who.mailGid);
  // Dovecot's unprivileged processes (auth reads the passwd file, mail runs as nobody) must
  // reach into the temp dir, which mkdtemp made 0700.
  await chmod(options.dir, 0o755);
  // Dovecot's auth process runs as its internal user and re-reads the passwd file on change.
  await chmod(options.passwdFile, 0o644);
  let oauth2File: string | undefined;
  if (options.oauth2 !== undefined) {
    oauth2File = join(home, 'dovecot-oauth2.conf.ext');
    // Read by the auth process (an unprivileged user when running as root). It holds only the
    // rig's throwaway introspection secret.
    await writeFile(oauth2File, renderDovecotOauth2Config(options.oauth2), { mode: 0o644 });
  }
  for (let attempt = 1; ; attempt += 1) {
    const [imap, imaps, lmtp] = await threeFreePorts();
    const logFile = join(home, `dovecot-${attempt}.log`);
    const configFile = join(home, 'dovecot.conf');
    const input: DovecotConfigInput = {
      ...who,
      baseDir: join(home, 'run'),
      stateDir: join(home, 'state'),
      logFile,
      passwdFile: options.passwdFile,
      mailRoot,
      certFile: options.certFile,
      keyFile: options.keyFile,
      ports: { imap, imaps, lmtp },
      ...(oauth2File === undefined ? {} : { oauth2File }),
    };
    await writeFile(configFile, renderDovecotConfig(input));
    await validateConfig(configFile);
    try {
      const stop = await launch(configFile, input, options.certPem);
      return { ports: input.ports, logFile, mailRoot, stop };
    } catch (error) {
      const tail = await logTail(logFile);
      const message = error instanceof Error ? error.message : String(error);
      // Another process took a port between freePort() and Dovecot's bind: try new ports.
      if (/Address already in use/.test(tail + message) && attempt < PORT_ATTEMPTS) continue;
      throw new Error(`dovecot did not start: ${message}\n--- ${logFile} ---\n${tail}`, {
        cause: error,
      });
    }
  }
}

/** Three distinct free ports (a just-released port may be handed out again at once). */
async function threeFreePorts(): Promise<[number, number, number]> {
  const ports = new Set<number>();
  while (ports.size < 3) ports.add(await freePort());
  const [imap = 0, imaps = 0, lmtp = 0] = ports;
  return [imap, imaps, lmtp];
}

async function validateConfig(configFile: string): Promise<void> {
  try {
    await run(binary('doveconf', ['/usr/bin', '/usr/sbin']), ['-n', '-c', configFile]);
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    throw new Error(`doveconf rejected ${configFile}: ${String(stderr ?? error)}`, {
      cause: error,
    });
  }
}

/** Spawns Dovecot, waits for all three greetings, and returns the function that stops it. */
async function launch(
  configFile: string,
  input: DovecotConfigInput,
  certPem: string,
): Promise<() => Promise<void>> {
  const dovecot = binary('dovecot', ['/usr/sbin', '/usr/bin']);
  // setpriv --pdeathsig: Dovecot gets SIGTERM if this Node process dies without running its
  // exit handlers (SIGKILL, crash), so no orphaned server outlives a test run.
  const setpriv = binary('setpriv', ['/usr/bin', '/bin']);
  const args = ['-F', '-c', configFile];
  const child = existsSync(setpriv)
    ? spawn(setpriv, ['--pdeathsig', 'TERM', '--', dovecot, ...args], {
        stdio: ['ignore', 'ignore', 'pipe'],
      })
    : spawn(dovecot, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  let spawnError: Error | undefined;
  // Without an 'exit' (the binary could not be started), 'error' ends the wait as well.
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      spawnError = error;
      resolve();
    });
  });
  const killOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.once('exit', killOnExit);
  const alive = (): boolean =>
    spawnError === undefined && child.exitCode === null && child.signalCode === null;
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (alive()) await terminate(child, exited);
  };
  try {
    const tls = { ca: certPem, servername: 'mail.example.test' };
    await Promise.all([
      // The real greeting carries CAPABILITY; "* OK Waiting for authentication" does not count.
      waitForGreeting(
        { port: input.ports.imap, expect: '* OK [CAPABILITY ' },
        alive,
        START_TIMEOUT_MS,
      ),
      waitForGreeting(
        { port: input.ports.imaps, tls, expect: '* OK [CAPABILITY ' },
        alive,
        START_TIMEOUT_MS,
      ),
      waitForGreeting({ port: input.ports.lmtp, expect: '220 ' }, alive, START_TIMEOUT_MS),
    ]);
  } catch (error) {
    const exit = alive()
      ? ''
      : ` (dovecot exited: ${spawnError?.message ?? `code ${child.exitCode ?? '-'}, signal ${child.signalCode ?? '-'}`})`;
    await stop();
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}${exit} ${stderr.trim()}`,
      {
        cause: error,
      },
    );
  }
  return stop;
}

async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
