/**
 * Saves one attachment to disk, streamed: imapflow fetches the part in 64 KB windows, decodes
 * it (base64, quoted-printable) and honours backpressure, so memory stays flat however large the
 * attachment is. The bytes land in a hidden temp file that becomes the final name only when
 * complete, so a half-written file never carries the real name.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ImapFlow } from 'imapflow';
import { AppFailure, appError } from '../../../shared/errors';
import { errorFacts } from '../connection/error-facts';
import { fallbackFilename } from './attachment-info';
import { messageGone, withFolder, type ServerMessageRef } from './fetch-body';
import { numberedFilename, sanitizeFilename } from './sanitize-filename';

/** How many "name (n).ext" alternatives are tried before giving up. */
const MAX_NUMBERED = 999;
/** IMAP body part numbers (RFC 3501 §6.4.5): "1", "2.1", "3.2.1". */
const PART_ID = /^[1-9]\d{0,5}(\.[1-9]\d{0,5}){0,20}$/;

function errnoCode(error: unknown): string | undefined {
  return errorFacts(error).codes.find((code) => /^E[A-Z]+$/.test(code));
}

/**
 * Turns a file system error while saving into an AppFailure that says what to do, or returns
 * undefined when the error is not one of ours to explain.
 */
export function fileSystemFailure(
  error: unknown,
  dir: string,
  name: string,
): AppFailure | undefined {
  switch (errnoCode(error)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new AppFailure(
        appError('DISK_FULL', `There is not enough disk space to save "${name}" in "${dir}".`, {
          hint: 'Free some disk space and try again.',
        }),
      );
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new AppFailure(
        appError('ACCESS_DENIED', `The app may not write to the folder "${dir}".`, {
          hint: 'Choose another folder, or allow writing to this one.',
        }),
      );
    case 'ENOENT':
    case 'ENOTDIR':
      return new AppFailure(
        appError('NOT_FOUND', `The folder "${dir}" does not exist.`, {
          hint: 'Choose another folder.',
        }),
      );
    case undefined:
    default:
      return undefined;
  }
}

/**
 * Moves the finished temp file to the first free name: "name.pdf", "name (1).pdf", ... The name
 * is claimed with an exclusive create (so two saves never pick the same one) and the rename then
 * replaces that empty claim at once.
 */
async function publish(temp: string, dir: string, name: string): Promise<string> {
  for (let n = 0; n <= MAX_NUMBERED; n += 1) {
    const candidate = join(dir, numberedFilename(name, n));
    try {
      await (await open(candidate, 'wx')).close();
    } catch (error) {
      if (errnoCode(error) === 'EEXIST') continue;
      throw error;
    }
    try {
      await rename(temp, candidate);
    } catch (error) {
      await rm(candidate, { force: true });
      throw error;
    }
    return candidate;
  }
  throw new AppFailure(
    appError('INVALID_INPUT', `The folder "${dir}" already has too many files named "${name}".`, {
      hint: 'Choose another folder.',
    }),
  );
}

/**
 * Downloads body part `partId` of a message into `dir`, decoded, under the part's own filename
 * (sanitized, made unique). Throws NOT_FOUND when the message or part is gone or `dir` does not
 * exist, DISK_FULL, ACCESS_DENIED, and INVALID_INPUT for a malformed part number.
 */
export async function saveAttachment(
  client: ImapFlow,
  ref: ServerMessageRef,
  partId: string,
  dir: string,
): Promise<{ path: string }> {
  if (!PART_ID.test(partId)) {
    throw new AppFailure(appError('INVALID_INPUT', `"${partId}" is not a message part number.`));
  }
  return withFolder(client, ref, async () => {
    const download = await client.download(String(ref.uid), partId, { uid: true });
    if (download.content === undefined) throw messageGone();
    const fallback = fallbackFilename(partId, download.meta.contentType ?? '');
    const name = sanitizeFilename(download.meta.filename ?? fallback, fallback);
    const temp = join(dir, `.mailcrm-${randomUUID()}.part`);
    try {
      await pipeline(download.content, createWriteStream(temp, { flags: 'wx' }));
      return { path: await publish(temp, dir, name) };
    } catch (error) {
      // Stop the download too: destroying its stream makes imapflow stop fetching windows.
      download.content.destroy();
      await rm(temp, { force: true });
      if (errorFacts(error).codes.includes('DownloadIncomplete')) throw messageGone();
      throw fileSystemFailure(error, dir, name) ?? error;
    }
  });
}
