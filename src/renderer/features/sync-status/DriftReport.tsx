/**
 * The drift check per synced folder: does the cache still match the server? A difference is a
 * problem with its reasons; a folder never checked says so and is not shown as healthy.
 */
import { useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors';
import { formatCount } from '../../../shared/text/counts';
import type { SyncRunRow } from '../../db/records';
import { moment } from '../mailbox/format';
import type { DriftReport as Report } from '../sync/drift-check';
import { startSync } from '../sync/start-sync';

interface DriftReportProps {
  readonly accountId: string;
  readonly folders: readonly { readonly path: string; readonly label: string }[];
  readonly reports: Readonly<Record<string, Report>>;
  /** The account's recent runs: a sync that stored or removed mail after a check outdates it. */
  readonly runs: readonly SyncRunRow[];
  readonly canCheck: boolean;
}

/**
 * Whether a sync stored or removed messages of `folder` after `checkedAt`: the report's counts
 * are then those of an older cache. (Checks run after a sync at most every 15 minutes.)
 */
export function changedSinceCheck(
  runs: readonly SyncRunRow[],
  folder: string,
  checkedAt: string,
): boolean {
  const checked = Date.parse(checkedAt);
  return runs.some(
    (run) =>
      run.direction === 'download' &&
      run.folders.includes(folder) &&
      Date.parse(run.finishedAt) > checked &&
      (run.counts.stored ?? 0) + (run.counts.vanished ?? 0) > 0,
  );
}

function FolderDrift(props: {
  readonly accountId: string;
  readonly path: string;
  readonly label: string;
  readonly report?: Report;
  readonly outdated: boolean;
  readonly canCheck: boolean;
}) {
  const { report } = props;
  const [checking, setChecking] = useState(false);
  const [failure, setFailure] = useState<AppError>();

  function check() {
    setChecking(true);
    setFailure(undefined);
    startSync()
      .checkDrift(props.accountId, props.path)
      .then(
        () => setChecking(false),
        (thrown: unknown) => {
          setChecking(false);
          setFailure(toAppError(thrown));
        },
      );
  }

  let state;
  if (report === undefined) {
    state = (
      <p className="drift-state drift-unknown">
        Not checked yet: whether the cache matches the server is unknown.
      </p>
    );
  } else if (report.status === 'drift') {
    state = (
      <div className="drift-state drift-problem" role="alert">
        <p className="notice-title">Drift: the cache does not match the server</p>
        <ul>
          {report.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
        <p className="muted">Checked {moment(report.checkedAt)}. Sync Now usually repairs it.</p>
      </div>
    );
  } else {
    state = (
      <p className="drift-state drift-ok">
        {props.outdated ? 'Matched the server when checked' : 'Matches the server'}:{' '}
        {formatCount(report.serverCount)} messages on the server, {formatCount(report.cachedCount)}{' '}
        cached
        {report.excludedCount > 0 ? `, ${formatCount(report.excludedCount)} excluded by rules` : ''}
        ; {formatCount(report.sampled)} sampled messages found. Checked {moment(report.checkedAt)}.
      </p>
    );
  }

  return (
    <li className="drift-folder">
      <div className="drift-head">
        <span className="drift-name">{props.label}</span>
        <button
          type="button"
          className="button button-small button-secondary"
          disabled={!props.canCheck || checking}
          onClick={check}
          aria-label={`Check ${props.label} against the server`}
        >
          {checking ? 'Checking…' : 'Check now'}
        </button>
      </div>
      {state}
      {report !== undefined && props.outdated && (
        <p className="muted drift-outdated">
          Mail has arrived or gone since this check. Check now to compare again.
        </p>
      )}
      {failure && (
        <p className="field-error" role="alert">
          The check could not run: {failure.message}
        </p>
      )}
    </li>
  );
}

export function DriftReport({ accountId, folders, reports, runs, canCheck }: DriftReportProps) {
  return (
    <ul className="drift-list">
      {folders.map((folder) => {
        const report = reports[folder.path];
        return (
          <FolderDrift
            key={folder.path}
            accountId={accountId}
            path={folder.path}
            label={folder.label}
            report={report}
            outdated={
              report !== undefined && changedSinceCheck(runs, folder.path, report.checkedAt)
            }
            canCheck={canCheck}
          />
        );
      })}
    </ul>
  );
}
