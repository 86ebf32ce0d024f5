/**
 * One deal: name, stage, status, value, close date, company and contacts (editable), and the
 * threads of its contacts that are linked to it.
 */
import { useState } from 'react';
import type { DealRecord } from '../../../shared/crm/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SelectField, TextField } from '../../components/Fields';
import { deleteDeal, saveDeal } from '../../db/crm-store';
import { getMailDb } from '../../db/mail-db';
import { CrmNotice } from './CrmNotice';
import { contactName, formatValue } from './crm-format';
import { useCrmNav } from './crmNavSlice';
import { runCrmAction } from './crmNoticeSlice';
import { RecordBack, RecordUnavailable } from './RecordBack';
import { RecordPicker } from './RecordPicker';
import { Timeline } from './Timeline';
import { useContact, useDeal, usePipeline } from './useCrm';
import { useCompanies } from './useCrmLists';

const CONTACT_TYPES = ['contact'] as const;

/** The input saveDeal takes for a new deal, or `deal` changed. */
export function dealInput(
  changes: Partial<DealRecord> & { readonly name: string; readonly stage: string },
  deal?: DealRecord,
) {
  return {
    status: 'open' as const,
    contactIds: [],
    ...deal,
    ...changes,
  };
}

function ContactChip({ id, onRemove }: { id: string; onRemove: () => void }) {
  const contact = useContact(id);
  const openRecord = useCrmNav((state) => state.openRecord);
  const name = contact.status === 'ready' && contact.value ? contactName(contact.value) : '…';
  return (
    <li className="crm-chip">
      <button
        type="button"
        className="link-button"
        onClick={() => openRecord({ type: 'contact', id })}
      >
        {name}
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={`Remove ${name}`}
        onClick={onRemove}
      >
        ×
      </button>
    </li>
  );
}

function DealDetails({ deal }: { deal: DealRecord }) {
  const pipeline = usePipeline();
  const companies = useCompanies();
  const [name, setName] = useState(deal.name);
  const [value, setValue] = useState(deal.value === undefined ? '' : String(deal.value));
  const [currency, setCurrency] = useState(deal.currency ?? '');
  const [closeDate, setCloseDate] = useState(deal.closeDate ?? '');
  const [status, setStatus] = useState<DealRecord['status']>(deal.status);
  const [stage, setStage] = useState(deal.stage);
  const [companyId, setCompanyId] = useState(deal.companyId ?? '');
  const amount = value.trim() === '' ? undefined : Number(value.replace(/[\s,]/g, ''));
  const valueError =
    amount !== undefined && !Number.isFinite(amount) ? 'Write the value as a number.' : undefined;
  const dateError =
    closeDate !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(closeDate) ? 'Use YYYY-MM-DD.' : undefined;
  const stages = pipeline.status === 'ready' ? pipeline.value : [];

  function save(changes: Partial<DealRecord>): void {
    void runCrmAction('The deal could not be saved', () =>
      saveDeal(getMailDb(), dealInput({ ...deal, ...changes }, deal)),
    );
  }

  return (
    <section className="crm-card" aria-label="Details">
      <div className="crm-form">
        <TextField label="Name" value={name} onChange={setName} />
        <div className="field-row">
          <SelectField
            label="Stage"
            value={stage}
            options={(stages.includes(stage) ? stages : [stage, ...stages]).map((s) => ({
              value: s,
              label: s,
            }))}
            onChange={setStage}
          />
          <SelectField
            label="Status"
            value={status}
            options={[
              { value: 'open', label: 'Open' },
              { value: 'won', label: 'Won' },
              { value: 'lost', label: 'Lost' },
            ]}
            onChange={setStatus}
          />
        </div>
        <div className="field-row">
          <TextField label="Value" value={value} onChange={setValue} error={valueError} />
          <TextField label="Currency" value={currency} onChange={setCurrency} placeholder="EUR" />
          <TextField
            label="Close date"
            value={closeDate}
            onChange={setCloseDate}
            placeholder="YYYY-MM-DD"
            error={dateError}
          />
        </div>
        <SelectField
          label="Company"
          value={companyId}
          options={[
            { value: '', label: 'No company' },
            ...(companies.status === 'ready'
              ? companies.value.map((company) => ({ value: company.id, label: company.name }))
              : []),
          ]}
          onChange={setCompanyId}
        />
        <div className="crm-form-actions">
          <button
            type="button"
            className="button"
            disabled={name.trim() === '' || valueError !== undefined || dateError !== undefined}
            onClick={() =>
              save({
                name: name.trim(),
                stage,
                status,
                value: amount,
                currency: currency.trim() || undefined,
                closeDate: closeDate || undefined,
                companyId: companyId || undefined,
              })
            }
          >
            Save
          </button>
        </div>
      </div>
      <h3>Contacts</h3>
      <ul className="crm-chips" aria-label="Deal contacts">
        {deal.contactIds.map((id) => (
          <ContactChip
            key={id}
            id={id}
            onRemove={() => save({ contactIds: deal.contactIds.filter((other) => other !== id) })}
          />
        ))}
      </ul>
      <RecordPicker
        types={CONTACT_TYPES}
        label="Add a contact…"
        exclude={new Set(deal.contactIds)}
        onPick={(picked) => save({ contactIds: [...deal.contactIds, picked.ref.id] })}
      />
    </section>
  );
}

export function DealPage({ id }: { id: string }) {
  const result = useDeal(id);
  const closeRecord = useCrmNav((state) => state.closeRecord);
  const [deleting, setDeleting] = useState(false);
  if (result.status !== 'ready' || result.value === undefined) {
    return <RecordUnavailable result={result} noun="deal" backLabel="Deals" />;
  }
  const deal = result.value;
  return (
    <section className="screen crm-screen crm-record" aria-labelledby="deal-title">
      <RecordBack label="Deals" />
      <header className="screen-header">
        <div>
          <h1 id="deal-title">{deal.name}</h1>
          <p className="muted">
            {[deal.stage, formatValue(deal.value, deal.currency), deal.closeDate]
              .filter(Boolean)
              .join(' · ')}
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
        <DealDetails key={deal.updatedAt} deal={deal} />
        <Timeline record={{ type: 'deal', id: deal.id }} title="Its contacts' threads" />
      </div>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deal.name}?`}
          message="Its links go, mail stays. Its contacts and company stay."
          confirmLabel="Delete deal"
          onConfirm={async () => {
            await deleteDeal(getMailDb(), deal.id);
            closeRecord();
          }}
          onClose={() => setDeleting(false)}
        />
      )}
    </section>
  );
}
