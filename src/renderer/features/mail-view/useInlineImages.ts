/**
 * The cid: images of the open message, fetched from its own parts with 'messages.inlinePart'
 * (size-capped by main) and kept in memory as data: URLs for the session, so reopening a
 * message does not download them again. Only parts the HTML refers to are fetched.
 */
import { useEffect, useState } from 'react';
import { toAppError } from '../../../shared/errors';
import type { AttachmentInfo, MessageRef } from '../../../shared/sync';
import { api } from '../../api/client';

/** Parts larger than this are not shown inline (main refuses more than 2 MB anyway). */
const MAX_INLINE_BYTES = 2 * 1024 * 1024;
/** How many data: URLs the session keeps (a few messages' worth of logos). */
const CACHE_LIMIT = 200;

const cache = new Map<string, Promise<string | null>>();

function cidsIn(html: string): Set<string> {
  const found = new Set<string>();
  for (const match of html.matchAll(/cid:([^"'\s)>]+)/gi)) {
    const raw = match[1] ?? '';
    let id = raw;
    try {
      id = decodeURIComponent(raw);
    } catch {
      // Not percent-encoded: the raw text is the id.
    }
    found.add(id.replace(/^<|>$/g, '').toLowerCase());
  }
  return found;
}

function load(ref: MessageRef, part: AttachmentInfo): Promise<string | null> {
  const key = `${ref.accountId}\u0000${ref.folder}\u0000${ref.uidValidity}\u0000${ref.uid}\u0000${part.partId}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const loading = api.call('messages.inlinePart', { ref, partId: part.partId }).then(
    ({ contentType, base64 }) =>
      contentType.startsWith('image/') ? `data:${contentType};base64,${base64}` : null,
    (thrown: unknown) => {
      // An image that cannot be fetched stays blank; the reason goes to the console.
      console.warn('An inline image could not be loaded', toAppError(thrown));
      cache.delete(key);
      return null;
    },
  );
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, loading);
  return loading;
}

const EMPTY: ReadonlyMap<string, string> = new Map();

/** Content-ID (lower-case) → data: URL for the inline images `html` uses. */
export function useInlineImages(
  ref: MessageRef,
  html: string,
  attachments: readonly AttachmentInfo[],
): ReadonlyMap<string, string> {
  const [images, setImages] = useState<{ html: string; map: ReadonlyMap<string, string> }>({
    html: '',
    map: EMPTY,
  });
  useEffect(() => {
    const wanted = cidsIn(html);
    const parts = attachments.filter(
      (part) =>
        part.contentId !== undefined &&
        wanted.has(part.contentId.replace(/^<|>$/g, '').toLowerCase()) &&
        part.size <= MAX_INLINE_BYTES,
    );
    if (parts.length === 0) return;
    let current = true;
    void Promise.all(
      parts.map(async (part) => [part.contentId ?? '', await load(ref, part)] as const),
    ).then((loaded) => {
      if (!current) return;
      const map = new Map<string, string>();
      for (const [id, url] of loaded) {
        if (url !== null) map.set(id.replace(/^<|>$/g, '').toLowerCase(), url);
      }
      setImages({ html, map });
    });
    return () => {
      current = false;
    };
  }, [ref, html, attachments]);
  return images.html === html ? images.map : EMPTY;
}
