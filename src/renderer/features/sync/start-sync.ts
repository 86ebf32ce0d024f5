/**
 * Starts the app's sync with the real client and database. The app calls this once at start
 * (App.tsx) and keeps the scheduler for Sync Now and user actions.
 */
import { toAppError } from '../../../shared/errors';
import { api } from '../../api/client';
import { useConnection } from '../../app/connectionSlice';
import { getMailDb } from '../../db/mail-db';
import { createSyncScheduler, type SyncScheduler } from './sync-scheduler';

let running: SyncScheduler | undefined;

function reportFailure(thrown: unknown): void {
  // Without the account list nothing can sync; the connection banner says why.
  useConnection.getState().noteFailure(toAppError(thrown));
}

/** The app's scheduler, started on first call. */
export function startSync(): SyncScheduler {
  if (running !== undefined) return running;
  const scheduler = createSyncScheduler(api, getMailDb());
  running = scheduler;
  scheduler.start().catch(reportFailure);
  // Each time the back end is reached again, pick up accounts that changed meanwhile.
  useConnection.subscribe((now, before) => {
    if (now.status === 'connected' && before.status !== 'connected') {
      scheduler.reloadAccounts().catch(reportFailure);
    }
  });
  return scheduler;
}
