/**
 * `mailcrm send` killed (SIGKILL) in every outbox state and started again with the same outbox
 * file, against the rig, for SMTP servers that file sent mail in Sent themselves (like Gmail)
 * and plain ones. Proxies freeze the process at the chosen step: an IMAP black hole holds it
 * after SMTP acceptance, a TLS-terminating SMTP proxy holds it before MAIL FROM or right after
 * the final dot (the server has the message, the client never hears its 250).
 *
 * What is asserted, always over IMAP: the recipient's INBOX holds exactly one message with the
 * Message-ID and the sender's Sent exactly one copy. The one honest exception: a plain server
 * and a kill in 'sending' leave no way to know whether the message went, so the restart says
 * 'unsure' and sends nothing (then the user's decision, --resolve, finishes it exactly once).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OutboxItem } from '../../../src/shared/outbox';
import type { RigUser } from '../../servers/rig-info';
import { addRigUser } from '../../servers/rig-users';
import { startGateProxy, type GateProxy } from './gate-proxy';
import {
  buildCli,
  connectionArgs,
  countMessageId,
  outboxItems,
  spawnCli,
  waitFor,
  type CliChild,
  type Endpoints,
} from './send-harness';

const rig = inject('rig');
const TEST_MS = 90_000;

let cli: string;
beforeAll(async () => {
  cli = await buildCli('outbox-kill');
}, 120_000);

const proxies: GateProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

async function proxy(port: number, terminateTls = false): Promise<GateProxy> {
  const started = await startGateProxy({
    target: { host: '127.0.0.1', port },
    ...(terminateTls
      ? {
          tls: {
            key: await readFile(rig.certificate.keyFile, 'utf8'),
            cert: rig.certificate.pem,
            servername: rig.hostname,
          },
        }
      : {}),
  });
  proxies.push(started);
  return started;
}

const FLAVOURS = [
  { name: 'plain', port: () => rig.smtp.tlsPort, serverFiles: false },
  { name: 'filing (server files Sent)', port: () => rig.smtp.filingTlsPort, serverFiles: true },
] as const;

/** The SMTP client's bytes up to and including the final dot of DATA (RFC 5321 4.1.1.4). */
const FINAL_DOT = /\r\nDATA\r\n[\s\S]*\r\n\.\r\n/;

