/** The history of an account's sync runs: when, what, how many, and how it ended (with errors). */
import { countOf } from '../../../shared/text/counts';
import type { RunCounts, RunStatus, SyncRunRow } from '../../db/records';
import { moment } from '../mailbox/format';

/** A run's result in a word. */
export const RUN_STATUS: Readonly<Record<RunStatus, string>> = {
  success: 'Success',
  partial: 'Partial',
  failed: 'Failed',
};

function part(count: number | undefined, one: string, many: string): string[] {
  if (count === undefined || count === 0) return [];
  return [countOf(count, one, many)];
}

/** The counts of a run in words, e.g. "30 stored, 2 excluded". */
export function describeCounts(run: SyncRunRow): string {
  const c: RunCounts = run.counts;
  const parts =
    run.direction === 'download'
      ? [
          ...part(c.stored, 'message stored', 'messages stored'),
          ...part(c.vanished, 'removed', 'removed'),
          ...part(c.flagsChanged, 'flag change', 'flag changes'),
          ...part(c.excluded, 'excluded by rules', 'excluded by rules'),
        ]
      : [
          ...part(c.actionsDone, 'change sent', 'changes sent'),
          ...part(c.actionsGone, 'already gone on the server', 'already gone on the server'),
          ...part(c.actionsFailed, 'refused', 'refused'),
        ];
  // A failed run that changed nothing did not find "no changes": it never got to look.
  const text =
    parts.length > 0 ? parts.join(', ') : run.status === 'failed' ? 'Nothing synced' : 'No changes';
  return run.runs !== undefined && run.since !== undefined
    ? `${text} (${countOf(run.runs, 'run', 'runs')} since ${moment(run.since)})`
    : text;
}

function what(run: SyncRunRow): string {
  const folders = run.folders.join(', ');
  if (run.direction === 'upload') {
    return folders === '' ? 'Sent your changes' : `Sent your changes (${folders})`;
  }
  return `Synced ${folders}${run.mode ? ` (${run.mode})` : ''}`;
}

export function RunHistory({ runs }: { readonly runs: readonly SyncRunRow[] }) {
  if (runs.length === 0) {
    return <p className="muted">No sync has run yet.</p>;
  }
  return (
    <div className="table-scroll">
      <table className="table run-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Run</th>
            <th scope="col">Count</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id ?? `${run.startedAt}-${run.folders.join(',')}`}>
              <td className="nowrap">{moment(run.finishedAt)}</td>
              <td>{what(run)}</td>
              <td>{describeCounts(run)}</td>
              <td>
                <span className={`badge badge-run-${run.status}`}>{RUN_STATUS[run.status]}</span>
                {run.errors.map((error, index) => (
                  <p key={index} className="cell-note cell-error">
                    {error.message}
                    {error.hint ? ` ${error.hint}` : ''}
                  </p>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
