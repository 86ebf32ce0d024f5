/**
 * Seeds a rig user's INBOX fast: writes Maildir files straight into the user's Maildir (the
 * rig's Dovecot uses maildir:~/Maildir with home <tempDir>/mail/<login>) instead of delivering
 * 50,000 messages one by one, then lets Dovecot index them on the first SELECT. The file name
 * carries the sizes (S= physical, W= with CRLF) so Dovecot need not read a file to answer
 * RFC822.SIZE, and the mtime is the message date, which Dovecot reports as INTERNALDATE.
 */
import { chown, mkdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import type { RigInfo, RigUser } from '../../test/servers/rig-info';
import { generateMailbox, type MailboxOptions } from './mail-generator';

/** What seeding took, apart from any sync measurement. */
export interface SeedResult {
  readonly messages: number;
  /** Bytes as Dovecot serves them (CRLF line ends). */
  readonly bytes: number;
  readonly writeMs: number;
  /** The first SELECT: Dovecot lists the Maildir and assigns UIDs. */
  readonly indexMs: number;
}

/** Files written at once: enough to keep the disk busy, few enough for the file table. */
const CONCURRENCY = 64;

/** The Maildir the rig's Dovecot uses for `user` (see test/servers/dovecot-config.ts). */
export function userMaildir(rig: RigInfo, user: RigUser): string {
  return join(rig.tempDir, 'mail', user.login.toLowerCase(), 'Maildir');
}

async function makeOwnedDir(path: string, uid: number, gid: number): Promise<void> {
  await mkdir(path, { recursive: true });
  await chown(path, uid, gid);
}

/** Writes the generated mailbox into the user's INBOX and waits until Dovecot has indexed it. */
export async function seedMaildir(
  rig: RigInfo,
  user: RigUser,
  mailbox: MailboxOptions,
): Promise<SeedResult> {
  // Dovecot runs the mail processes as the owner of the mail root (nobody when we are root).
  const owner = await stat(join(rig.tempDir, 'mail'));
  const maildir = userMaildir(rig, user);
  await makeOwnedDir(join(rig.tempDir, 'mail', user.login.toLowerCase()), owner.uid, owner.gid);
  for (const sub of ['', 'cur', 'new', 'tmp']) {
    await makeOwnedDir(join(maildir, sub), owner.uid, owner.gid);
  }
  const started = performance.now();
  let bytes = 0;
  let messages = 0;
  const inFlight = new Set<Promise<void>>();
  for (const message of generateMailbox(mailbox)) {
    const data = Buffer.from(message.raw);
    const lines = message.raw.split('\n').length - 1;
    const seconds = Math.floor(message.date.getTime() / 1000);
    // Time first: Dovecot orders new files by their name when it assigns UIDs.
    const name = `${seconds}.M${message.index}P${process.pid}.bench,S=${data.length},W=${data.length + lines}:2,${message.maildirFlags}`;
    const path = join(maildir, 'cur', name);
    bytes += data.length + lines;
    messages += 1;
    const write = (async (): Promise<void> => {
      await writeFile(path, data);
      await chown(path, owner.uid, owner.gid);
      await utimes(path, message.date, message.date);
    })();
    const tracked = write.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const writeMs = performance.now() - started;
  const indexStarted = performance.now();
  const found = await selectInbox(rig, user);
  if (found !== messages) {
    throw new Error(`seed: Dovecot sees ${found} messages in INBOX, ${messages} were written`);
  }
  return { messages, bytes, writeMs, indexMs: performance.now() - indexStarted };
}

/** Opens an IMAP session as `user` to the rig (TLS, the rig's certificate), without logging. */
export async function connectRig(rig: RigInfo, user: RigUser): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: rig.host,
    port: rig.imap.tlsPort,
    secure: true,
    servername: rig.hostname,
    tls: { ca: rig.certificate.pem, servername: rig.hostname },
    auth: { user: user.login, pass: user.password },
    logger: false,
    disableAutoIdle: true,
  });
  client.on('error', (error: unknown) => {
    // The failing command rejects as well; the event only must not crash the process.
    process.stderr.write(`bench: imap error: ${String(error)}\n`);
  });
  await client.connect();
  return client;
}

/** SELECTs INBOX (Dovecot indexes the Maildir) and returns its message count. */
async function selectInbox(rig: RigInfo, user: RigUser): Promise<number> {
  const client = await connectRig(rig, user);
  try {
    const mailbox = await client.mailboxOpen('INBOX', { readOnly: true });
    return mailbox.exists;
  } finally {
    await client.logout();
  }
}
