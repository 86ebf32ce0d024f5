import { promises as dns } from 'node:dns';
import { connect as connectTcp } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { deliver } from '../../servers/deliver';
import type { RigInfo, RigUser } from '../../servers/rig-info';
import { addRigUser } from '../../servers/rig-users';

const rig: RigInfo = inject('rig');
const [anna, ben] = rig.users;
if (anna === undefined || ben === undefined) throw new Error('the rig has fewer than two users');

const openClients: ImapFlow[] = [];

afterEach(async () => {
  await Promise.all(openClients.splice(0).map((client) => client.logout()));
});

function imapOptions(user: RigUser, secure: boolean): ImapFlowOptions {
  return {
    host: rig.host,
    port: secure ? rig.imap.tlsPort : rig.imap.starttlsPort,
    secure,
    doSTARTTLS: secure ? undefined : true,
    servername: rig.hostname,
    tls: { ca: [rig.certificate.pem] },
    auth: { user: user.login, pass: user.password },
    logger: false,
    disableAutoIdle: true,
  };
}

async function imapLogin(user: RigUser, secure = true): Promise<ImapFlow> {
  const client = new ImapFlow(imapOptions(user, secure));
  await client.connect();
  openClients.push(client);
  return client;
}

function smtpTransport(user: RigUser, password = user.password, secure = false) {
  return createTransport({
    host: rig.host,
    port: secure ? rig.smtp.tlsPort : rig.smtp.starttlsPort,
    secure,
    requireTLS: !secure,
    tls: { ca: [rig.certificate.pem], servername: rig.hostname },
    auth: { user: user.login, pass: password },
  });
}

