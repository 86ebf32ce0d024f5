/**
 * Search a contact, company or deal by name (or address, domain) and pick one: "Link to…" beside
 * a message, "Add contact" on a deal.
 */
import { useCallback, useId, useState } from 'react';
import type { RecordRef, RecordType } from '../../../shared/crm/types';
import { listCompanies, listContacts, listDeals } from '../../db/crm-store';
import { getMailDb } from '../../db/mail-db';
import { useLiveQuery } from '../../db/useLiveQuery';
import { contactName } from './crm-format';

/** One match: what to link and how it reads. */
export interface PickedRecord {
  readonly ref: RecordRef;
  readonly label: string;
  readonly detail: string;
}

const TYPE_LABELS: Readonly<Record<RecordType, string>> = {
  contact: 'Contact',
  company: 'Company',
  deal: 'Deal',
  case: 'Case',
};

async function search(query: string, types: readonly RecordType[]): Promise<PickedRecord[]> {
  const db = getMailDb();
  const wanted = query.trim().toLowerCase();
  if (wanted === '') return [];
  const found: PickedRecord[] = [];
  if (types.includes('contact')) {
    for (const contact of await listContacts(db, wanted, 8)) {
      found.push({
        ref: { type: 'contact', id: contact.id },
        label: contactName(contact),
        detail: contact.addresses[0] ?? '',
      });
    }
  }
  if (types.includes('company')) {
    for (const company of (await listCompanies(db, wanted)).slice(0, 8)) {
      found.push({
        ref: { type: 'company', id: company.id },
        label: company.name,
        detail: company.domains.join(', '),
      });
    }
  }
  if (types.includes('deal')) {
    const deals = (await listDeals(db)).filter((deal) => deal.name.toLowerCase().includes(wanted));
    for (const deal of deals.slice(0, 8)) {
      found.push({ ref: { type: 'deal', id: deal.id }, label: deal.name, detail: deal.stage });
    }
  }
  return found;
}

export function RecordPicker(props: {
  readonly types: readonly RecordType[];
  readonly label: string;
  readonly onPick: (picked: PickedRecord) => void;
  readonly exclude?: ReadonlySet<string>;
}) {
  const id = useId();
  const [query, setQuery] = useState('');
  const { types, exclude } = props;
  const read = useCallback(() => search(query, types), [query, types]);
  const result = useLiveQuery(read);
  const matches =
    result.status === 'ready' ? result.value.filter((match) => !exclude?.has(match.ref.id)) : [];
  return (
    <div className="crm-picker">
      <label htmlFor={id} className="visually-hidden">
        {props.label}
      </label>
      <input
        id={id}
        type="search"
        placeholder={props.label}
        value={query}
        autoFocus
        onChange={(event) => setQuery(event.target.value)}
      />
      {query.trim() !== '' && (
        <ul className="crm-picker-list" aria-label="Matches">
          {matches.length === 0 && <li className="muted">Nothing matches.</li>}
          {matches.map((match) => (
            <li key={`${match.ref.type}:${match.ref.id}`}>
              <button
                type="button"
                className="crm-picker-item"
                onClick={() => {
                  props.onPick(match);
                  setQuery('');
                }}
              >
                <span className="crm-type">{TYPE_LABELS[match.ref.type]}</span>
                <span>{match.label}</span>
                <span className="muted">{match.detail}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
