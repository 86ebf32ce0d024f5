/** "New contact": the contact form in a dialog; prefilled when made from a message's sender. */
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { saveContact } from '../../db/crm-store';
import { getMailDb } from '../../db/mail-db';
import { ContactForm, draftOf, inputOf, validateDraft, type ContactDraft } from './ContactForm';
import { runCrmAction } from './crmNoticeSlice';

export function NewContactDialog(props: {
  readonly onClose: () => void;
  readonly onCreated?: (id: string) => void;
  readonly prefill?: Partial<ContactDraft>;
}) {
  const [draft, setDraft] = useState(() => draftOf(undefined, props.prefill));
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = tried ? validateDraft(draft) : {};

  async function create(): Promise<void> {
    setTried(true);
    if (Object.keys(validateDraft(draft)).length > 0) return;
    setBusy(true);
    const saved = await runCrmAction('The contact could not be saved', () =>
      saveContact(getMailDb(), inputOf(draft)),
    );
    setBusy(false);
    if (saved === undefined) return;
    props.onClose();
    props.onCreated?.(saved.id);
  }

  return (
    <Dialog
      title="New contact"
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button"
            disabled={busy}
            data-testid="contact-create"
            onClick={() => void create()}
          >
            Create contact
          </button>
        </>
      }
    >
      <ContactForm draft={draft} onChange={setDraft} errors={errors} autoFocus />
    </Dialog>
  );
}
