/**
 * Attachment part numbers are IMAP's: checked against Dovecot's BODYSTRUCTURE for a message
 * APPENDed to the rig, and by downloading every reported part and comparing its bytes.
 * fetchBody against the rig: a body on demand, and NOT_FOUND for what the server no longer has.
 */
import type { ImapFlow, MessageStructureObject } from 'imapflow';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AppFailure } from '../../../src/shared/errors';
import {
  createBodyParserPool,
  type BodyParser,
} from '../../../src/main/core/mime/body-parser-pool';
import { fetchBody } from '../../../src/main/core/mime/fetch-body';
import { partsMessage, sha256, singlePartMessage, type TestMessage } from './messages';
import { appendMessage, expunge, rigClient } from './rig-mailbox';

const rig = inject('rig');
let client: ImapFlow;
let parser: BodyParser;

beforeAll(async () => {
  client = await rigClient(rig);
  parser = createBodyParserPool({ size: 1 });
});

afterAll(async () => {
  await parser.close();
  await client.logout();
});

/**
 * Every node of a BODYSTRUCTURE by its IMAP part number. imapflow gives the body of an
 * encapsulated single-part message the number of its message/rfc822 wrapper; RFC 3501 §6.4.5
 * numbers it ".1", so that one case is renumbered here.
 */
function partTypes(node: MessageStructureObject, part: string, types: Map<string, string>): void {
  if (part !== '') types.set(part, node.type);
  if (node.type === 'message/rfc822') {
    const inner = node.childNodes?.[0];
    if (inner === undefined) return;
    if (inner.childNodes === undefined) types.set(`${part}.1`, inner.type);
    else
      inner.childNodes.forEach((child, index) => partTypes(child, `${part}.${index + 1}`, types));
    return;
  }
  node.childNodes?.forEach((child, index) =>
    partTypes(child, part === '' ? String(index + 1) : `${part}.${index + 1}`, types),
  );
}

async function structureOf(uid: number): Promise<Map<string, string>> {
  const lock = await client.getMailboxLock('INBOX');
  try {
    const message = await client.fetchOne(String(uid), { bodyStructure: true }, { uid: true });
    if (!message || message.bodyStructure === undefined) throw new Error('no BODYSTRUCTURE');
    const types = new Map<string, string>();
    const root = message.bodyStructure;
    // A single-part message has one part, "1" (RFC 3501 §6.4.5).
    if (root.childNodes === undefined) types.set('1', root.type);
    else partTypes(root, '', types);
    return types;
  } finally {
    lock.release();
  }
}

async function download(uid: number, partId: string): Promise<Buffer> {
  const lock = await client.getMailboxLock('INBOX');
  try {
    const result = await client.download(String(uid), partId, { uid: true });
    if (result.content === undefined) throw new Error(`part ${partId} not found`);
    const chunks: Buffer[] = [];
    for await (const chunk of result.content) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } finally {
    lock.release();
  }
}

async function checkAgainstServer(message: TestMessage): Promise<void> {
  const uid = await appendMessage(client, 'INBOX', message.raw);
  const body = await fetchBody(client, { folder: 'INBOX', uid }, parser);
  expect(body.parseWarning).toBeUndefined();
  expect(
    body.attachments.map(({ partId, filename, contentType, size, inline, contentId }) => ({
      partId,
      filename,
      contentType,
      size,
      inline,
      contentId,
    })),
  ).toEqual(
    message.parts.map(({ partId, filename, contentType, content, inline, contentId }) => ({
      partId,
      filename,
      contentType,
      size: content.length,
      inline,
      contentId,
    })),
  );
  const types = await structureOf(uid);
  for (const attachment of body.attachments) {
    expect(types.get(attachment.partId), `BODYSTRUCTURE type of ${attachment.partId}`).toBe(
      attachment.contentType,
    );
  }
  for (const part of message.parts) {
    expect(sha256(await download(uid, part.partId)), `bytes of part ${part.partId}`).toBe(
      sha256(part.content),
    );
  }
}

describe('attachment part numbers', () => {
  it('match Dovecot for nested multiparts and encapsulated messages', async () => {
    await checkAgainstServer(partsMessage());
  });

  it('are "1" for a message that is one attachment', async () => {
    await checkAgainstServer(singlePartMessage());
  });
});

describe('fetchBody', () => {
  it('returns text and HTML of a message on the server, and leaves it unread', async () => {
    const uid = await appendMessage(client, 'INBOX', partsMessage().raw);
    const body = await fetchBody(client, { folder: 'INBOX', uid }, parser);
    expect(body.text).toContain('Hello in text');
    expect(body.html).toContain('cid:logo@test');
    const lock = await client.getMailboxLock('INBOX');
    try {
      const message = await client.fetchOne(String(uid), { flags: true }, { uid: true });
      expect(message && message.flags?.has('\\Seen')).toBe(false);
    } finally {
      lock.release();
    }
  });

  it('says NOT_FOUND for an expunged UID', async () => {
    const uid = await appendMessage(client, 'INBOX', singlePartMessage().raw);
    await expunge(client, 'INBOX', uid);
    const failure = await fetchBody(client, { folder: 'INBOX', uid }, parser).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(AppFailure);
    expect((failure as AppFailure).error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'The message is no longer on the server',
    });
  });

  it('says NOT_FOUND when UIDVALIDITY changed since the UID was seen', async () => {
    const uid = await appendMessage(client, 'INBOX', singlePartMessage().raw);
    const stale = fetchBody(client, { folder: 'INBOX', uid, uidValidity: 1 }, parser);
    await expect(stale).rejects.toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('says NOT_FOUND for a folder the server does not have', async () => {
    const missing = fetchBody(client, { folder: 'No Such Folder', uid: 1 }, parser);
    await expect(missing).rejects.toMatchObject({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('No Such Folder') as unknown },
    });
  });
});
