/**
 * Turns what the parser worker reports into the contract's MessageBody and AttachmentInfo, and
 * names parts that came without a filename.
 */
import type { AttachmentInfo, MessageBody } from '../../../shared/sync';
import type { RawAttachment, RawBody } from './message-parser';

/** File extensions for the content types that most often arrive without a filename. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/json': 'json',
  'application/ics': 'ics',
  'text/calendar': 'ics',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/csv': 'csv',
  'text/rfc822-headers': 'txt',
  'message/rfc822': 'eml',
  'message/delivery-status': 'txt',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
  'audio/mpeg': 'mp3',
  'video/mp4': 'mp4',
};

/**
 * A name for a part that has none: "message-2.eml" for a forwarded message, else
 * "attachment-2.pdf" (or ".bin" for a type we do not know).
 */
export function fallbackFilename(partId: string, contentType: string): string {
  const type = contentType.toLowerCase().split(';')[0]?.trim() ?? '';
  const extension = EXTENSIONS[type] ?? 'bin';
  const stem = type === 'message/rfc822' ? 'message' : 'attachment';
  return `${stem}-${partId}.${extension}`;
}

/**
 * Contract metadata for one attachment. `inline` means "shown inside the HTML": an explicit
 * inline disposition, or an image in multipart/related without any disposition.
 */
export function toAttachmentInfo(raw: RawAttachment): AttachmentInfo {
  const filename =
    raw.filename !== undefined && raw.filename.trim() !== ''
      ? raw.filename
      : fallbackFilename(raw.partId, raw.contentType);
  return {
    partId: raw.partId,
    filename,
    contentType: raw.contentType,
    size: raw.size,
    inline: raw.disposition === 'inline' || (raw.disposition === undefined && raw.related),
    ...(raw.contentId !== undefined && raw.contentId !== '' ? { contentId: raw.contentId } : {}),
  };
}

/** The contract's MessageBody; the worker's warnings become one `parseWarning`. */
export function toMessageBody(raw: RawBody): MessageBody {
  return {
    attachments: raw.attachments.map(toAttachmentInfo),
    ...(raw.text !== undefined ? { text: raw.text } : {}),
    ...(raw.html !== undefined ? { html: raw.html } : {}),
    ...(raw.warnings.length > 0 ? { parseWarning: raw.warnings.join('; ') } : {}),
  };
}
