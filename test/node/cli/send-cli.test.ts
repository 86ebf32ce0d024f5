/**
 * `mailcrm send` run in-process against the rig: templates with fallbacks, a missing variable
 * stopping everything before the outbox, attachments arriving byte for byte, reply headers,
 * and a refused recipient held in the outbox with the server's own words.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { RigUser } from '../../servers/rig-info';
import { addRigUser } from '../../servers/rig-users';
import {
  connectionArgs,
  countMessageId,
  fetchByMessageId,
  imapConnect,
  outboxItems,
  runInProcess,
} from '../outbox/send-harness';

const rig = inject('rig');

describe('mailcrm send', () => {
  let sender: RigUser;
  let recipient: RigUser;
  let dir: string;
  let outbox: string;

  beforeAll(async () => {
    sender = await addRigUser(rig);
    recipient = await addRigUser(rig);
    dir = await mkdtemp(join(rig.tempDir, 'send-cli-'));
    outbox = join(dir, 'outbox.json');
  });

  function send(extra: string[], file = outbox) {
    return runInProcess(
      [
        'send',
        ...connectionArgs(rig, sender),
        '--outbox',
        file,
        '--from',
        sender.email,
        '--to',
        recipient.email,
        ...extra,
      ],
      sender.password,
    );
  }

  it('fills in a template, using the fallback where a value is missing', async () => {
    const template = join(dir, 'welcome.json');
    await writeFile(
      template,
      JSON.stringify({
        subject: 'Hello {contact.first_name|there}',
        html: '<p>Hi {contact.first_name|there}, this is {user.name}.</p>',
      }),
    );
    const result = await send(['--template', template, '--vars', '{"user":{"name":"Anna"}}']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const messageId = result.json.messageId as string;
    expect(result.json).toEqual({
      messageId,
      sentCopy: expect.stringMatching(/^(server|appended)$/) as unknown,
    });
    const parsed = await simpleParser(await fetchByMessageId(rig, recipient, 'INBOX', messageId));
    expect(parsed.subject).toBe('Hello there');
    expect(parsed.html).toContain('Hi there, this is Anna.');
    expect(parsed.text).toContain('Hi there, this is Anna.');
    expect(await countMessageId(rig, sender, 'Sent', messageId)).toBe(1);
  });

  it('a missing variable exits 1 with TEMPLATE_VARIABLE_MISSING before anything is queued', async () => {
    const file = join(dir, 'missing-outbox.json');
    const template = join(dir, 'strict.json');
    await writeFile(
      template,
      JSON.stringify({ subject: 'Hi', text: 'Dear {contact.first_name},' }),
    );
    const result = await send(['--template', template, '--vars', '{}'], file);
    expect(result.code).toBe(1);
    expect(result.json).toMatchObject({ error: { code: 'TEMPLATE_VARIABLE_MISSING' } });
    expect((result.json.error as { message: string }).message).toContain(recipient.email);
    expect(result.json.messageId).toBeUndefined();
    await expect(stat(file)).rejects.toThrow();
    expect(await outboxItems(file)).toEqual([]);
  });

  it('sends --attach files intact', async () => {
    const bytes = randomBytes(150_000);
    const file = join(dir, 'report.pdf');
    await writeFile(file, bytes);
    const result = await send(['--subject', 'Report', '--text', 'Attached.', '--attach', file]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const raw = await fetchByMessageId(rig, recipient, 'INBOX', result.json.messageId as string);
    const parsed = await simpleParser(raw);
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]?.filename).toBe('report.pdf');
    expect(parsed.attachments[0]?.contentType).toBe('application/pdf');
    expect(parsed.attachments[0]?.content.equals(bytes)).toBe(true);
  });

  it('--in-reply-to sets In-Reply-To and References at the recipient', async () => {
    const parent = '<parent-1@example.test>';
    const result = await send([
      '--subject',
      'Re: Plans',
      '--text',
      'Sounds good.',
      '--references',
      '<root-0@example.test>',
      '--in-reply-to',
      parent,
    ]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const raw = await fetchByMessageId(rig, recipient, 'INBOX', result.json.messageId as string);
    const parsed = await simpleParser(raw);
    expect(parsed.inReplyTo).toBe(parent);
    expect(parsed.references).toEqual(['<root-0@example.test>', parent]);
  });

  it('a refused recipient exits 1 with the server words and stays held in the outbox', async () => {
    const file = join(dir, 'rejected-outbox.json');
    const nobody = `nobody-${randomBytes(4).toString('hex')}@example.test`;
    const result = await send(['--to', nobody, '--subject', 'Hi', '--text', 'Hello'], file);
    expect(result.code).toBe(1);
    const messageId = result.json.messageId as string;
    expect(result.json).toMatchObject({
      error: { code: 'RECIPIENT_REJECTED' },
      messageId,
      state: 'queued',
      held: true,
    });
    const error = result.json.error as { message: string; serverResponse?: string };
    expect(`${error.message} ${error.serverResponse ?? ''}`).toContain('User unknown');
    const items = await outboxItems(file);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      messageId,
      state: 'queued',
      held: true,
      attempts: 1,
      lastError: { code: 'RECIPIENT_REJECTED' },
    });
    // All or nothing: the valid recipient did not get it either.
    expect(await countMessageId(rig, recipient, 'INBOX', messageId)).toBe(0);
  });

  it('refuses a usage mistake with exit code 2', async () => {
    const result = await runInProcess(
      ['send', ...connectionArgs(rig, sender), '--to', recipient.email, '--text', 'x'],
      sender.password,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--from is required');
  });

  it('leaves the mailbox reachable (sanity)', async () => {
    const client = await imapConnect(rig, recipient);
    await client.logout();
  });
});
