/**
 * "Open" for an attachment against the rig: the part is saved into a private temp folder and
 * handed to the system's opener (here one that records what it was given); a program or script
 * is refused and nothing of it is left on disk; without an opener the user is told to save.
 */
import { access, readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { saveAttachment } from '../../../src/main/core/mime/save-attachment';
import { openAttachment } from '../../../src/main/core/mime/open-attachment';
import type { FileOpener } from '../../../src/main/core/ports';
import { attachmentMessage } from './messages';
import { appendMessage, rigClient } from './rig-mailbox';

const rig = inject('rig');
let client: ImapFlow;

beforeAll(async () => {
  client = await rigClient(rig);
});

afterAll(async () => {
  await client.logout();
});

function recordingOpener(): FileOpener & { readonly opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    openFile(path) {
      opened.push(path);
      return Promise.resolve();
    },
  };
}

describe('openAttachment', () => {
  it('saves the part in a private folder and opens that file', async () => {
    const content = Buffer.from('%PDF-1.4 quarterly figures');
    const uid = await appendMessage(client, 'INBOX', attachmentMessage('report.pdf', content));
    const opener = recordingOpener();
    const { path } = await openAttachment(
      (dir) => saveAttachment(client, { folder: 'INBOX', uid }, '2', dir),
      opener,
    );
    expect(opener.opened).toEqual([path]);
    expect(basename(path)).toBe('report.pdf');
    expect(await readFile(path)).toEqual(content);
    // Only this user may read the folder: other accounts on the machine must not see mail.
    expect((await stat(dirname(path))).mode & 0o077).toBe(0);
  });

  it('refuses a program or script and leaves nothing behind', async () => {
    const uid = await appendMessage(
      client,
      'INBOX',
      attachmentMessage('invoice.pdf.exe', Buffer.from('MZ not really')),
    );
    const opener = recordingOpener();
    let savedDir = '';
    await expect(
      openAttachment(async (dir) => {
        savedDir = dir;
        return saveAttachment(client, { folder: 'INBOX', uid }, '2', dir);
      }, opener),
    ).rejects.toMatchObject({
      error: { code: 'INVALID_INPUT', hint: expect.stringMatching(/^Save it instead/) as unknown },
    });
    expect(opener.opened).toEqual([]);
    await expect(access(savedDir)).rejects.toThrow();
  });

  it('says to save the attachment where nothing can open files', async () => {
    await expect(
      openAttachment(() => Promise.reject(new Error('not called')), undefined),
    ).rejects.toMatchObject({
      error: {
        code: 'INVALID_INPUT',
        hint: expect.stringContaining('Save the attachment') as unknown,
      },
    });
  });
});
