/**
 * Streams a file the user attached to main in 512 KiB chunks (attachments.begin, append,
 * finish): main never gets a path from the renderer, and a large file never sits in one message.
 */
import type { StagedAttachment } from '../../../shared/compose';
import type { AppContract } from '../../../shared/contract';
import type { Client } from '../../../shared/ipc/define';

/** Bytes per attachments.append (the contract allows up to 1 MiB). */
export const CHUNK_BYTES = 512 * 1024;

/** The calls an upload makes. */
export type UploadApi = Pick<Client<AppContract>, 'call'>;

function toBase64(bytes: Uint8Array): string {
  // String.fromCharCode over slices: a spread of 512 KiB at once would overflow the stack.
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return btoa(binary);
}

/**
 * Stages `file`; `onProgress` gets the bytes sent so far. A failure discards what was staged
 * and rethrows, so the caller shows the error beside the file.
 */
export async function stageFile(
  api: UploadApi,
  file: Blob & { readonly name: string },
  onProgress: (sent: number) => void,
): Promise<StagedAttachment> {
  const contentType = file.type || 'application/octet-stream';
  const { token } = await api.call('attachments.begin', {
    filename: file.name,
    contentType,
    size: file.size,
  });
  try {
    for (let offset = 0; offset < file.size; offset += CHUNK_BYTES) {
      const chunk = new Uint8Array(await file.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
      await api.call('attachments.append', { token, offset, base64: toBase64(chunk) });
      onProgress(Math.min(file.size, offset + chunk.length));
    }
    return await api.call('attachments.finish', { token });
  } catch (thrown) {
    await api.call('attachments.discard', { token }).catch((discardFailure: unknown) => {
      // The staged file stays in main's staging folder until main cleans it up at start.
      console.warn('A partly staged attachment could not be discarded', discardFailure);
    });
    throw thrown;
  }
}
