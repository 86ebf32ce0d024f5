/**
 * The search box in the mail header. Enter searches the cache; Escape closes the results and
 * goes back to the list. "/" anywhere on the mail screen focuses it (useMailShortcuts).
 */
import type { FormEvent, KeyboardEvent } from 'react';
import type { AccountView } from '../../../shared/account';
import { useSearch } from './searchSlice';

/** The id the "/" shortcut focuses. */
export const SEARCH_INPUT_ID = 'mail-search';

export function SearchBar({ accounts }: { readonly accounts: readonly AccountView[] }) {
  const text = useSearch((state) => state.text);
  const open = useSearch((state) => state.open);
  const setText = useSearch((state) => state.setText);
  const run = useSearch((state) => state.run);
  const close = useSearch((state) => state.close);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(accounts);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    setText('');
    close();
    event.currentTarget.blur();
  }

  return (
    <form className="search-bar" role="search" onSubmit={onSubmit}>
      <label htmlFor={SEARCH_INPUT_ID} className="visually-hidden">
        Search mail
      </label>
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        className="search-input"
        placeholder="Search mail (from:, to:, subject:, has:attachment, is:unread, before:, after:, in:)"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        autoComplete="off"
        spellCheck={false}
      />
      <button type="submit" className="button button-small">
        Search
      </button>
      {open && (
        <button
          type="button"
          className="button button-small button-secondary"
          onClick={() => {
            setText('');
            close();
          }}
        >
          Close search
        </button>
      )}
    </form>
  );
}
