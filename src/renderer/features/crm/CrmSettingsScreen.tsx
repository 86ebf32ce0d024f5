/**
 * CRM settings: auto-create (off by default; "Dry run" shows the plan, "Enable and create"
 * applies it), the addresses never turned into records, routing rules ("Append to": mail to an
 * address opens a ticket or lead for its thread) and the cases they opened.
 */
import { useCallback, useState } from 'react';
import type { RoutingRule } from '../../../shared/crm/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Checkbox, SelectField, TextField } from '../../components/Fields';
import { Spinner } from '../../components/Spinner';
import type { CrmSettings } from '../../db/crm-records';
import {
  applyAutoCreate,
  autoCreateDryRun,
  deleteRoutingRule,
  listCases,
  listRoutingRules,
  saveCrmSettings,
  saveRoutingRule,
  type AutoCreatePlan,
} from '../../db/crm-store';
import { getMailDb } from '../../db/mail-db';
import { useLiveQuery } from '../../db/useLiveQuery';
import { CrmNotice } from './CrmNotice';
import { splitList } from './crm-format';
import { runCrmAction } from './crmNoticeSlice';
import { TextAreaField } from './TextAreaField';
import { useCrmSettings } from './useCrm';

type DryRun = AutoCreatePlan;

function AutoCreate({ settings }: { settings: CrmSettings }) {
  const [plan, setPlan] = useState<DryRun>();
  const [busy, setBusy] = useState(false);
  const [companies, setCompanies] = useState(settings.autoCreateCompanies);
  const [patterns, setPatterns] = useState(settings.excludePatterns.join('\n'));
  const [applied, setApplied] = useState<string>();
  const db = getMailDb();
  const next = {
    ...settings,
    autoCreateCompanies: companies,
    excludePatterns: splitList(patterns),
  };

  async function dryRun(): Promise<void> {
    setBusy(true);
    setApplied(undefined);
    // The plan follows the options on screen, so they are saved first.
    const result = await runCrmAction('The dry run failed', async () => {
      await saveCrmSettings(db, next);
      return autoCreateDryRun(db);
    });
    setBusy(false);
    setPlan(result);
  }

  async function enable(): Promise<void> {
    setBusy(true);
    const result = await runCrmAction('Auto-create could not be enabled', async () => {
      await saveCrmSettings(db, { ...next, autoCreate: true });
      return applyAutoCreate(db);
    });
    setBusy(false);
    if (result !== undefined) {
      setPlan(undefined);
      setApplied(`Auto-create is on. ${result.summary}`);
    }
  }

  return (
    <section className="crm-card" aria-labelledby="auto-create-title">
      <h2 id="auto-create-title">Create contacts from mail</h2>
      <p className="muted">
        {settings.autoCreate
          ? 'On: people you exchange mail with become contacts by themselves.'
          : 'Off: contacts are only made by you. Try a dry run to see what would be created.'}
      </p>
      <Checkbox
        label="Also create companies from business domains"
        checked={companies}
        onChange={setCompanies}
      />
      <TextAreaField
        label="Never create records for"
        value={patterns}
        onChange={setPatterns}
        rows={3}
        help="One a line: addresses or patterns such as *@noreply.* or billing@."
      />
      <div className="crm-form-actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => void dryRun()}
        >
          Dry run
        </button>
        {settings.autoCreate ? (
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() =>
              void runCrmAction('Auto-create could not be turned off', () =>
                saveCrmSettings(db, { ...next, autoCreate: false }),
              )
            }
          >
            Turn off
          </button>
        ) : (
          <button type="button" className="button" disabled={busy} onClick={() => void enable()}>
            Enable and create
          </button>
        )}
      </div>
      {busy && <Spinner label="Reading your mail…" />}
      {applied && (
        <p className="notice notice-success" role="status">
          {applied}
        </p>
      )}
      {plan && (
        <div className="crm-plan" data-testid="auto-create-plan" role="status">
          <p>
            <strong>{plan.summary}</strong>
          </p>
          {plan.companies.length > 0 && (
            <p>
              {plan.companies.length} compan{plan.companies.length === 1 ? 'y' : 'ies'} would be
              created too.
            </p>
          )}
          {Object.keys(plan.skipped).length > 0 && (
            <>
              <h3>Skipped, by reason</h3>
              <ul className="crm-plan-skipped">
                {Object.entries(plan.skipped).map(([reason, count]) => (
                  <li key={reason}>
                    {reason}: {count}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}

function RoutingRules() {
  const read = useCallback(() => listRoutingRules(getMailDb()), []);
  const rules = useLiveQuery(read);
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [kind, setKind] = useState<RoutingRule['kind']>('ticket');
  const valid = /^[^\s@]+@[^\s@]+$/.test(address.trim());

  function add(): void {
    void runCrmAction('The rule could not be saved', () =>
      saveRoutingRule(getMailDb(), {
        name: name.trim() || address.trim(),
        address: address.trim().toLowerCase(),
        kind,
        enabled: true,
      }),
    ).then((saved) => {
      if (saved === undefined) return;
      setName('');
      setAddress('');
    });
  }

  return (
    <section className="crm-card" aria-labelledby="routing-title">
      <h2 id="routing-title">Append to: routing rules</h2>
      <p className="muted">Mail to one of these addresses opens a ticket or lead for its thread.</p>
      {rules.status === 'failed' && (
        <ErrorNotice title="The rules could not be read" error={rules.error} />
      )}
      {rules.status === 'ready' && rules.value.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Creates</th>
              <th scope="col">Name</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.value.map((rule) => (
              <tr key={rule.id}>
                <td>{rule.address}</td>
                <td>{rule.kind === 'ticket' ? 'Ticket' : 'Lead'}</td>
                <td>{rule.name === rule.address ? '' : rule.name}</td>
                <td>
                  <button
                    type="button"
                    className="button button-small button-danger-quiet"
                    onClick={() =>
                      void runCrmAction('The rule could not be removed', () =>
                        deleteRoutingRule(getMailDb(), rule.id),
                      )
                    }
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="field-row crm-rule-form">
        <TextField label="Address" value={address} onChange={setAddress} placeholder="support@…" />
        <SelectField
          label="Creates"
          value={kind}
          options={[
            { value: 'ticket', label: 'Ticket' },
            { value: 'lead', label: 'Lead' },
          ]}
          onChange={setKind}
        />
        <TextField label="Name (optional)" value={name} onChange={setName} />
      </div>
      <button type="button" className="button" disabled={!valid} onClick={add}>
        Add rule
      </button>
    </section>
  );
}

function Cases() {
  const read = useCallback(() => listCases(getMailDb()), []);
  const cases = useLiveQuery(read);
  if (cases.status === 'loading') return <Spinner label="Loading cases…" />;
  if (cases.status === 'failed') {
    return <ErrorNotice title="The cases could not be read" error={cases.error} />;
  }
  return (
    <section className="crm-card" aria-labelledby="cases-title">
      <h2 id="cases-title">Cases</h2>
      {cases.value.length === 0 ? (
        <p className="muted">No tickets or leads yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Subject</th>
              <th scope="col">Requester</th>
              <th scope="col">Status</th>
              <th scope="col">Opened</th>
            </tr>
          </thead>
          <tbody>
            {cases.value.map((item) => (
              <tr key={item.id}>
                <td>{item.kind === 'ticket' ? 'Ticket' : 'Lead'}</td>
                <td>{item.subject || '(no subject)'}</td>
                <td>{item.requester}</td>
                <td>{item.status}</td>
                <td>{new Date(item.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function CrmSettingsScreen() {
  const settings = useCrmSettings();
  return (
    <section className="screen crm-screen" aria-labelledby="crm-settings-title">
      <header className="screen-header">
        <div>
          <h1 id="crm-settings-title">CRM settings</h1>
          <p className="muted">How mail becomes contacts, tickets and leads.</p>
        </div>
      </header>
      <CrmNotice />
      {settings.status === 'loading' && <Spinner label="Loading settings…" />}
      {settings.status === 'failed' && (
        <ErrorNotice title="The settings could not be read" error={settings.error} />
      )}
      {settings.status === 'ready' && (
        <AutoCreate key={String(settings.value.autoCreate)} settings={settings.value} />
      )}
      <RoutingRules />
      <Cases />
    </section>
  );
}
