/**
 * A part of a message on the server, copied to a local file for a forwarded attachment. The
 * message is built after the copy, so the IMAP connection is free again while MIME is written
 * and nothing holds a mailbox lock across the build.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { ImapFlow } from 'imapflow';
import { fail } from '../../../shared/errors';
import type { MessageRef } from '../../../shared/sync';
import { messageGone, withFolder } from '../mime/fetch-body';

/** IMAP body part numbers (RFC 3501 section 6.4.5): "1", "2.1", "3.2.1". */
const PART_ID = /^[1-9]\d{0,5}(\.[1-9]\d{0,5}){0,20}$/;

/** Streams part `partId` of `ref`, decoded, into `file` (created; must not exist). */
export async function downloadPart(
  client: ImapFlow,
  ref: MessageRef,
  partId: string,
  file: string,
): Promise<void> {
  if (!PART_ID.test(partId)) fail('INVALID_INPUT', `"${partId}" is not a message part number.`);
  await withFolder(client, ref, async () => {
    const download = await client.download(String(ref.uid), partId, { uid: true });
    if (download.content === undefined) throw messageGone();
    try {
      await pipeline(download.content, createWriteStream(file, { flags: 'wx' }));
    } catch (thrown) {
      // Stops imapflow fetching further windows of a part nobody reads any more.
      download.content.destroy();
      throw thrown;
    }
  });
}
