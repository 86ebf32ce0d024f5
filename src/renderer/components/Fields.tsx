/**
 * Labelled form controls. Each control owns its <label> (tied by id), its help text and its
 * validation message (tied by aria-describedby), so no input in the app can ship without a label.
 */
import { useId, type ReactNode } from 'react';

interface BaseProps {
  readonly label: string;
  readonly error?: string;
  readonly help?: ReactNode;
  readonly className?: string;
}

function describedBy(helpId: string, errorId: string, help: unknown, error: unknown) {
  const ids = [help ? helpId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return ids === '' ? undefined : ids;
}

function FieldNotes(props: { helpId: string; errorId: string; help?: ReactNode; error?: string }) {
  return (
    <>
      {props.help && (
        <span id={props.helpId} className="field-help">
          {props.help}
        </span>
      )}
      {props.error && (
        <span id={props.errorId} className="field-error">
          {props.error}
        </span>
      )}
    </>
  );
}

interface TextFieldProps extends BaseProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly type?: 'text' | 'email' | 'password';
  readonly placeholder?: string;
  readonly autoComplete?: string;
  readonly autoFocus?: boolean;
  readonly required?: boolean;
  readonly disabled?: boolean;
}

export function TextField(props: TextFieldProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  return (
    <div className={`field ${props.className ?? ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete ?? 'off'}
        autoFocus={props.autoFocus}
        required={props.required}
        disabled={props.disabled}
        spellCheck={false}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(helpId, errorId, props.help, props.error)}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <FieldNotes helpId={helpId} errorId={errorId} help={props.help} error={props.error} />
    </div>
  );
}

interface PortFieldProps extends BaseProps {
  readonly value: number;
  readonly onChange: (value: number) => void;
}

/** A port number; an empty field is 0, which validation reports as out of range. */
export function PortField(props: PortFieldProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  return (
    <div className={`field field-port ${props.className ?? ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        maxLength={5}
        value={props.value === 0 ? '' : String(props.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(helpId, errorId, props.help, props.error)}
        onChange={(event) => {
          const digits = event.target.value.replace(/\D/g, '');
          props.onChange(digits === '' ? 0 : Number(digits));
        }}
      />
      <FieldNotes helpId={helpId} errorId={errorId} help={props.help} error={props.error} />
    </div>
  );
}

export interface SelectOption<T extends string> {
  readonly value: T;
  readonly label: string;
}

interface SelectFieldProps<T extends string> extends BaseProps {
  readonly value: T;
  readonly options: readonly SelectOption<T>[];
  readonly onChange: (value: T) => void;
}

export function SelectField<T extends string>(props: SelectFieldProps<T>) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  return (
    <div className={`field ${props.className ?? ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(helpId, errorId, props.help, props.error)}
        onChange={(event) => {
          // The options are exactly the values of T, so whatever the user picked is a T.
          const picked = props.options.find((option) => option.value === event.target.value);
          if (picked) props.onChange(picked.value);
        }}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldNotes helpId={helpId} errorId={errorId} help={props.help} error={props.error} />
    </div>
  );
}

interface CheckboxProps {
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  readonly help?: ReactNode;
  readonly disabled?: boolean;
}

export function Checkbox(props: CheckboxProps) {
  const id = useId();
  const helpId = `${id}-help`;
  return (
    <div className="field field-check">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={props.help ? helpId : undefined}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
      {props.help && (
        <span id={helpId} className="field-help">
          {props.help}
        </span>
      )}
    </div>
  );
}

interface RadioGroupProps<T extends string> {
  readonly legend: string;
  readonly name: string;
  readonly value: T;
  readonly options: readonly SelectOption<T>[];
  readonly onChange: (value: T) => void;
}

export function RadioGroup<T extends string>(props: RadioGroupProps<T>) {
  const id = useId();
  return (
    <fieldset className="radio-group">
      <legend>{props.legend}</legend>
      {props.options.map((option) => (
        <div key={option.value} className="field-check">
          <input
            id={`${id}-${option.value}`}
            type="radio"
            name={`${props.name}-${id}`}
            checked={props.value === option.value}
            onChange={() => props.onChange(option.value)}
          />
          <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}
