/**
 * One small inline part (a cid: image) for the mail view. Unlike attachments, these end up in
 * the renderer as data: URLs, so the size is capped: the download stops as soon as the part
 * turns out larger than the cap, and nothing beyond it is kept in memory.
 */
import type { ImapFlow } from 'imapflow';
import { AppFailure, appError } from '../../../shared/errors';
import { messageGone, withFolder, type ServerMessageRef } from './fetch-body';

/** The largest inline part sent to the renderer, decoded (2 MB). */
export const INLINE_PART_MAX_BYTES = 2 * 1024 * 1024;

/** IMAP body part numbers (RFC 3501 §6.4.5): "1", "2.1", "3.2.1". */
const PART_ID = /^[1-9]\d{0,5}(\.[1-9]\d{0,5}){0,20}$/;

/** Only image types are useful inline; anything else is labelled opaque bytes. */
const IMAGE_TYPE = /^image\/(png|jpeg|gif|webp|bmp|svg\+xml)$/;

function tooLarge(): AppFailure {
  return new AppFailure(
    appError('INVALID_INPUT', 'This inline image is too large to show in the message.', {
      hint: 'Save it from the attachment list instead.',
    }),
  );
}

/**
 * Downloads body part `partId`, decoded, and returns it as base64 with its content type (an
 * image type, else application/octet-stream). Throws INVALID_INPUT for a malformed part number
 * or a part over `maxBytes`, NOT_FOUND when the message is gone.
 */
export async function fetchInlinePart(
  client: ImapFlow,
  ref: ServerMessageRef,
  partId: string,
  maxBytes: number = INLINE_PART_MAX_BYTES,
): Promise<{ contentType: string; base64: string }> {
  if (!PART_ID.test(partId)) {
    throw new AppFailure(appError('INVALID_INPUT', `"${partId}" is not a message part number.`));
  }
  return withFolder(client, ref, async () => {
    const download = await client.download(String(ref.uid), partId, { uid: true });
    if (download.content === undefined) throw messageGone();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of download.content) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += bytes.length;
      if (size > maxBytes) {
        // Stops imapflow fetching further windows of the part.
        download.content.destroy();
        throw tooLarge();
      }
      chunks.push(bytes);
    }
    const type = (download.meta.contentType ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
    return {
      contentType: IMAGE_TYPE.test(type) ? type : 'application/octet-stream',
      base64: Buffer.concat(chunks).toString('base64'),
    };
  });
}
