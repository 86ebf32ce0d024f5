/** Sync Now: sends queued changes, then syncs every chosen folder of the given accounts. */
import { useState } from 'react';
import { startSync } from '../sync/start-sync';

interface SyncNowButtonProps {
  readonly accountIds: readonly string[];
  /** Says which account, where several buttons share a screen. */
  readonly accountName?: string;
  readonly disabled?: boolean;
}

export function SyncNowButton({ accountIds, accountName, disabled }: SyncNowButtonProps) {
  const [running, setRunning] = useState(false);

  function syncNow() {
    setRunning(true);
    const scheduler = startSync();
    // Failures are per folder and land in the sync status; the button only waits for the end.
    void Promise.allSettled(accountIds.map((id) => scheduler.syncNow(id))).then(() =>
      setRunning(false),
    );
  }

  return (
    <button
      type="button"
      className="button button-secondary"
      disabled={disabled === true || running || accountIds.length === 0}
      aria-label={accountName === undefined ? 'Sync now' : `Sync ${accountName} now`}
      onClick={syncNow}
    >
      {running ? 'Syncing…' : 'Sync now'}
    </button>
  );
}
