/**
 * Files the user attaches, staged in main before the message is sent: the renderer cannot hand
 * main a path (it has no file system), so it streams the bytes in chunks to a file here and
 * refers to it by a random token. The folder is persistent, so a queued message still finds its
 * attachments after a restart. Tokens are checked against one pattern before they name a file,
 * so a token can never reach outside the folder.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { attachmentTokenSchema, type StagedAttachment } from '../../../shared/compose';
import { AppFailure, appError, fail } from '../../../shared/errors';
import { fileSystemFailure } from '../mime/save-attachment';

/** The most bytes one append may carry (decoded). */
export const MAX_CHUNK_BYTES = 1024 * 1024;

/** Staged attachments on disk. Every method rejects with AppFailure. */
export interface AttachmentStaging {
  /** Starts a file: returns its token; the bytes follow through append. */
  begin(filename: string, contentType: string, size: number): Promise<{ readonly token: string }>;
  /** Adds one chunk; `offset` must be the number of bytes already staged. */
  append(token: string, offset: number, base64: string): Promise<void>;
  /** Ends staging; refuses a file whose length differs from what begin announced. */
  finish(token: string): Promise<StagedAttachment>;
  /** Deletes a staged file; unknown tokens are ignored. */
  discard(token: string): Promise<void>;
  /** The path of a staged file, for building the message; NOT_FOUND when it is gone. */
  stagedPath(token: string): Promise<string>;
}

/** What begin announced, kept beside the bytes so it survives a restart. */
interface StagedMeta {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
}

/** 18 random bytes: 24 base64url characters, as attachmentTokenSchema expects. */
function newToken(): string {
  return randomBytes(18).toString('base64url');
}

function checkToken(token: string): string {
  if (!attachmentTokenSchema.safeParse(token).success) {
    fail('INVALID_INPUT', 'This attachment reference is not valid.');
  }
  return token;
}

function gone(): never {
  return fail('NOT_FOUND', 'The attached file is no longer staged.', {
    hint: 'Remove the attachment and add the file again.',
  });
}

/** Strict base64 (RFC 4648 section 4): Buffer.from would silently skip stray characters. */
function decodeChunk(base64: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) {
    fail('INVALID_INPUT', 'An attachment chunk is not valid base64.');
  }
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > MAX_CHUNK_BYTES) {
    fail('INVALID_INPUT', 'An attachment chunk is larger than 1 MiB; send smaller chunks.');
  }
  return bytes;
}

/** Creates the staging area in `dir` (made on first use). */
export function createAttachmentStaging(dir: string): AttachmentStaging {
  // One write at a time per token: two chunks racing could both see the same offset.
  const queues = new Map<string, Promise<unknown>>();

  function serial<T>(token: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(token) ?? Promise.resolve();
    const result = previous.then(work, work);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    queues.set(token, settled);
    void settled.then(() => {
      if (queues.get(token) === settled) queues.delete(token);
    });
    return result;
  }

  const dataPath = (token: string): string => join(dir, checkToken(token));
  const metaPath = (token: string): string => join(dir, `${checkToken(token)}.json`);

  /** Runs a file operation; a full disk or a refused folder becomes an error the user can act on. */
  async function onDisk<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (thrown) {
      if (thrown instanceof AppFailure) throw thrown;
      const failure = fileSystemFailure(thrown, dir, name);
      if (failure?.error.code === 'DISK_FULL') {
        throw new AppFailure(
          appError('DISK_FULL', `There is not enough disk space to attach "${name}".`, {
            hint: 'Free some disk space, then add the file again.',
          }),
        );
      }
      throw failure ?? thrown;
    }
  }

  async function readMeta(token: string): Promise<StagedMeta> {
    const path = metaPath(token);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return gone();
    }
    return JSON.parse(text) as StagedMeta;
  }

  async function stagedLength(token: string): Promise<number> {
    const path = dataPath(token);
    try {
      return (await stat(path)).size;
    } catch {
      return gone();
    }
  }

  return {
    async begin(filename, contentType, size) {
      const token = newToken();
      const meta: StagedMeta = { filename, contentType, size };
      await onDisk(filename, async () => {
        await mkdir(dir, { recursive: true });
        await writeFile(dataPath(token), Buffer.alloc(0), { flag: 'wx' });
        await writeFile(metaPath(token), JSON.stringify(meta), { flag: 'wx' });
      });
      return { token };
    },

    async append(token, offset, base64) {
      checkToken(token);
      const bytes = decodeChunk(base64);
      return serial(token, async () => {
        const meta = await readMeta(token);
        const length = await stagedLength(token);
        if (offset !== length) {
          fail(
            'INVALID_INPUT',
            `"${meta.filename}" was sent out of order: a chunk at byte ${offset} arrived, byte ${length} was expected.`,
            { hint: 'Add the file again.' },
          );
        }
        if (length + bytes.length > meta.size) {
          fail(
            'INVALID_INPUT',
            `"${meta.filename}" is longer than announced (${meta.size} bytes).`,
            {
              hint: 'Add the file again.',
            },
          );
        }
        await onDisk(meta.filename, () => appendFile(dataPath(token), bytes));
      });
    },

    async finish(token) {
      checkToken(token);
      return serial(token, async () => {
        const meta = await readMeta(token);
        const length = await stagedLength(token);
        if (length !== meta.size) {
          fail(
            'INVALID_INPUT',
            `"${meta.filename}" arrived incomplete: ${length} of ${meta.size} bytes.`,
            { hint: 'Add the file again.' },
          );
        }
        return { token, ...meta };
      });
    },

    async discard(token) {
      checkToken(token);
      return serial(token, async () => {
        await rm(dataPath(token), { force: true });
        await rm(metaPath(token), { force: true });
      });
    },

    async stagedPath(token) {
      await stagedLength(token);
      return dataPath(token);
    },
  };
}
