/**
 * Sending through the real rig: a message with every header and two attachments arrives intact,
 * Bcc stays out of what recipients see, and Sent ends with exactly one copy, whether the server
 * files it (the rig's filing ports, like Gmail) or the app appends it.
 */
import { afterEach, describe, expect, it, inject } from 'vitest';
import type { OutgoingMessage } from '../../../src/shared/compose';
import { addRigUser } from '../../servers/rig-users';
import {
  countIn,
  outgoing,
  readByMessageId,
  sendSetup,
  withClient,
  type SendSetup,
} from './helpers';

const rig = inject('rig');
const open: SendSetup[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((setup) => setup.service.close()));
});

const forwardedBytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256));
const stagedText = 'Staged file contents\n'.repeat(200);

/** A message with an attachment, put in the sender's INBOX; returns the part to forward. */
async function messageToForward(setup: SendSetup): Promise<{ uid: number; uidValidity: number }> {
  const raw = [
    'From: Someone <someone@example.test>',
    `To: ${setup.user.email}`,
    'Subject: Has an attachment',
    `Message-ID: <fwd-${Date.now()}@example.test>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'See attached.',
    '--b1',
    'Content-Type: application/octet-stream; name="data.bin"',
    'Content-Disposition: attachment; filename="data.bin"',
    'Content-Transfer-Encoding: base64',
    '',
    forwardedBytes.toString('base64').replace(/.{76}/g, '$&\r\n'),
    '--b1--',
    '',
  ].join('\r\n');
  return withClient(rig, setup.user, async (client) => {
    const appended = await client.append('INBOX', raw);
    if (appended === false || appended.uid === undefined || appended.uidValidity === undefined) {
      throw new Error('APPEND gave no UID');
    }
    return { uid: appended.uid, uidValidity: Number(appended.uidValidity) };
  });
}

async function stageFile(setup: SendSetup): Promise<string> {
  const bytes = Buffer.from(stagedText);
  const { token } = await setup.staging.begin('notes.txt', 'text/plain', bytes.length);
  await setup.staging.append(token, 0, bytes.toString('base64'));
  await setup.staging.finish(token);
  return token;
}

describe.each([
  { ports: 'plain', port: () => rig.smtp.starttlsPort, copy: 'appended', learned: false },
  { ports: 'filing', port: () => rig.smtp.filingStarttlsPort, copy: 'server', learned: true },
] as const)('send over the $ports SMTP ports', ({ port, copy, learned }) => {
  it('delivers the whole message and leaves exactly one copy in Sent', async () => {
    const setup = await sendSetup(rig, {
      smtp: {
        host: rig.hostname,
        port: port(),
        security: 'starttls',
        noAuth: false,
        sameCredentialsAsImap: true,
      },
    });
    open.push(setup);
    const [to, cc, bcc] = await Promise.all([addRigUser(rig), addRigUser(rig), addRigUser(rig)]);
    const forwarded = await messageToForward(setup);
    const token = await stageFile(setup);
    const message: OutgoingMessage = outgoing(setup, {
      to: [{ name: 'To Person', address: to.email }],
      cc: [{ name: '', address: cc.email }],
      bcc: [{ name: 'Hidden', address: bcc.email }],
      replyTo: { name: 'Replies', address: setup.user.email },
      subject: 'Quarterly report – ünïcode',
      text: 'Plain body',
      html: '<p>Rich <b>body</b></p>',
      inReplyTo: '<parent@example.test>',
      references: ['<root@example.test>', '<parent@example.test>'],
      readReceipt: true,
      listUnsubscribe: '<mailto:unsubscribe@example.test>',
      attachments: [
        {
          kind: 'staged',
          token,
          filename: 'notes.txt',
          contentType: 'text/plain',
          size: stagedText.length,
        },
        {
          kind: 'forwarded',
          ref: { accountId: setup.account.id, folder: 'INBOX', ...forwarded },
          partId: '2',
          filename: 'data.bin',
          contentType: 'application/octet-stream',
          size: forwardedBytes.length,
        },
      ],
    });

    const receipt = await setup.service.send(message);
    expect(receipt.messageId).toBe(message.messageId);
    expect([...receipt.accepted].sort()).toEqual([to.email, cc.email, bcc.email].sort());
    expect(receipt.response).toMatch(/^250/);
    expect(await setup.service.fileSent(message)).toBe(copy);
    expect(await setup.service.fileSent(message)).toBe('server');

    const [received] = await withClient(rig, to, (client) =>
      readByMessageId(client, 'INBOX', message.messageId),
    );
    if (received === undefined) throw new Error('Not delivered');
    expect(received.subject).toBe('Quarterly report – ünïcode');
    expect(received.text?.trim()).toBe('Plain body');
    expect(received.html).toContain('<p>Rich <b>body</b></p>');
    expect(received.messageId).toBe(message.messageId);
    expect(received.inReplyTo).toBe('<parent@example.test>');
    expect(received.references).toEqual(['<root@example.test>', '<parent@example.test>']);
    expect(received.from?.value).toEqual([{ name: 'Sender Name', address: setup.user.email }]);
    expect(received.replyTo?.value[0]?.address).toBe(setup.user.email);
    expect(received.date?.toISOString()).toBe(
      new Date(message.date).toISOString().replace(/\.\d+Z$/, '.000Z'),
    );
    const header = (name: string): string | undefined =>
      received.headerLines.find((line) => line.key === name)?.line;
    expect(header('disposition-notification-to')).toContain(setup.user.email);
    expect(header('list-unsubscribe')).toBe('List-Unsubscribe: <mailto:unsubscribe@example.test>');
    expect(header('bcc')).toBeUndefined();
    expect(received.bcc).toBeUndefined();
    const files = new Map(received.attachments.map((file) => [file.filename, file.content]));
    expect(files.get('notes.txt')?.toString()).toBe(stagedText);
    expect(files.get('data.bin')?.equals(forwardedBytes)).toBe(true);

    for (const user of [cc, bcc]) {
      const copies = await withClient(rig, user, (client) =>
        readByMessageId(client, 'INBOX', message.messageId),
      );
      expect(copies).toHaveLength(1);
    }

    const sent = await withClient(rig, setup.user, (client) =>
      readByMessageId(client, 'Sent', message.messageId),
    );
    expect(sent).toHaveLength(1);
    if (copy === 'appended') {
      // Only the copy the app writes can carry Bcc: the server never saw that header.
      expect(sent[0]?.bcc).toMatchObject({ value: [{ address: bcc.email }] });
    }

    expect(await setup.service.locate(setup.account.id, message.messageId)).toEqual({
      found: true,
      folder: 'Sent',
      serverFilesSent: learned,
    });
    expect(await setup.service.locate(setup.account.id, '<unknown@example.test>')).toEqual({
      found: false,
      serverFilesSent: learned,
    });
  });
});

describe('replies', () => {
  it('threads: the recipient sees In-Reply-To and References', async () => {
    const setup = await sendSetup(rig);
    open.push(setup);
    const to = await addRigUser(rig);
    const reply = outgoing(setup, {
      to: [{ name: '', address: to.email }],
      subject: 'Re: Plans',
      inReplyTo: '<plans-2@example.test>',
      references: ['<plans-1@example.test>', '<plans-2@example.test>'],
    });
    await setup.service.send(reply);
    const [received] = await withClient(rig, to, (client) =>
      readByMessageId(client, 'INBOX', reply.messageId),
    );
    expect(received?.inReplyTo).toBe('<plans-2@example.test>');
    expect(received?.references).toEqual(['<plans-1@example.test>', '<plans-2@example.test>']);
    await withClient(rig, setup.user, async (client) => {
      expect(await countIn(client, 'Sent')).toBe(0);
    });
  });
});
