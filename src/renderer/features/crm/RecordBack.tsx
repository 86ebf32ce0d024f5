/**
 * "‹ Contacts": back from a record page to its screen's list; and what a record page shows
 * until its record is there.
 */
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/Spinner';
import type { LiveResult } from '../../db/useLiveQuery';
import { useCrmNav } from './crmNavSlice';

export function RecordBack({ label }: { label: string }) {
  const closeRecord = useCrmNav((state) => state.closeRecord);
  return (
    <button type="button" className="link-button crm-back" onClick={closeRecord}>
      ‹ {label}
    </button>
  );
}

/** What a record page shows while its record loads, failed to load, or is gone (`noun`: "contact"). */
export function RecordUnavailable<T>(props: {
  readonly result: LiveResult<T | undefined>;
  readonly noun: string;
  readonly backLabel: string;
}) {
  const { result, noun } = props;
  if (result.status === 'loading') return <Spinner label={`Opening the ${noun}…`} />;
  if (result.status === 'failed') {
    return <ErrorNotice title={`The ${noun} could not be read`} error={result.error} />;
  }
  return (
    <section className="screen crm-screen">
      <RecordBack label={props.backLabel} />
      <p>This {noun} no longer exists.</p>
    </section>
  );
}
