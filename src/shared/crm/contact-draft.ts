/**
 * A contact as read from an import file (CSV, vCard), before it is matched against the CRM:
 * it names its company instead of pointing to a record.
 */

export interface ContactDraft {
  firstName: string;
  lastName: string;
  /** Lower case, trimmed; the first is the primary address. */
  addresses: string[];
  phone: string;
  title: string;
  company: string;
  notes: string;
  tags: string[];
}

/** A problem with one entry of an import file; line numbers start at 1. */
export interface ImportError {
  readonly line: number;
  readonly message: string;
}

/** What an import file gave: the contacts that could be read and what could not. */
export interface ImportResult {
  contacts: ContactDraft[];
  errors: ImportError[];
}

/** An empty draft to fill in. */
export function emptyDraft(): ContactDraft {
  return {
    firstName: '',
    lastName: '',
    addresses: [],
    phone: '',
    title: '',
    company: '',
    notes: '',
    tags: [],
  };
}

/** True when a draft names nobody: no name, no address, no company. */
export function isEmptyDraft(draft: ContactDraft): boolean {
  return (
    draft.firstName.length === 0 &&
    draft.lastName.length === 0 &&
    draft.addresses.length === 0 &&
    draft.company.length === 0
  );
}
