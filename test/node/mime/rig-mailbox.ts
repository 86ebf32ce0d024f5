/** A fresh rig mailbox for the mime tests: an imapflow client and APPEND that returns the UID. */
import { ImapFlow } from 'imapflow';
import type { RigInfo } from '../../servers/rig-info';
import { addRigUser } from '../../servers/rig-users';

/** Logs a new rig user in over TLS (imapflow's logger off, no auto-IDLE). */
export async function rigClient(rig: RigInfo): Promise<ImapFlow> {
  const user = await addRigUser(rig);
  const client = new ImapFlow({
    host: rig.host,
    port: rig.imap.tlsPort,
    secure: true,
    servername: rig.hostname,
    tls: { ca: [rig.certificate.pem] },
    auth: { user: user.login, pass: user.password },
    logger: false,
    disableAutoIdle: true,
  });
  await client.connect();
  return client;
}

/** APPENDs a message and returns its UID (Dovecot has UIDPLUS). */
export async function appendMessage(
  client: ImapFlow,
  folder: string,
  raw: Buffer,
): Promise<number> {
  const result = await client.append(folder, raw);
  if (result === false || result.uid === undefined) throw new Error('APPEND returned no UID');
  return result.uid;
}

/** Expunges one message by UID. */
export async function expunge(client: ImapFlow, folder: string, uid: number): Promise<void> {
  const lock = await client.getMailboxLock(folder);
  try {
    await client.messageDelete(String(uid), { uid: true });
  } finally {
    lock.release();
  }
}
