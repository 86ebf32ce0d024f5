/**
 * Whether the compose pane is open and for what (new mail, or an answer to a message), and the
 * note left when it closed with the server copy of the draft not saved. The pane keeps its
 * fields itself; the draft store keeps them safe.
 */
import { create } from 'zustand';
import type { AppError } from '../../../shared/errors';
import type { DraftKind } from '../../db/compose-records';
import type { SelectedMessage } from '../mailbox/mailbox-view';

/** What the pane was opened for. */
export type ComposeRequest =
  | { readonly kind: 'new' }
  /** A saved draft, reopened as it was left. */
  | { readonly kind: 'draft'; readonly draftId: string }
  | { readonly kind: Exclude<DraftKind, 'new'>; readonly source: SelectedMessage };

/** A notice left on the mail screen after the pane closed. */
export interface ComposeNotice {
  readonly title: string;
  readonly error: AppError;
}

interface ComposeSlice {
  readonly request?: ComposeRequest;
  /** Bumped on every open, so opening again remounts a fresh pane. */
  readonly session: number;
  readonly notice?: ComposeNotice;
  readonly openCompose: (request: ComposeRequest) => void;
  readonly closeCompose: (notice?: ComposeNotice) => void;
  readonly dismissNotice: () => void;
}

export const useCompose = create<ComposeSlice>()((set) => ({
  request: undefined,
  session: 0,
  notice: undefined,

  openCompose(request) {
    set((state) => ({ request, session: state.session + 1, notice: undefined }));
  },

  closeCompose(notice) {
    set({ request: undefined, notice });
  },

  dismissNotice() {
    set({ notice: undefined });
  },
}));
