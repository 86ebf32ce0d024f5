/**
 * One contact: its details (editable in place), its company and deals, Delete, and the activity
 * timeline of every linked message.
 */
import { useState } from 'react';
import type { ContactRecord } from '../../../shared/crm/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { deleteContact, saveContact } from '../../db/crm-store';
import { getMailDb } from '../../db/mail-db';
import { ContactForm, draftOf, inputOf, validateDraft } from './ContactForm';
import { CrmNotice } from './CrmNotice';
import { contactName } from './crm-format';
import { useCrmNav } from './crmNavSlice';
import { runCrmAction } from './crmNoticeSlice';
import { RecordBack, RecordUnavailable } from './RecordBack';
import { Timeline } from './Timeline';
import { useCompany, useContact } from './useCrm';

function CompanyLine({ id }: { id: string }) {
  const company = useCompany(id);
  const openRecord = useCrmNav((state) => state.openRecord);
  if (company.status !== 'ready' || company.value === undefined) return null;
  return (
    <button
      type="button"
      className="link-button"
      onClick={() => openRecord({ type: 'company', id })}
    >
      {company.value.name}
    </button>
  );
}

function Details({ contact }: { contact: ContactRecord }) {
  const [draft, setDraft] = useState(() => draftOf(contact));
  const [tried, setTried] = useState(false);
  const errors = tried ? validateDraft(draft) : {};
  const changed = JSON.stringify(draft) !== JSON.stringify(draftOf(contact));

  async function save(): Promise<void> {
    setTried(true);
    if (Object.keys(validateDraft(draft)).length > 0) return;
    // Saved, the page re-renders with the stored contact (this form is keyed by updatedAt).
    await runCrmAction('The contact could not be saved', () =>
      saveContact(getMailDb(), inputOf(draft, contact)),
    );
  }

  return (
    <section className="crm-card" aria-label="Details">
      <ContactForm draft={draft} onChange={setDraft} errors={errors} />
      <div className="crm-form-actions">
        <button
          type="button"
          className="button"
          disabled={!changed}
          data-testid="contact-save"
          onClick={() => void save()}
        >
          Save
        </button>
        {changed && (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setDraft(draftOf(contact))}
          >
            Undo changes
          </button>
        )}
      </div>
    </section>
  );
}

function DeleteDialog({ contact, onClose }: { contact: ContactRecord; onClose: () => void }) {
  const closeRecord = useCrmNav((state) => state.closeRecord);
  return (
    <ConfirmDialog
      title={`Delete ${contactName(contact)}?`}
      message="Its links go, mail stays: the messages remain in your mailbox."
      confirmLabel="Delete contact"
      onConfirm={async () => {
        await deleteContact(getMailDb(), contact.id);
        closeRecord();
      }}
      onClose={onClose}
    />
  );
}

export function ContactPage({ id }: { id: string }) {
  const result = useContact(id);
  const [deleting, setDeleting] = useState(false);
  if (result.status !== 'ready' || result.value === undefined) {
    return <RecordUnavailable result={result} noun="contact" backLabel="Contacts" />;
  }
  const contact = result.value;
  return (
    <section className="screen crm-screen crm-record" aria-labelledby="contact-title">
      <RecordBack label="Contacts" />
      <header className="screen-header">
        <div>
          <h1 id="contact-title">{contactName(contact)}</h1>
          <p className="muted">
            {[contact.title, contact.addresses[0]].filter(Boolean).join(' · ')}{' '}
            {contact.companyId && <CompanyLine id={contact.companyId} />}
          </p>
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
        {/* Keyed by the stored version, so a save elsewhere (a merge) refreshes the form. */}
        <Details key={contact.updatedAt} contact={contact} />
        <Timeline record={{ type: 'contact', id: contact.id }} />
      </div>
      {deleting && <DeleteDialog contact={contact} onClose={() => setDeleting(false)} />}
    </section>
  );
}
