/** Options of a message: a read receipt and a scheduled send time. */
import { useId } from 'react';
import { Checkbox } from '../../components/Fields';
import type { ComposeForm } from './compose-form';

interface ComposeOptionsProps {
  readonly readReceipt: boolean;
  /** A datetime-local value, '' to send at once. */
  readonly sendAt: string;
  readonly error?: string;
  readonly onChange: (patch: Partial<ComposeForm>) => void;
}

export function ComposeOptions(props: ComposeOptionsProps) {
  const scheduleId = useId();
  return (
    <div className="compose-options">
      <Checkbox
        label="Request a read receipt"
        checked={props.readReceipt}
        onChange={(readReceipt) => props.onChange({ readReceipt })}
      />
      <div className="field compose-schedule">
        <label htmlFor={scheduleId}>Send later</label>
        <input
          id={scheduleId}
          type="datetime-local"
          value={props.sendAt}
          onChange={(event) => props.onChange({ sendAt: event.target.value })}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={`${scheduleId}-help`}
        />
        <span id={`${scheduleId}-help`} className="field-help">
          The app must be running at that time.
        </span>
        {props.error && <span className="field-error">{props.error}</span>}
      </div>
    </div>
  );
}
