/**
 * saveAttachment against the rig: a 5 MB attachment streamed to disk with the right bytes and
 * flat memory, names made safe and unique, and errors that say what to do.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AppFailure } from '../../../src/shared/errors';
import { fileSystemFailure, saveAttachment } from '../../../src/main/core/mime/save-attachment';
import { attachmentMessage, sha256 } from './messages';
import { appendMessage, expunge, rigClient } from './rig-mailbox';

const rig = inject('rig');

// A full collection before each measurement, so garbage left by earlier steps is not counted.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
let client: ImapFlow;
let dir: string;

beforeAll(async () => {
  client = await rigClient(rig);
  dir = await mkdtemp(join(tmpdir(), 'mailcrm-save-'));
});

afterAll(async () => {
  await client.logout();
  await rm(dir, { recursive: true, force: true });
});

async function caught(promise: Promise<unknown>): Promise<AppFailure> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppFailure))
    throw new Error(`expected an AppFailure, got ${String(error)}`);
  return error;
}

describe('saveAttachment', () => {
  /** Saves part 2 of `uid` into a new folder and reports the peak RSS growth while it ran. */
  async function measuredSave(uid: number): Promise<{ path: string; growthMb: number }> {
    const target = await mkdtemp(join(dir, 'big-'));
    collectGarbage();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 2);
    try {
      const saved = await saveAttachment(client, { folder: 'INBOX', uid }, '2', target);
      peak = Math.max(peak, process.memoryUsage().rss);
      // Nothing but the file itself is left behind (no temp file).
      expect(await readdir(target)).toEqual([basename(saved.path)]);
      return { path: saved.path, growthMb: (peak - baseline) / (1024 * 1024) };
    } finally {
      clearInterval(sampler);
    }
  }

  it('streams a 5 MB attachment to disk: same bytes, memory well under its size', async () => {
    const content = randomBytes(5 * 1024 * 1024);
    const expected = sha256(content);
    const uid = await appendMessage(client, 'INBOX', attachmentMessage('big.bin', content));
    // The first save in a process grows V8's young generation to its full size (about 32 MB,
    // measured the same for 5 MB and 20 MB attachments); that happens once, so it is not counted.
    const first = await measuredSave(uid);
    expect(basename(first.path)).toBe('big.bin');
    expect(sha256(await readFile(first.path))).toBe(expected);
    const second = await measuredSave(uid);
    expect(sha256(await readFile(second.path))).toBe(expected);
    const big = randomBytes(20 * 1024 * 1024);
    const bigExpected = sha256(big);
    const bigUid = await appendMessage(client, 'INBOX', attachmentMessage('bigger.bin', big));
    const bigger = await measuredSave(bigUid);
    expect(sha256(await readFile(bigger.path))).toBe(bigExpected);
    console.log(
      `saveAttachment peak RSS growth: 5 MB first ${first.growthMb.toFixed(1)} MB, ` +
        `again ${second.growthMb.toFixed(1)} MB; 20 MB ${bigger.growthMb.toFixed(1)} MB`,
    );
    // Measured 1 to 9 MB (young-generation garbage): well under the attachment's 5 MB x 3.
    expect(second.growthMb).toBeLessThan(15);
    // Memory does not grow with the attachment: 20 MB held whole is 47 MB with its base64.
    expect(bigger.growthMb).toBeLessThan(20);
  });

  it('keeps a hostile filename inside the folder: "../../etc/passwd" becomes "passwd"', async () => {
    const uid = await appendMessage(
      client,
      'INBOX',
      attachmentMessage('../../etc/passwd', Buffer.from('root:x:0:0\n')),
    );
    const target = await mkdtemp(join(dir, 'hostile-'));
    const saved = await saveAttachment(client, { folder: 'INBOX', uid }, '2', target);
    expect(saved.path).toBe(join(target, 'passwd'));
    expect(await readFile(saved.path, 'utf8')).toBe('root:x:0:0\n');
  });

  it('never overwrites: a second save of the same name is "name (1).ext"', async () => {
    const uid = await appendMessage(
      client,
      'INBOX',
      attachmentMessage('report.pdf', Buffer.from('%PDF one')),
    );
    const target = await mkdtemp(join(dir, 'twice-'));
    const ref = { folder: 'INBOX', uid };
    const [first, second] = await Promise.all([
      saveAttachment(client, ref, '2', target),
      saveAttachment(client, ref, '2', target),
    ]);
    expect([basename(first.path), basename(second.path)].sort()).toEqual([
      'report (1).pdf',
      'report.pdf',
    ]);
    expect((await readdir(target)).sort()).toEqual(['report (1).pdf', 'report.pdf']);
  });

  it('says NOT_FOUND for an expunged message and leaves nothing behind', async () => {
    const uid = await appendMessage(
      client,
      'INBOX',
      attachmentMessage('gone.txt', Buffer.from('x')),
    );
    await expunge(client, 'INBOX', uid);
    const target = await mkdtemp(join(dir, 'gone-'));
    const failure = await caught(saveAttachment(client, { folder: 'INBOX', uid }, '2', target));
    expect(failure.error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'The message is no longer on the server',
    });
    expect(await readdir(target)).toEqual([]);
  });

  it('names the folder it may not write to (EACCES)', async () => {
    const uid = await appendMessage(client, 'INBOX', attachmentMessage('a.txt', Buffer.from('a')));
    // root ignores directory modes; sysfs refuses new files to everyone.
    let locked = '/sys';
    if (process.getuid?.() !== 0) {
      locked = join(dir, 'locked');
      await mkdir(locked, { mode: 0o500 });
    }
    const failure = await caught(saveAttachment(client, { folder: 'INBOX', uid }, '2', locked));
    expect(failure.error.code).toBe('ACCESS_DENIED');
    expect(failure.error.message).toContain(`"${locked}"`);
  });

  it('says the folder does not exist, and refuses a malformed part number', async () => {
    const uid = await appendMessage(client, 'INBOX', attachmentMessage('a.txt', Buffer.from('a')));
    const missing = join(dir, 'no-such-folder');
    const failure = await caught(saveAttachment(client, { folder: 'INBOX', uid }, '2', missing));
    expect(failure.error.code).toBe('NOT_FOUND');
    expect(failure.error.message).toContain(missing);
    const bad = await caught(saveAttachment(client, { folder: 'INBOX', uid }, '2.MIME', dir));
    expect(bad.error.code).toBe('INVALID_INPUT');
  });

  it('turns a full disk (a real ENOSPC, from /dev/full) into DISK_FULL with what to do', () => {
    let enospc: unknown;
    try {
      writeFileSync('/dev/full', 'x');
    } catch (error) {
      enospc = error;
    }
    const failure = fileSystemFailure(enospc, '/downloads', 'report.pdf');
    expect(failure?.error).toMatchObject({
      code: 'DISK_FULL',
      hint: 'Free some disk space and try again.',
    });
    expect(failure?.error.message).toContain('report.pdf');
  });
});
