/**
 * The rig's users live in one Dovecot passwd-file, which the rig's SMTP server reads on every
 * AUTH and RCPT as well. Tests that need a mailbox no parallel test touches take a fresh user
 * with addRigUser.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RigInfo, RigUser } from './rig-info';

export const RIG_DOMAIN = 'example.test';

/** The users every rig starts with. Plain-text passwords: this is a test rig. */
export const DEFAULT_USERS: readonly RigUser[] = [
  { login: 'anna@example.test', password: 'anna-password-1', email: 'anna@example.test' },
  { login: 'ben@example.test', password: 'ben-password-2', email: 'ben@example.test' },
];

/**
 * Spare users written with the passwd-file before Dovecot starts. Dovecot re-reads a changed
 * passwd-file at most once a second, so a user appended later may be refused for up to a
 * second; handing out users Dovecot has known from the start avoids that wait.
 */
const POOL_SIZE = 100;
const POOL_PREFIX = 'user-';
/** Dovecot's passwd-file re-check interval, plus a margin. */
const PASSWD_RELOAD_MS = 1100;

// passwd-file format: user:password:uid:gid:gecos:home:shell:extra. The static userdb supplies
// uid, gid and home, so only the first two fields matter.
function passwdLine(user: RigUser): string {
  if (/[:\n]/.test(user.login + user.password)) throw new Error('":" and newlines are reserved');
  return `${user.login}:{PLAIN}${user.password}\n`;
}

function newUser(local: string): RigUser {
  const email = `${local}@${RIG_DOMAIN}`;
  return { login: email, password: randomBytes(9).toString('base64url'), email };
}

/**
 * Creates the passwd-file with the given users and the pool of spare users. World-readable:
 * Dovecot's auth process runs as an unprivileged user, and these are throwaway test passwords.
 */
export async function writePasswdFile(file: string, users: readonly RigUser[]): Promise<void> {
  const pool = Array.from({ length: POOL_SIZE }, (_, index) =>
    newUser(`${POOL_PREFIX}${String(index + 1).padStart(3, '0')}`),
  );
  await writeFile(file, [...users, ...pool].map(passwdLine).join(''), { mode: 0o644 });
}

function parsePasswdFile(text: string): RigUser[] {
  const users: RigUser[] = [];
  for (const line of text.split('\n')) {
    const [name, password] = line.split(':');
    if (name === undefined || password === undefined || name === '') continue;
    users.push({ login: name, password: password.replace(/^\{PLAIN\}/, ''), email: name });
  }
  return users;
}

/** Looks a login up in the passwd-file as it is now (case-insensitive, as Dovecot's %Lu). */
export async function findRigUser(file: string, login: string): Promise<RigUser | undefined> {
  const wanted = login.toLowerCase();
  const users = parsePasswdFile(await readFile(file, 'utf8'));
  return users.find((user) => user.login.toLowerCase() === wanted);
}

/** Claims a name for this caller alone, across test worker processes (exclusive create). */
async function claim(dir: string, login: string): Promise<boolean> {
  try {
    const handle = await open(join(dir, login), 'wx');
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * A user nobody else has used in this test run, with an empty mailbox (its special-use folders
 * appear on first login or delivery). Usually a spare from the pool, at once; when the pool is
 * used up, a new user is appended and this waits until Dovecot has re-read the passwd-file.
 */
export async function addRigUser(rig: RigInfo): Promise<RigUser> {
  const claims = join(rig.tempDir, 'claimed-users');
  await mkdir(claims, { recursive: true });
  const pool = parsePasswdFile(await readFile(rig.passwdFile, 'utf8')).filter((user) =>
    user.login.startsWith(POOL_PREFIX),
  );
  for (const user of pool) {
    if (await claim(claims, user.login)) return user;
  }
  const user = newUser(`extra-${randomBytes(6).toString('hex')}`);
  // One small O_APPEND write: concurrent test workers cannot interleave within it.
  await appendFile(rig.passwdFile, passwdLine(user));
  await new Promise((resolve) => setTimeout(resolve, PASSWD_RELOAD_MS));
  return user;
}
