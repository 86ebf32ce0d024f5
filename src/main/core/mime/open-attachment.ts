/**
 * "Open" for an attachment: saved into a private folder of its own under the system's temp
 * folder, then handed to the program the system chooses for its type. Files that would run as
 * programs (executables, scripts, installers, shortcuts) are refused before anything is saved:
 * a click in an untrusted message must never start code. The user can still Save them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { fail } from '../../../shared/errors';
import type { FileOpener } from '../ports';

/** Extensions the common desktops run or install when opened. */
const RUNNABLE = new Set([
  '.exe',
  '.com',
  '.bat',
  '.cmd',
  '.msi',
  '.msp',
  '.scr',
  '.pif',
  '.cpl',
  '.dll',
  '.ps1',
  '.psm1',
  '.vbs',
  '.vbe',
  '.js',
  '.jse',
  '.wsf',
  '.wsh',
  '.hta',
  '.lnk',
  '.url',
  '.reg',
  '.jar',
  '.sh',
  '.bash',
  '.zsh',
  '.csh',
  '.command',
  '.run',
  '.bin',
  '.desktop',
  '.appimage',
  '.app',
  '.pkg',
  '.dmg',
  '.deb',
  '.rpm',
  '.py',
  '.pl',
  '.rb',
  '.php',
  '.scpt',
  '.workflow',
  '.iso',
  '.img',
  '.vhd',
  '.vhdx',
  '.library-ms',
  '.settingcontent-ms',
]);

/** Refuses a file name the system would run instead of show. */
export function checkOpenable(filename: string): void {
  const extension = extname(filename).toLowerCase();
  if (RUNNABLE.has(extension)) {
    fail('INVALID_INPUT', `"${filename}" is a program or script, so mailcrm does not open it.`, {
      hint: 'Save it instead, and open it yourself only if you trust the sender.',
      retryable: false,
    });
  }
}

/** A new private folder (mode 0700) for one opened attachment. */
export function openFolder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'mailcrm-open-'));
}

/**
 * Saves an attachment with `save` into a new private folder and opens it with `opener`; a file
 * that would run as a program is removed again and refused.
 */
export async function openAttachment(
  save: (dir: string) => Promise<{ readonly path: string }>,
  opener: FileOpener | undefined,
): Promise<{ readonly path: string }> {
  if (opener === undefined) {
    return fail('INVALID_INPUT', 'Attachments cannot be opened from here.', {
      hint: 'Save the attachment, then open it from your downloads folder.',
      retryable: false,
    });
  }
  const dir = await openFolder();
  try {
    const saved = await save(dir);
    checkOpenable(basename(saved.path));
    await opener.openFile(saved.path);
    return saved;
  } catch (thrown) {
    await rm(dir, { recursive: true, force: true });
    throw thrown;
  }
}
