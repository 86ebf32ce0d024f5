/**
 * A body that is not in the cache (outside the history window) is downloaded when the message
 * is opened, with 'messages.body', and stored; the reading pane's live query then shows it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors';
import type { MessageRef } from '../../../shared/sync';
import { api } from '../../api/client';
import { storeBody } from '../../db/cache-queries';
import { getMailDb } from '../../db/mail-db';
import { messageRefKey } from './mailbox-view';

/** Where an on-demand download stands. */
export type BodyDownload =
  | { readonly state: 'idle' }
  | { readonly state: 'loading' }
  | { readonly state: 'failed'; readonly error: AppError };

const IDLE: BodyDownload = { state: 'idle' };

/**
 * Downloads the body of `ref` once when `needed` turns true; `retry` tries again after a
 * failure. The result is stored in the cache, not returned.
 */
export function useMessageBody(
  ref: MessageRef,
  messageKey: string,
  needed: boolean,
): { readonly download: BodyDownload; readonly retry: () => void } {
  const key = `${messageRefKey(ref)}\u0000${messageKey}`;
  // The state belongs to one message: an answer for another one is not shown.
  const [status, setStatus] = useState<{ key: string; download: BodyDownload }>({
    key,
    download: IDLE,
  });
  const attempted = useRef<string | undefined>(undefined);
  const { accountId, folder, uidValidity, uid } = ref;

  const fetchBody = useCallback(() => {
    setStatus({ key, download: { state: 'loading' } });
    api
      .call('messages.body', { accountId, folder, uidValidity, uid })
      .then((body) => storeBody(getMailDb(), accountId, messageKey, body))
      .then(
        () => setStatus((now) => (now.key === key ? { key, download: IDLE } : now)),
        (thrown: unknown) => {
          const error = toAppError(thrown);
          setStatus((now) =>
            now.key === key ? { key, download: { state: 'failed', error } } : now,
          );
        },
      );
  }, [key, accountId, folder, uidValidity, uid, messageKey]);

  useEffect(() => {
    if (!needed || attempted.current === key) return;
    attempted.current = key;
    fetchBody();
  }, [needed, key, fetchBody]);

  return { download: status.key === key ? status.download : IDLE, retry: fetchBody };
}
