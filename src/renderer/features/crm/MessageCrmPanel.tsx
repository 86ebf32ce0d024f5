/**
 * Beside the open message: the records it is linked to (contacts, company, deals, cases) with
 * why, one-click Unlink, "Link to…", "Create contact" from the sender, and "Never link" for the
 * sender's address or domain.
 */
import { useState } from 'react';
import { domainOf, isFreeMailDomain, normalizeAddress } from '../../../shared/crm/addresses';
import type { MailAddress } from '../../../shared/sync';
import { linkManually, neverLinkAddress, neverLinkDomain, unlink } from '../../db/crm-store';
import { getMailDb } from '../../db/mail-db';
import { CrmNotice } from './CrmNotice';
import { splitDisplayName } from '../../../shared/compose/recipient-context';
import { useAccounts } from '../accounts/accountsSlice';
import { contactName, directionOf } from './crm-format';
import { useCrmNav } from './crmNavSlice';
import { runCrmAction } from './crmNoticeSlice';
import { NewContactDialog } from './NewContactDialog';
import { RecordPicker } from './RecordPicker';
import { useMessageLinks } from './useCrm';

const LINKABLE = ['contact', 'company', 'deal'] as const;

/** How a linked record reads in the panel. */
function recordLabel(record: unknown): string {
  if (typeof record !== 'object' || record === null) return '(removed)';
  if ('addresses' in record && 'firstName' in record && 'lastName' in record) {
    return contactName(record as Parameters<typeof contactName>[0]);
  }
  if ('name' in record && typeof record.name === 'string') return record.name;
  if ('subject' in record && typeof record.subject === 'string') return record.subject;
  return '(unnamed)';
}

const TYPE_LABELS = { contact: 'Contact', company: 'Company', deal: 'Deal', case: 'Case' };

export function MessageCrmPanel(props: {
  readonly accountId: string;
  readonly messageKey: string;
  readonly from: readonly MailAddress[];
  readonly to: readonly MailAddress[];
}) {
  const { accountId, messageKey } = props;
  const accounts = useAccounts((state) => state.accounts);
  // The other party: the sender of received mail, the first recipient of sent mail.
  const sender = directionOf(props.from, accounts) === 'sent' ? props.to[0] : props.from[0];
  const links = useMessageLinks(accountId, messageKey);
  const openRecord = useCrmNav((state) => state.openRecord);
  const [linking, setLinking] = useState(false);
  const [creating, setCreating] = useState(false);
  const address = sender ? normalizeAddress(sender.address) : '';
  const domain = address ? domainOf(address) : '';
  const entries = links.status === 'ready' ? links.value : [];
  // Someone already a contact (an address link) is not offered as a new one.
  const known = entries.some(
    ({ link, record }) =>
      link.recordType === 'contact' &&
      'addresses' in record &&
      record.addresses.some((candidate) => normalizeAddress(candidate) === address),
  );
  const db = getMailDb();

  return (
    <aside className="crm-panel" aria-label="CRM" data-testid="crm-panel">
      <CrmNotice />
      {entries.length === 0 ? (
        <p className="muted crm-panel-empty">Not linked to any contact, company or deal.</p>
      ) : (
        <ul className="crm-panel-links">
          {entries.map(({ link, record }) => (
            <li key={`${link.recordType}:${link.recordId}`} className="crm-panel-link">
              <span className="crm-type">{TYPE_LABELS[link.recordType]}</span>
              <button
                type="button"
                className="link-button"
                onClick={() => openRecord({ type: link.recordType, id: link.recordId })}
              >
                {recordLabel(record)}
              </button>
              <span className="muted crm-reason">{link.reason}</span>
              <button
                type="button"
                className="button button-small button-danger-quiet"
                aria-label={`Unlink ${recordLabel(record)}`}
                onClick={() =>
                  void runCrmAction('The link could not be removed', () => unlink(db, link))
                }
              >
                Unlink
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="crm-panel-actions">
        <button
          type="button"
          className="button button-small button-secondary"
          aria-expanded={linking}
          onClick={() => setLinking(!linking)}
        >
          Link to…
        </button>
        {sender && !known && (
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={() => setCreating(true)}
          >
            Create contact from {sender.address}
          </button>
        )}
        {address && (
          <button
            type="button"
            className="button button-small button-secondary"
            title={`Mail from and to ${address} is never linked to records`}
            onClick={() =>
              void runCrmAction('The address could not be excluded', () =>
                neverLinkAddress(db, address),
              )
            }
          >
            Never link this address
          </button>
        )}
        {domain && !isFreeMailDomain(domain) && (
          <button
            type="button"
            className="button button-small button-secondary"
            title={`Mail from and to ${domain} is never linked to records`}
            onClick={() =>
              void runCrmAction('The domain could not be excluded', () =>
                neverLinkDomain(db, domain),
              )
            }
          >
            Never link {domain}
          </button>
        )}
      </div>
      {linking && (
        <RecordPicker
          types={LINKABLE}
          label="Link to a contact, company or deal…"
          onPick={(picked) => {
            setLinking(false);
            void runCrmAction('The message could not be linked', () =>
              linkManually(db, accountId, messageKey, picked.ref),
            );
          }}
        />
      )}
      {creating && sender && (
        <NewContactDialog
          onClose={() => setCreating(false)}
          prefill={{
            firstName: splitDisplayName(sender.name).firstName ?? '',
            lastName: splitDisplayName(sender.name).lastName ?? '',
            addresses: address,
          }}
        />
      )}
    </aside>
  );
}
