/**
 * Where a fill reads its headers from: imapflow on the sync connection (fetchHeaders), or for a
 * large fill a raw connection of its own (raw/header-reader.ts), several times faster. The raw
 * reader is an optimisation only: when it cannot connect, log in or read an answer, the warning
 * is logged and the fill goes on through imapflow, which also isolates a single unreadable
 * message (fetchHeaders) where the raw reader fails the whole chunk.
 */
import type { ImapFlow } from 'imapflow';
import type { Logger } from '../ports';
import { fetchHeaders, type HeaderFetch } from './fetch-headers';
import { openHeaderReader, type HeaderReader } from './raw/header-reader';
import type { RawImapConnection } from './raw/raw-imap-connection';

/** Below this many messages a second login costs more than it saves (about 100 µs each). */
export const BULK_HEADER_MINIMUM = 2000;

/** Fetches the header pass's items of `uids`. */
export type HeaderSource = (uids: readonly number[]) => Promise<HeaderFetch>;

export interface HeaderSourceDeps {
  readonly client: ImapFlow;
  readonly alive: () => boolean;
  readonly logger: Logger;
  /** Opens and logs in a raw connection like the sync's; without it imapflow does all. */
  readonly openRawConnection?: () => Promise<RawImapConnection>;
  /** Fills of at least this many messages use the raw reader (default BULK_HEADER_MINIMUM). */
  readonly bulkHeaderMinimum?: number;
}

/** A header source for a fill of `count` messages in `folder`, and how to release it. */
export interface OpenHeaderSource {
  readonly fetch: HeaderSource;
  /** Reads over a connection of its own (the raw reader), not the sync's. */
  readonly aside: boolean;
  close(): Promise<void>;
}

/** Picks the source; never throws for the raw reader's sake. */
export async function openHeaderSource(
  count: number,
  folder: { readonly path: string; readonly uidValidity: number },
  deps: HeaderSourceDeps,
): Promise<OpenHeaderSource> {
  const viaImapflow: HeaderSource = (uids) => fetchHeaders(deps.client, uids, deps.alive);
  const imapflowOnly: OpenHeaderSource = {
    fetch: viaImapflow,
    aside: false,
    close: () => Promise.resolve(),
  };
  const minimum = deps.bulkHeaderMinimum ?? BULK_HEADER_MINIMUM;
  if (deps.openRawConnection === undefined || count < minimum) return imapflowOnly;
  const warn = (what: string, thrown: unknown): void =>
    deps.logger.warn(`Fast header reader ${what}; reading headers through imapflow instead`, {
      folder: folder.path,
      cause: thrown instanceof Error ? thrown.message : String(thrown),
    });
  let reader: HeaderReader | undefined;
  try {
    reader = await openHeaderReader(
      await deps.openRawConnection(),
      folder.path,
      folder.uidValidity,
    );
  } catch (thrown) {
    warn('unavailable', thrown);
    return imapflowOnly;
  }
  return {
    // After a fallback imapflow queues a read ahead behind the body download: still safe.
    aside: true,
    async fetch(uids) {
      const current = reader;
      if (current !== undefined) {
        try {
          return { messages: await current.fetch(uids), failures: [] };
        } catch (thrown) {
          warn('failed', thrown);
          reader = undefined;
          await current.close();
        }
      }
      return viaImapflow(uids);
    },
    close: () => reader?.close() ?? Promise.resolve(),
  };
}
