/**
 * A To / Cc / Bcc field: free text ("Anna <anna@x.io>, ben@y.io") with completion from the
 * addresses in the user's mail. Arrow keys move through the suggestions, Enter or Tab takes
 * one, Escape closes the list. Entries that are not addresses are named under the field.
 */
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { formatAddressList } from '../../../shared/compose/address-list';
import {
  currentEntry,
  rankCompletions,
  type KnownAddress,
} from '../../../shared/compose/completion';

interface AddressFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly known: readonly KnownAddress[];
  readonly errors: readonly string[];
  readonly testId: string;
  readonly autoFocus?: boolean;
}

export function AddressField(props: AddressFieldProps) {
  const id = useId();
  const listId = `${id}-list`;
  const errorId = `${id}-error`;
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const { head, query } = currentEntry(props.value);
  const suggestions = useMemo(
    () => (open ? rankCompletions(props.known, query, 8) : []),
    [open, props.known, query],
  );
  const showing = suggestions.length > 0;

  function take(entry: KnownAddress): void {
    const prefix = head.trim() === '' ? '' : `${head.trimEnd()} `;
    props.onChange(`${prefix}${formatAddressList([entry])}, `);
    setOpen(false);
    setActive(0);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (!showing) return;
    const chosen = suggestions[active];
    switch (event.key) {
      case 'ArrowDown':
        setActive((active + 1) % suggestions.length);
        break;
      case 'ArrowUp':
        setActive((active - 1 + suggestions.length) % suggestions.length);
        break;
      case 'Enter':
      case 'Tab':
        if (chosen === undefined) return;
        take(chosen);
        break;
      case 'Escape':
        setOpen(false);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  return (
    <div className="field compose-address">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="text"
        role="combobox"
        data-testid={props.testId}
        aria-expanded={showing}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showing ? `${listId}-${active}` : undefined}
        aria-invalid={props.errors.length > 0 ? true : undefined}
        aria-describedby={props.errors.length > 0 ? errorId : undefined}
        autoComplete="off"
        spellCheck={false}
        autoFocus={props.autoFocus}
        value={props.value}
        onChange={(event) => {
          props.onChange(event.target.value);
          setOpen(true);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      {showing && (
        <ul className="compose-suggestions" role="listbox" id={listId} aria-label="Suggestions">
          {suggestions.map((entry, index) => (
            <li
              key={entry.address.toLowerCase()}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              // mousedown, not click: the input's blur would close the list first.
              onMouseDown={(event) => {
                event.preventDefault();
                take(entry);
              }}
            >
              {entry.name !== '' && <span className="compose-suggestion-name">{entry.name}</span>}
              <span className="compose-suggestion-address">{entry.address}</span>
            </li>
          ))}
        </ul>
      )}
      {props.errors.length > 0 && (
        <span id={errorId} className="field-error">
          {props.errors.join('; ')}
        </span>
      )}
    </div>
  );
}
