/** A labelled multi-line text field, like Fields.tsx's TextField. */
import { useId } from 'react';

interface TextAreaFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly help?: string;
  readonly error?: string;
  readonly rows?: number;
  readonly className?: string;
}

export function TextAreaField(props: TextAreaFieldProps) {
  const id = useId();
  const notes = [props.help ? `${id}-help` : '', props.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`field ${props.className ?? ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        rows={props.rows ?? 3}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={notes || undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.help && (
        <span id={`${id}-help`} className="field-help">
          {props.help}
        </span>
      )}
      {props.error && (
        <span id={`${id}-error`} className="field-error">
          {props.error}
        </span>
      )}
    </div>
  );
}
