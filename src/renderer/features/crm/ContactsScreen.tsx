/**
 * The Contacts screen: search by name or address, the list, "New contact", import (CSV, vCard),
 * export (CSV) and duplicates. A contact opens as its page in place of the list.
 */
import { useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/Spinner';
import { exportContactsCsv } from '../../db/crm-store';
import { getMailDb } from '../../db/mail-db';
import { ContactPage } from './ContactPage';
import { CrmNotice } from './CrmNotice';
import { contactName } from './crm-format';
import { useCrmNav } from './crmNavSlice';
import { runCrmAction } from './crmNoticeSlice';
import { DuplicatesDialog } from './DuplicatesDialog';
import { ImportDialog } from './ImportDialog';
import { NewContactDialog } from './NewContactDialog';
import { useContacts } from './useCrm';

type Open = 'none' | 'new' | 'import' | 'duplicates';

/** Offers `text` as a file download through a Blob URL. */
export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The click has started the download; the URL can go once the event loop moves on.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function ContactList() {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<Open>('none');
  const contacts = useContacts(query);
  const openRecord = useCrmNav((state) => state.openRecord);

  async function exportAll(): Promise<void> {
    const csv = await runCrmAction('The contacts could not be exported', () =>
      exportContactsCsv(getMailDb()),
    );
    if (csv !== undefined) download('contacts.csv', 'text/csv;charset=utf-8', csv);
  }

  return (
    <section className="screen crm-screen" aria-labelledby="contacts-title">
      <header className="screen-header">
        <div>
          <h1 id="contacts-title">Contacts</h1>
          <p className="muted">People you write with; their mail links to them by itself.</p>
        </div>
        <div className="crm-header-actions">
          <button type="button" className="button" onClick={() => setOpen('new')}>
            New contact
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setOpen('import')}
          >
            Import…
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void exportAll()}
          >
            Export CSV
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setOpen('duplicates')}
          >
            Duplicates
          </button>
        </div>
      </header>
      <CrmNotice />
      <input
        type="search"
        className="crm-search"
        aria-label="Search contacts"
        placeholder="Search by name or address"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      {contacts.status === 'loading' && <Spinner label="Loading contacts…" />}
      {contacts.status === 'failed' && (
        <ErrorNotice title="The contacts could not be read" error={contacts.error} />
      )}
      {contacts.status === 'ready' &&
        (contacts.value.length === 0 ? (
          <div className="empty-state">
            <h2>{query === '' ? 'No contacts yet' : 'No contact matches'}</h2>
            <p className="muted">
              Add one with New contact, import a CSV or vCard file, or let the CRM create them from
              your mail (CRM settings).
            </p>
          </div>
        ) : (
          <ul className="crm-list" aria-label="Contacts">
            {contacts.value.map((contact) => (
              <li key={contact.id}>
                <button
                  type="button"
                  className="crm-list-item"
                  onClick={() => openRecord({ type: 'contact', id: contact.id })}
                >
                  <span className="crm-list-name">{contactName(contact)}</span>
                  <span className="muted">{contact.addresses.join(', ')}</span>
                  {contact.title && <span className="muted">{contact.title}</span>}
                </button>
              </li>
            ))}
          </ul>
        ))}
      {open === 'new' && (
        <NewContactDialog
          onClose={() => setOpen('none')}
          onCreated={(id) => openRecord({ type: 'contact', id })}
        />
      )}
      {open === 'import' && <ImportDialog onClose={() => setOpen('none')} />}
      {open === 'duplicates' && <DuplicatesDialog onClose={() => setOpen('none')} />}
    </section>
  );
}

export function ContactsScreen() {
  const record = useCrmNav((state) => state.record);
  if (record?.type === 'contact') return <ContactPage key={record.id} id={record.id} />;
  return <ContactList />;
}
