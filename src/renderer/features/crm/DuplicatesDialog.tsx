/**
 * Contacts that look like the same person (a shared address or name), each group with Merge.
 * The user picks the contact to keep (the first one unless changed); the others merge into it.
 */
import { useCallback, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/Spinner';
import { findDuplicateContacts, mergeContacts } from '../../db/crm-store';
import { getMailDb } from '../../db/mail-db';
import { useLiveQuery } from '../../db/useLiveQuery';
import { CrmNotice } from './CrmNotice';
import { contactName } from './crm-format';
import { runCrmAction } from './crmNoticeSlice';

export function DuplicatesDialog({ onClose }: { onClose: () => void }) {
  const read = useCallback(() => findDuplicateContacts(getMailDb()), []);
  const groups = useLiveQuery(read);
  const [busy, setBusy] = useState(false);
  // The chosen contact to keep, by group (its ids joined); a group without a choice keeps its first.
  const [kept, setKept] = useState<Readonly<Record<string, string>>>({});

  async function merge(keepId: string, mergeIds: readonly string[]): Promise<void> {
    setBusy(true);
    await runCrmAction('The contacts could not be merged', async () => {
      for (const id of mergeIds) await mergeContacts(getMailDb(), keepId, id);
    });
    setBusy(false);
  }

  return (
    <Dialog
      title="Duplicate contacts"
      size="large"
      onClose={onClose}
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="button button-secondary" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <CrmNotice />
      {groups.status === 'loading' && <Spinner label="Looking for duplicates…" />}
      {groups.status === 'failed' && (
        <ErrorNotice title="Duplicates could not be found" error={groups.error} />
      )}
      {groups.status === 'ready' && groups.value.length === 0 && (
        <p className="muted">No duplicates: no two contacts share an address or a name.</p>
      )}
      {groups.status === 'ready' && (
        <ul className="crm-duplicates">
          {groups.value.map((group) => {
            const key = group.map((contact) => contact.id).join(':');
            const keep = group.find((contact) => contact.id === kept[key]) ?? group[0];
            if (keep === undefined) return null;
            return (
              <li key={key}>
                <fieldset className="crm-duplicate-group">
                  <legend className="muted">Same address or name; keep:</legend>
                  {group.map((contact) => (
                    <label key={contact.id} className="crm-duplicate-choice">
                      <input
                        type="radio"
                        name={`keep-${key}`}
                        checked={contact.id === keep.id}
                        onChange={() => setKept({ ...kept, [key]: contact.id })}
                      />
                      <strong>{contactName(contact)}</strong> {contact.addresses.join(', ')}
                    </label>
                  ))}
                </fieldset>
                <button
                  type="button"
                  className="button button-small"
                  disabled={busy}
                  onClick={() =>
                    void merge(
                      keep.id,
                      group.filter((contact) => contact.id !== keep.id).map((c) => c.id),
                    )
                  }
                >
                  Merge into {contactName(keep)}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </Dialog>
  );
}
