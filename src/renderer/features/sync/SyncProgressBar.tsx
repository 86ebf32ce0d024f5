/** The progress of an account's running folder sync: folder, phase, count and rate. */
import { countOf, formatCount as count } from '../../../shared/text/counts';
import type { AccountSync } from './syncSlice';

const PHASES = { headers: 'headers', bodies: 'message bodies', changes: 'changes' } as const;

interface SyncProgressBarProps {
  readonly sync: AccountSync;
}

export function SyncProgressBar({ sync }: SyncProgressBarProps) {
  const folder = sync.runningFolder;
  if (folder === undefined) return null;
  const progress = sync.progress?.folder === folder ? sync.progress : undefined;
  const waiting = sync.waitingFolders.length;
  return (
    <div className="sync-progress" role="status" aria-live="polite">
      <p>
        Syncing {folder}
        {progress &&
          `: ${PHASES[progress.phase]} ${count(progress.done)} of ${count(progress.total)}`}
        {progress && progress.rate > 0 && ` (${count(Math.round(progress.rate))}/s)`}
        {waiting > 0 && `, ${countOf(waiting, 'more folder', 'more folders')} waiting`}
      </p>
      {/* Without a total yet the bar is indeterminate rather than stuck at 0. */}
      <progress
        max={progress && progress.total > 0 ? progress.total : undefined}
        value={progress && progress.total > 0 ? progress.done : undefined}
        aria-label={`Sync progress of ${folder}`}
      />
    </div>
  );
}