/** Polls the user's INBOX until a message with this subject is there (delivery is async). */
async function waitForSubject(user: RigUser, subject: string): Promise<number> {
  const client = await imapLogin(user);
  const deadline = Date.now() + 5000;
  for (;;) {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const uids = (await client.search({ header: { subject } }, { uid: true })) || [];
      if (uids.length > 0) return uids.length;
    } finally {
      lock.release();
    }
    if (Date.now() > deadline) throw new Error(`"${subject}" did not arrive in INBOX`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('rig IMAP (Dovecot)', () => {
  it('logs in over implicit TLS and advertises the extensions the sync engine needs', async () => {
    const client = await imapLogin(anna);
    expect(client.secureConnection).toBe(true);
    for (const capability of ['IDLE', 'CONDSTORE', 'QRESYNC', 'SPECIAL-USE', 'MOVE', 'UIDPLUS']) {
      expect(client.capabilities.has(capability), capability).toBe(true);
    }
  });

  it('logs in over STARTTLS', async () => {
    const client = await imapLogin(ben, false);
    expect(client.secureConnection).toBe(true);
    expect(client.authenticated).toBeTruthy();
  });

  it('lists the special-use folders, subscribed', async () => {
    const client = await imapLogin(anna);
    const folders = await client.list();
    const byPath = new Map(folders.map((folder) => [folder.path, folder]));
    const expected: Record<string, string> = {
      INBOX: '\\Inbox',
      Sent: '\\Sent',
      Drafts: '\\Drafts',
      Trash: '\\Trash',
      Junk: '\\Junk',
      Archive: '\\Archive',
    };
    for (const [path, flag] of Object.entries(expected)) {
      expect(byPath.get(path)?.specialUse, path).toBe(flag);
      expect(byPath.get(path)?.subscribed, path).toBe(true);
    }
    for (const [path, flag] of Object.entries(expected)) {
      if (path === 'INBOX') continue;
      expect(byPath.get(path)?.flags.has(flag), `${path} has ${flag} from the server`).toBe(true);
    }
    expect(folders[0]?.delimiter).toBe('/');
  });

  it('refuses a wrong password', async () => {
    const client = new ImapFlow(imapOptions({ ...anna, password: 'wrong' }, true));
    await expect(client.connect()).rejects.toMatchObject({ authenticationFailed: true });
  });
});

describe('rig TLS certificate', () => {
  function peerCertificate(servername: string): Promise<{ fingerprint256: string }> {
    return new Promise((resolve, reject) => {
      const socket = connectTls({
        host: rig.host,
        port: rig.imap.tlsPort,
        servername,
        ca: [rig.certificate.pem],
      });
      socket.once('secureConnect', () => {
        resolve(socket.getPeerCertificate());
        socket.destroy();
      });
      socket.once('error', reject);
    });
  }

  it('is what the servers present, with the advertised fingerprint', async () => {
    const certificate = await peerCertificate(rig.hostname);
    expect(certificate.fingerprint256).toBe(rig.certificate.fingerprint256);
    expect(rig.certificate.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('does not name the mismatched host name', async () => {
    await expect(peerCertificate(rig.mismatchedHostname)).rejects.toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });
});

describe('rig DNS and closed port', () => {
  it('resolves the example.test zone', async () => {
    const resolver = new dns.Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([rig.dnsServer]);
    await expect(resolver.resolve4(rig.hostname)).resolves.toEqual(['127.0.0.1']);
    await expect(resolver.resolve4(rig.mismatchedHostname)).resolves.toEqual(['127.0.0.1']);
    await expect(resolver.resolveMx('example.test')).resolves.toEqual([
      { exchange: rig.hostname, priority: 10 },
    ]);
  });

  it('has a closed port that refuses connections', async () => {
    const error = await new Promise<unknown>((resolve) => {
      const socket = connectTcp(rig.closedPort, rig.host);
      socket.once('connect', () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.once('error', resolve);
    });
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('rig SMTP', () => {
  it('delivers a message sent over STARTTLS into the recipient INBOX', async () => {
    const subject = `rig test ${Date.now()}-${Math.random()}`;
    const transport = smtpTransport(anna);
    const info = await transport.sendMail({
      from: anna.email,
      to: ben.email,
      subject,
      text: 'Hello from the rig test.',
    });
    transport.close();
    expect(info.accepted).toEqual([ben.email]);
    expect(await waitForSubject(ben, subject)).toBe(1);
  });

  it('accepts AUTH over implicit TLS', async () => {
    const transport = smtpTransport(ben, ben.password, true);
    await expect(transport.verify()).resolves.toBe(true);
    transport.close();
  });

  it('refuses a wrong password with 535', async () => {
    const transport = smtpTransport(anna, 'wrong-password');
    await expect(transport.verify()).rejects.toMatchObject({ responseCode: 535 });
    transport.close();
  });

  it('refuses an unknown recipient with 550', async () => {
    const transport = smtpTransport(anna);
    await expect(
      transport.sendMail({ from: anna.email, to: 'nobody@example.test', subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    transport.close();
  });

  it('advertises a size limit', async () => {
    const greeting = await new Promise<string>((resolve, reject) => {
      const socket = connectTcp(rig.smtp.starttlsPort, rig.host);
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        text += chunk;
        if (text.startsWith('220') && !text.includes('EHLO-SENT')) {
          text += 'EHLO-SENT';
          socket.write('EHLO test.example\r\n');
        }
        if (/\r\n250 [^\r\n]*\r\n$/.test(text)) {
          socket.end('QUIT\r\n');
          resolve(text);
        }
      });
      socket.on('error', reject);
    });
    expect(greeting).toMatch(/250[- ]SIZE 26214400/);
    expect(greeting).toMatch(/250[- ]STARTTLS/);
  });
});

describe('rig users and LMTP delivery', () => {
  it('adds a fresh user who can log in, receive over SMTP and be seeded over LMTP', async () => {
    const carol = await addRigUser(rig);
    const client = await imapLogin(carol);
    expect(await client.status('INBOX', { messages: true })).toMatchObject({ messages: 0 });

    await deliver(rig, [
      {
        from: 'seed@example.test',
        to: [carol.email],
        raw: 'From: seed@example.test\r\nTo: ' + carol.email + '\r\nSubject: seeded\r\n\r\nhi\r\n',
      },
    ]);
    const transport = smtpTransport(anna);
    await transport.sendMail({ from: anna.email, to: carol.email, subject: 'sent', text: 'hi' });
    transport.close();
    expect(await waitForSubject(carol, 'seeded')).toBe(1);
    expect(await waitForSubject(carol, 'sent')).toBe(1);
  });
});
