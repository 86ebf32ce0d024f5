/**
 * The Deals screen: the pipeline, one column per stage, each deal a card whose stage can be
 * changed in place; "New deal" and "Edit stages". A deal opens as its page.
 */
import { useState } from 'react';
import type { DealRecord } from '../../../shared/crm/types';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Fields';
import { Spinner } from '../../components/Spinner';
import { saveDeal, savePipeline } from '../../db/crm-store';
import { getMailDb } from '../../db/mail-db';
import { CrmNotice } from './CrmNotice';
import { formatValue, splitList } from './crm-format';
import { useCrmNav } from './crmNavSlice';
import { runCrmAction } from './crmNoticeSlice';
import { DealPage, dealInput } from './DealPage';
import { TextAreaField } from './TextAreaField';
import { useDeals, usePipeline } from './useCrm';

function StagesDialog({ stages, onClose }: { stages: readonly string[]; onClose: () => void }) {
  const [text, setText] = useState(stages.join('\n'));
  const next = [...new Set(splitList(text))];
  async function save(): Promise<void> {
    const done = await runCrmAction('The stages could not be saved', async () => {
      await savePipeline(getMailDb(), next);
      return true;
    });
    if (done) onClose();
  }
  return (
    <Dialog
      title="Pipeline stages"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button"
            disabled={next.length === 0}
            onClick={() => void save()}
          >
            Save stages
          </button>
        </>
      }
    >
      <CrmNotice />
      <TextAreaField
        label="Stages, in order"
        value={text}
        onChange={setText}
        rows={8}
        help="One a line. Deals in a stage you remove show under its old name until moved."
      />
    </Dialog>
  );
}

function NewDealDialog({ stage, onClose }: { stage: string; onClose: () => void }) {
  const [name, setName] = useState('');
  const openRecord = useCrmNav((state) => state.openRecord);
  async function create(): Promise<void> {
    const saved = await runCrmAction('The deal could not be saved', () =>
      saveDeal(getMailDb(), dealInput({ name: name.trim(), stage })),
    );
    if (saved === undefined) return;
    onClose();
    openRecord({ type: 'deal', id: saved.id });
  }
  return (
    <Dialog
      title="New deal"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button"
            disabled={name.trim() === ''}
            onClick={() => void create()}
          >
            Create deal
          </button>
        </>
      }
    >
      <CrmNotice />
      <TextField label="Name" value={name} onChange={setName} autoFocus />
      <p className="muted">It starts in “{stage}”; add value, contacts and company on its page.</p>
    </Dialog>
  );
}

function DealCard({ deal, stages }: { deal: DealRecord; stages: readonly string[] }) {
  const openRecord = useCrmNav((state) => state.openRecord);
  const options = stages.includes(deal.stage) ? stages : [deal.stage, ...stages];
  return (
    <li className="crm-deal-card" aria-label={deal.name}>
      <button
        type="button"
        className="link-button crm-deal-name"
        onClick={() => openRecord({ type: 'deal', id: deal.id })}
      >
        {deal.name}
      </button>
      <span className="muted">
        {[
          formatValue(deal.value, deal.currency),
          deal.closeDate,
          deal.status !== 'open' ? deal.status : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </span>
      <select
        aria-label={`Stage of ${deal.name}`}
        value={deal.stage}
        onChange={(event) => {
          const stage = event.target.value;
          void runCrmAction('The deal could not be moved', () =>
            saveDeal(getMailDb(), { ...deal, stage }),
          );
        }}
      >
        {options.map((stage) => (
          <option key={stage} value={stage}>
            {stage}
          </option>
        ))}
      </select>
    </li>
  );
}

function Pipeline() {
  const pipeline = usePipeline();
  const deals = useDeals(undefined);
  const [editing, setEditing] = useState(false);
  const [creating, setCreating] = useState<string>();
  if (pipeline.status === 'loading' || deals.status === 'loading') {
    return <Spinner label="Loading the pipeline…" />;
  }
  if (pipeline.status === 'failed') {
    return <ErrorNotice title="The pipeline could not be read" error={pipeline.error} />;
  }
  if (deals.status === 'failed') {
    return <ErrorNotice title="The deals could not be read" error={deals.error} />;
  }
  const stages = pipeline.value;
  // Deals whose stage was removed from the pipeline keep a column of their own.
  const extra = [...new Set(deals.value.map((deal) => deal.stage))].filter(
    (stage) => !stages.includes(stage),
  );
  const columns = [...stages, ...extra];
  return (
    <section className="screen crm-screen crm-pipeline-screen" aria-labelledby="deals-title">
      <header className="screen-header">
        <div>
          <h1 id="deals-title">Deals</h1>
          <p className="muted">The pipeline: move a deal by changing its stage.</p>
        </div>
        <div className="crm-header-actions">
          <button
            type="button"
            className="button"
            disabled={stages.length === 0}
            onClick={() => setCreating(stages[0])}
          >
            New deal
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setEditing(true)}
          >
            Edit stages
          </button>
        </div>
      </header>
      <CrmNotice />
      <div className="crm-pipeline">
        {columns.map((stage) => {
          const inStage = deals.value.filter((deal) => deal.stage === stage);
          return (
            <section key={stage} className="crm-stage" aria-label={stage}>
              <h2>
                {stage} <span className="muted">({inStage.length})</span>
              </h2>
              <ul>
                {inStage.map((deal) => (
                  <DealCard key={deal.id} deal={deal} stages={stages} />
                ))}
              </ul>
            </section>
          );
        })}
      </div>
      {editing && <StagesDialog stages={stages} onClose={() => setEditing(false)} />}
      {creating !== undefined && (
        <NewDealDialog stage={creating} onClose={() => setCreating(undefined)} />
      )}
    </section>
  );
}

export function DealsScreen() {
  const record = useCrmNav((state) => state.record);
  if (record?.type === 'deal') return <DealPage key={record.id} id={record.id} />;
  return <Pipeline />;
}