describe.each(FLAVOURS)('kill and restart, $name SMTP', (flavour) => {
  let sender: RigUser;
  let recipient: RigUser;
  let outbox: string;

  beforeAll(async () => {
    sender = await addRigUser(rig);
    recipient = await addRigUser(rig);
    outbox = join(await mkdtemp(join(rig.tempDir, 'outbox-kill-')), 'outbox.json');
  });

  const endpoints = (extra: Endpoints = {}): Endpoints => ({ smtpPort: flavour.port(), ...extra });

  function start(argv: string[], extra: Endpoints = {}): CliChild {
    return spawnCli(
      cli,
      ['send', ...connectionArgs(rig, sender, endpoints(extra)), '--outbox', outbox, ...argv],
      sender.password,
    );
  }

  function sendNew(subject: string, extra: Endpoints = {}): CliChild {
    return start(
      ['--from', sender.email, '--to', recipient.email, '--subject', subject, '--text', subject],
      extra,
    );
  }

  async function known(): Promise<Set<string>> {
    return new Set((await outboxItems(outbox)).map((item) => item.messageId));
  }

  /** The item this run added, once it reaches `state`. */
  function newItemIn(before: Set<string>, state: OutboxItem['state']): Promise<OutboxItem> {
    return waitFor(`a new item in ${state}`, async () =>
      (await outboxItems(outbox)).find(
        (item) => !before.has(item.messageId) && item.state === state,
      ),
    );
  }

  async function kill(run: CliChild): Promise<void> {
    run.child.kill('SIGKILL');
    const result = await run.done;
    expect(result.signal).toBe('SIGKILL');
  }

  async function stored(messageId: string): Promise<OutboxItem | undefined> {
    return (await outboxItems(outbox)).find((item) => item.messageId === messageId);
  }

  async function expectOnce(messageId: string): Promise<void> {
    expect(await countMessageId(rig, recipient, 'INBOX', messageId)).toBe(1);
    expect(await countMessageId(rig, sender, 'Sent', messageId)).toBe(1);
  }

  it(
    'sent-copy-confirmed: killed at the end, a restart sends nothing more',
    async () => {
      const before = await known();
      const run = sendNew('confirmed');
      const item = await newItemIn(before, 'sent-copy-confirmed');
      run.child.kill('SIGKILL');
      await run.done;
      expect(item.sentCopy).toBe(flavour.serverFiles ? 'server' : 'appended');
      const flush = await start(['--flush']).done;
      expect(flush.code, flush.stdout + flush.stderr).toBe(0);
      expect(flush.json).toEqual({ recovered: [] });
      await expectOnce(item.messageId);
    },
    TEST_MS,
  );

  it(
    'accepted (IMAP frozen after SMTP took it), then queued behind it: each goes once',
    async () => {
      const imap = await proxy(rig.imap.tlsPort);
      imap.freezeAll();
      const beforeA = await known();
      const runA = sendNew('accepted', { imapPort: imap.port });
      const a = await newItemIn(beforeA, 'accepted');
      await kill(runA);
      expect(await countMessageId(rig, recipient, 'INBOX', a.messageId)).toBe(1);

      // The next run queues B, then hangs finishing A (IMAP still frozen): B is killed queued.
      const beforeB = await known();
      const runB = sendNew('queued', { imapPort: imap.port });
      const b = await newItemIn(beforeB, 'queued');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await stored(b.messageId))?.state).toBe('queued');
      expect((await stored(a.messageId))?.state).toBe('accepted');
      await kill(runB);
      expect(await countMessageId(rig, recipient, 'INBOX', b.messageId)).toBe(0);

      const flush = await start(['--flush']).done;
      expect(flush.code, flush.stdout + flush.stderr).toBe(0);
      expect(flush.json.recovered).toEqual(
        expect.arrayContaining([
          { messageId: a.messageId, state: 'sent-copy-confirmed' },
          { messageId: b.messageId, state: 'sent-copy-confirmed' },
        ]) as unknown,
      );
      await expectOnce(a.messageId);
      await expectOnce(b.messageId);
      expect((await stored(a.messageId))?.attempts).toBe(1);
    },
    TEST_MS,
  );

  it(
    'sending, the reply to the final dot lost: never delivered twice',
    async () => {
      const smtp = await proxy(flavour.port(), true);
      smtp.freezeOn(FINAL_DOT, 'after');
      const before = await known();
      const run = sendNew('after the dot', { smtpPort: smtp.port });
      const item = await newItemIn(before, 'sending');
      // The server delivers before it answers 250: wait until it has, then kill the client.
      await waitFor('delivery', async () =>
        smtp.triggered() && (await countMessageId(rig, recipient, 'INBOX', item.messageId)) === 1
          ? true
          : undefined,
      );
      expect((await stored(item.messageId))?.state).toBe('sending');
      await kill(run);

      const flush = await start(['--flush']).done;
      if (flavour.serverFiles) {
        // Found in Sent: accepted, the server's copy confirmed, nothing sent again.
        expect(flush.code, flush.stdout + flush.stderr).toBe(0);
        expect(flush.json.recovered).toEqual([
          { messageId: item.messageId, state: 'sent-copy-confirmed' },
        ]);
        expect((await stored(item.messageId))?.sentCopy).toBe('server');
      } else {
        // A plain server leaves no trace of it: unsure, nothing sent, the user decides.
        expect(flush.code).toBe(1);
        expect(flush.json.recovered).toMatchObject([
          {
            messageId: item.messageId,
            state: 'unsure',
            error: { message: expect.stringContaining('may have gone out') as unknown },
          },
        ]);
        expect(await countMessageId(rig, recipient, 'INBOX', item.messageId)).toBe(1);
        expect(await countMessageId(rig, sender, 'Sent', item.messageId)).toBe(0);
        // The user checked: it arrived. Mark as sent files the Sent copy and sends nothing.
        const resolved = await start(['--resolve', item.messageId, '--mark-sent']).done;
        expect(resolved.code, resolved.stdout + resolved.stderr).toBe(0);
        expect(resolved.json).toEqual({ messageId: item.messageId, sentCopy: 'appended' });
      }
      await expectOnce(item.messageId);
      expect((await stored(item.messageId))?.attempts).toBe(1);
    },
    TEST_MS,
  );

  it(
    'sending, frozen before MAIL FROM: delivered exactly once after the restart',
    async () => {
      const smtp = await proxy(flavour.port(), true);
      smtp.freezeOn(/MAIL FROM:/, 'before');
      const before = await known();
      const run = sendNew('before mail from', { smtpPort: smtp.port });
      const item = await newItemIn(before, 'sending');
      await waitFor('the freeze', () => Promise.resolve(smtp.triggered() ? true : undefined));
      await kill(run);
      expect(await countMessageId(rig, recipient, 'INBOX', item.messageId)).toBe(0);

      const flush = await start(['--flush']).done;
      if (flavour.serverFiles) {
        // Not in Sent, and this server files every message it sends: it never went. Sent now.
        expect(flush.code, flush.stdout + flush.stderr).toBe(0);
        expect(flush.json.recovered).toEqual([
          { messageId: item.messageId, state: 'sent-copy-confirmed' },
        ]);
        expect((await stored(item.messageId))?.attempts).toBe(2);
      } else {
        // The client cannot know what the proxy knows: unsure, and nothing was sent.
        expect(flush.code).toBe(1);
        expect(flush.json.recovered).toMatchObject([
          { messageId: item.messageId, state: 'unsure' },
        ]);
        expect(await countMessageId(rig, recipient, 'INBOX', item.messageId)).toBe(0);
        // The user checked: it did not arrive. Send again delivers it once.
        const resolved = await start(['--resolve', item.messageId, '--send-again']).done;
        expect(resolved.code, resolved.stdout + resolved.stderr).toBe(0);
        expect(resolved.json).toEqual({ messageId: item.messageId, sentCopy: 'appended' });
      }
      await expectOnce(item.messageId);
    },
    TEST_MS,
  );

  it(
    'offline: refused connections keep it queued with a retryable error; back online it goes once',
    async () => {
      const smtp = await proxy(flavour.port());
      await smtp.refuse();
      const before = await known();
      const offline = await sendNew('offline', { smtpPort: smtp.port }).done;
      expect(offline.code).toBe(1);
      const messageId = offline.json.messageId as string;
      expect(offline.json).toMatchObject({
        error: { code: 'CONNECTION_REFUSED' },
        messageId,
        state: 'queued',
        held: false,
      });
      expect(before.has(messageId)).toBe(false);
      expect(await stored(messageId)).toMatchObject({
        state: 'queued',
        held: false,
        lastError: { code: 'CONNECTION_REFUSED', retryable: true },
        retryAt: expect.any(String) as unknown,
      });

      await smtp.accept();
      const online = await start(['--flush'], { smtpPort: smtp.port }).done;
      expect(online.code, online.stdout + online.stderr).toBe(0);
      expect(online.json.recovered).toEqual([{ messageId, state: 'sent-copy-confirmed' }]);
      await expectOnce(messageId);
    },
    TEST_MS,
  );
});
