/**
 * The Companies screen: the list (searchable) with "New company"; a company opens as its page:
 * name and domains (editable), its contacts and the timeline of its mail.
 */
import { useState } from 'react';
import type { CompanyRecord } from '../../../shared/crm/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Fields';
import { Spinner } from '../../components/Spinner';
import { deleteCompany, saveCompany } from '../../db/crm-store';
import { getMailDb } from '../../db/mail-db';
import { CrmNotice } from './CrmNotice';
import { contactName, splitList } from './crm-format';
import { useCrmNav } from './crmNavSlice';
import { runCrmAction } from './crmNoticeSlice';
import { RecordBack, RecordUnavailable } from './RecordBack';
import { Timeline } from './Timeline';
import { useCompany, useContacts } from './useCrm';
import { useCompanies } from './useCrmLists';

function CompanyForm(props: {
  readonly company?: CompanyRecord;
  readonly onSaved: (company: CompanyRecord) => void;
  readonly submitLabel: string;
}) {
  const [name, setName] = useState(props.company?.name ?? '');
  const [domains, setDomains] = useState(props.company?.domains.join(', ') ?? '');
  const [tried, setTried] = useState(false);
  const error = tried && name.trim() === '' ? 'Give the company a name.' : undefined;

  async function save(): Promise<void> {
    setTried(true);
    if (name.trim() === '') return;
    const saved = await runCrmAction('The company could not be saved', () =>
      saveCompany(getMailDb(), {
        id: props.company?.id,
        name: name.trim(),
        domains: splitList(domains).map((domain) => domain.toLowerCase()),
      }),
    );
    if (saved !== undefined) props.onSaved(saved);
  }

  return (
    <div className="crm-form">
      <TextField
        label="Name"
        value={name}
        onChange={setName}
        error={error}
        autoFocus={props.company === undefined}
      />
      <TextField
        label="Domains"
        value={domains}
        onChange={setDomains}
        help="Separated by commas, e.g. acme.io. Mail from these domains links to the company."
      />
      <div className="crm-form-actions">
        <button type="button" className="button" onClick={() => void save()}>
          {props.submitLabel}
        </button>
      </div>
    </div>
  );
}

function CompanyContacts({ companyId }: { companyId: string }) {
  const contacts = useContacts('');
  const openRecord = useCrmNav((state) => state.openRecord);
  if (contacts.status !== 'ready') return null;
  const mine = contacts.value.filter((contact) => contact.companyId === companyId);
  return (
    <section className="crm-card" aria-label="Contacts">
      <h2>Contacts</h2>
      {mine.length === 0 ? (
        <p className="muted">No contacts at this company yet (pick it on a contact&apos;s page).</p>
      ) : (
        <ul className="crm-chips">
          {mine.map((contact) => (
            <li key={contact.id}>
              <button
                type="button"
                className="link-button"
                onClick={() => openRecord({ type: 'contact', id: contact.id })}
              >
                {contactName(contact)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CompanyPage({ id }: { id: string }) {
  const result = useCompany(id);
  const closeRecord = useCrmNav((state) => state.closeRecord);
  const [deleting, setDeleting] = useState(false);
  if (result.status !== 'ready' || result.value === undefined) {
    return <RecordUnavailable result={result} noun="company" backLabel="Companies" />;
  }
  const company = result.value;
  return (
    <section className="screen crm-screen crm-record" aria-labelledby="company-title">
      <RecordBack label="Companies" />
      <header className="screen-header">
        <div>
          <h1 id="company-title">{company.name}</h1>
          <p className="muted">{company.domains.join(', ')}</p>
        </div>
        <button
          type="button"
          className="button button-danger-quiet"
          onClick={() => setDeleting(true)}
        >
          Delete
        </button>
      </header>
      <CrmNotice />
      <div className="crm-record-columns">
        <div className="crm-column">
          <section className="crm-card" aria-label="Details">
            <CompanyForm
              key={company.updatedAt}
              company={company}
              submitLabel="Save"
              onSaved={() => undefined}
            />
          </section>
          <CompanyContacts companyId={company.id} />
        </div>
        <Timeline record={{ type: 'company', id: company.id }} />
      </div>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${company.name}?`}
          message="Its links go, mail stays. Its contacts stay, without a company."
          confirmLabel="Delete company"
          onConfirm={async () => {
            await deleteCompany(getMailDb(), company.id);
            closeRecord();
          }}
          onClose={() => setDeleting(false)}
        />
      )}
    </section>
  );
}

function CompanyList() {
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const companies = useCompanies(query);
  const openRecord = useCrmNav((state) => state.openRecord);
  return (
    <section className="screen crm-screen" aria-labelledby="companies-title">
      <header className="screen-header">
        <div>
          <h1 id="companies-title">Companies</h1>
          <p className="muted">Organisations, recognised by their mail domains.</p>
        </div>
        <button type="button" className="button" onClick={() => setCreating(true)}>
          New company
        </button>
      </header>
      <CrmNotice />
      <input
        type="search"
        className="crm-search"
        aria-label="Search companies"
        placeholder="Search by name or domain"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      {companies.status === 'loading' && <Spinner label="Loading companies…" />}
      {companies.status === 'failed' && (
        <ErrorNotice title="The companies could not be read" error={companies.error} />
      )}
      {companies.status === 'ready' &&
        (companies.value.length === 0 ? (
          <div className="empty-state">
            <h2>No companies yet</h2>
          </div>
        ) : (
          <ul className="crm-list" aria-label="Companies">
            {companies.value.map((company) => (
              <li key={company.id}>
                <button
                  type="button"
                  className="crm-list-item"
                  onClick={() => openRecord({ type: 'company', id: company.id })}
                >
                  <span className="crm-list-name">{company.name}</span>
                  <span className="muted">{company.domains.join(', ')}</span>
                </button>
              </li>
            ))}
          </ul>
        ))}
      {creating && (
        <Dialog title="New company" onClose={() => setCreating(false)}>
          <CompanyForm
            submitLabel="Create company"
            onSaved={(company) => {
              setCreating(false);
              openRecord({ type: 'company', id: company.id });
            }}
          />
        </Dialog>
      )}
    </section>
  );
}

export function CompaniesScreen() {
  const record = useCrmNav((state) => state.record);
  if (record?.type === 'company') return <CompanyPage key={record.id} id={record.id} />;
  return <CompanyList />;
}
