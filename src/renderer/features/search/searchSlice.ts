/**
 * The search box's state: the text, the local results with what they covered, and the server
 * search that can follow. Results are a snapshot of one search (run again to refresh): a list
 * that reshuffled under the reader while a sync writes would lose their place.
 */
import { create } from 'zustand';
import type { AccountView } from '../../../shared/account';
import { toAppError, type AppError } from '../../../shared/errors';
import { api } from '../../api/client';
import type { FolderRow } from '../../db/cache-queries';
import { getMailDb } from '../../db/mail-db';
import { searchIndexerOf } from '../../db/search-indexer';
import { searchLocal, type LocalSearchResult } from './local-search';
import { isEmptyQuery, parseSearch, type SearchQuery } from './search-query';
import { mergeRows, searchServer, type ServerSearchOutcome } from './server-search';

/** A search waits this long for the indexer to catch up with a sync before it runs anyway. */
const INDEX_WAIT_MS = 1500;

/** Where the server search stands. */
export type ServerState =
  | { readonly status: 'idle' }
  | { readonly status: 'running' }
  | { readonly status: 'done'; readonly outcome: ServerSearchOutcome }
  | { readonly status: 'failed'; readonly error: AppError };

/** Where the local search stands. */
export type LocalState =
  | { readonly status: 'idle' }
  | { readonly status: 'running' }
  | {
      readonly status: 'done';
      readonly query: SearchQuery;
      readonly result: LocalSearchResult;
      readonly tookMs: number;
    }
  | { readonly status: 'failed'; readonly error: AppError };

interface SearchSlice {
  readonly text: string;
  /** True while results replace the message list. */
  readonly open: boolean;
  readonly local: LocalState;
  readonly server: ServerState;
  /** Local rows merged with the server's, newest first. */
  readonly rows: readonly FolderRow[];
  readonly setText: (text: string) => void;
  readonly run: (accounts: readonly AccountView[]) => Promise<void>;
  readonly searchServer: (accounts: readonly AccountView[]) => Promise<void>;
  readonly close: () => void;
}

function settleOrWait(): Promise<void> {
  const settled = searchIndexerOf(getMailDb()).settled();
  return Promise.race([
    settled,
    new Promise<void>((resolve) => setTimeout(resolve, INDEX_WAIT_MS)),
  ]);
}

let generation = 0;

export const useSearch = create<SearchSlice>()((set, get) => ({
  text: '',
  open: false,
  local: { status: 'idle' },
  server: { status: 'idle' },
  rows: [],

  setText(text) {
    set({ text });
  },

  async run(accounts) {
    const query = parseSearch(get().text);
    if (isEmptyQuery(query) && query.problems.length === 0) {
      get().close();
      return;
    }
    const mine = (generation += 1);
    set({ open: true, local: { status: 'running' }, server: { status: 'idle' }, rows: [] });
    try {
      await settleOrWait();
      const started = performance.now();
      const result = await searchLocal(getMailDb(), query, accounts);
      const tookMs = performance.now() - started;
      if (mine !== generation) return;
      set({ local: { status: 'done', query, result, tookMs }, rows: result.rows });
    } catch (thrown) {
      if (mine === generation) set({ local: { status: 'failed', error: toAppError(thrown) } });
    }
  },

  async searchServer(accounts) {
    const local = get().local;
    if (local.status !== 'done') return;
    const mine = generation;
    set({ server: { status: 'running' } });
    try {
      const outcome = await searchServer(api, getMailDb(), local.query, accounts);
      if (mine !== generation) return;
      set({
        server: { status: 'done', outcome },
        rows: mergeRows(local.result.rows, outcome.rows),
      });
    } catch (thrown) {
      if (mine === generation) set({ server: { status: 'failed', error: toAppError(thrown) } });
    }
  },

  close() {
    generation += 1;
    set({ open: false, local: { status: 'idle' }, server: { status: 'idle' }, rows: [] });
  },
}));
