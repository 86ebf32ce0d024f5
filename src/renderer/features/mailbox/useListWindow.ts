/**
 * The rows of the list window on screen, kept current. One read at a time, always of the
 * latest window wanted: scrolling through 100,000 rows never queues a read per frame. Changes
 * to the cache (a sync batch, a flag) re-read the window; the anchors that make deep rows
 * cheap (list-cursor.ts) are rebuilt after changes only when a deep row is wanted.
 */
import Dexie, { type ObservabilitySet } from 'dexie';
import { useEffect, useRef, useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors';
import type { FolderRow } from '../../db/cache-queries';
import { getMailDb, type MailDb } from '../../db/mail-db';
import type { Membership } from '../../db/records';
import {
  mergedAnchors,
  readMergedRows,
  readSourceRows,
  sourceAnchors,
  STRIDE,
  type MergedAnchors,
  type SourceAnchors,
} from './list-cursor';
import type { FolderSource } from './mailbox-view';

/** Rows [offset, offset + rows.length) of the view named by viewKey. */
export interface ListWindow {
  readonly viewKey: string;
  readonly offset: number;
  readonly rows: readonly FolderRow[];
}

/** A change settles this long before the window is read again (a sync writes in bursts). */
const REFRESH_MS = 120;
/** Anchors are rebuilt after changes at most this often. */
const REBUILD_MS = 2000;

type Anchors =
  | { readonly kind: 'source'; readonly anchors: SourceAnchors }
  | { readonly kind: 'merged'; readonly anchors: MergedAnchors };

/** Anchors belong to the view they were built for. */
interface ViewAnchors {
  readonly viewKey: string;
  readonly anchors: Anchors;
}

/** The window the screen wants now. */
interface WantedWindow {
  readonly sources: readonly FolderSource[];
  readonly viewKey: string;
  readonly offset: number;
  readonly limit: number;
}

async function withMessages(db: MailDb, memberships: Membership[]): Promise<FolderRow[]> {
  const messages = await db.messages.bulkGet(
    memberships.map((m): [string, string] => [m.accountId, m.messageKey]),
  );
  return memberships.flatMap((membership, i) => {
    const message = messages[i];
    return message === undefined ? [] : [{ membership, message }];
  });
}

function touchesList(parts: ObservabilitySet, name: string): boolean {
  const prefix = `idb://${name}/`;
  return Object.keys(parts).some(
    (part) => part.startsWith(`${prefix}memberships/`) || part.startsWith(`${prefix}messages/`),
  );
}

/**
 * Follows rows [offset, offset + limit) of `sources` merged newest first. `viewKey` names the
 * sources; a window of another view is never returned for this one.
 */
export function useListWindow(
  sources: readonly FolderSource[],
  viewKey: string,
  offset: number,
  limit: number,
): { readonly window?: ListWindow; readonly error?: AppError } {
  const [listWindow, setListWindow] = useState<ListWindow>();
  const [error, setError] = useState<AppError>();
  const [version, setVersion] = useState(0);
  // Every read takes the latest of these, sources included: a read still running for the view
  // the user just left is followed by one for the new view, never by another of the old one.
  const wanted = useRef<WantedWindow>({ sources, viewKey, offset, limit });
  const state = useRef({
    reading: false,
    anchors: undefined as ViewAnchors | undefined,
    stale: true,
    builtAt: 0,
    disposed: false,
  });

  // Cache changes: re-read soon, and note that the anchors no longer match.
  useEffect(() => {
    const db = getMailDb();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listener = (parts: ObservabilitySet) => {
      if (!touchesList(parts, db.name)) return;
      state.current.stale = true;
      timer ??= setTimeout(() => {
        timer = undefined;
        setVersion((v) => v + 1);
      }, REFRESH_MS);
    };
    Dexie.on('storagemutated', listener);
    return () => {
      clearTimeout(timer);
      Dexie.on.storagemutated.unsubscribe(listener);
    };
  }, []);

  useEffect(() => {
    const current = state.current;
    current.disposed = false;
    return () => {
      current.disposed = true;
    };
  }, []);

  useEffect(() => {
    wanted.current = { sources, viewKey, offset, limit };
    const current = state.current;
    const db = getMailDb();

    /** The anchors of the target's view, built when a deep row is wanted and they are due. */
    async function anchorsFor(
      idb: IDBDatabase,
      target: WantedWindow,
    ): Promise<Anchors | undefined> {
      const own = current.anchors?.viewKey === target.viewKey ? current.anchors : undefined;
      if (target.offset < STRIDE) return own?.anchors;
      const due = current.stale && Date.now() - current.builtAt >= REBUILD_MS;
      if (own !== undefined && !due) return own.anchors;
      current.stale = false;
      current.builtAt = Date.now();
      const [only] = target.sources;
      const anchors: Anchors =
        target.sources.length === 1 && only !== undefined
          ? { kind: 'source', anchors: await sourceAnchors(idb, only) }
          : { kind: 'merged', anchors: await mergedAnchors(idb, target.sources) };
      current.anchors = { viewKey: target.viewKey, anchors };
      // Changes while building, or a rebuild refused as too soon: look again later.
      if (current.stale) setTimeout(() => setVersion((v) => v + 1), REBUILD_MS);
      return anchors;
    }

    async function readOnce(target: WantedWindow): Promise<void> {
      await db.open();
      const idb = db.backendDB();
      const anchors = await anchorsFor(idb, target);
      let memberships: Membership[];
      const [only] = target.sources;
      if (target.sources.length === 0) memberships = [];
      else if (target.sources.length === 1 && only !== undefined) {
        const list = anchors?.kind === 'source' ? anchors.anchors : [];
        memberships = await readSourceRows(idb, only, list, target.offset, target.limit);
      } else {
        const list = anchors?.kind === 'merged' ? anchors.anchors : [];
        memberships = await readMergedRows(idb, target.sources, list, target.offset, target.limit);
      }
      const rows = await withMessages(db, memberships);
      if (!current.disposed) {
        setListWindow({ viewKey: target.viewKey, offset: target.offset, rows });
        setError(undefined);
      }
    }

    async function pump(): Promise<void> {
      if (current.reading) return;
      current.reading = true;
      try {
        for (;;) {
          const target = wanted.current;
          await readOnce(target);
          if (wanted.current === target || current.disposed) break;
        }
      } catch (thrown) {
        if (!current.disposed) setError(toAppError(thrown));
      } finally {
        current.reading = false;
      }
    }

    void pump();
  }, [sources, viewKey, offset, limit, version]);

  return { window: listWindow?.viewKey === viewKey ? listWindow : undefined, error };
}
