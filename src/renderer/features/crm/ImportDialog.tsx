/**
 * Import contacts from a CSV or vCard file: pick the file, see what will be created and what
 * could not be read (per line), then import.
 */
import { useState } from 'react';
import { parseContactsCsv } from '../../../shared/crm/csv';
import { parseVCards } from '../../../shared/crm/vcard';
import { Dialog } from '../../components/Dialog';
import { importContacts, type ImportOutcome } from '../../db/crm-store';
import { getMailDb } from '../../db/mail-db';
import { CrmNotice } from './CrmNotice';
import { runCrmAction } from './crmNoticeSlice';

type Parsed = ReturnType<typeof parseContactsCsv>;

/** vCard when the name or the content says so, else CSV. */
function parseFile(name: string, text: string): Parsed {
  const vcard = /\.(vcf|vcard)$/i.test(name) || /^\s*BEGIN:VCARD/i.test(text);
  return vcard ? parseVCards(text) : parseContactsCsv(text);
}

export function ImportDialog({ onClose }: { onClose: () => void }) {
  const [file, setFile] = useState<string>();
  const [parsed, setParsed] = useState<Parsed>();
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<string>();

  async function read(picked: File | undefined): Promise<void> {
    setSummary(undefined);
    setParsed(undefined);
    setFile(picked?.name);
    if (picked === undefined) return;
    const text = await picked.text();
    setParsed(parseFile(picked.name, text));
  }

  async function run(): Promise<void> {
    if (parsed === undefined) return;
    setBusy(true);
    const result = await runCrmAction('The contacts could not be imported', () =>
      importContacts(getMailDb(), parsed.contacts),
    );
    setBusy(false);
    if (result !== undefined) {
      setSummary(importSummary(result));
      setParsed(undefined);
    }
  }

  return (
    <Dialog
      title="Import contacts"
      size="large"
      onClose={onClose}
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="button button-secondary" onClick={onClose}>
            {summary ? 'Close' : 'Cancel'}
          </button>
          <button
            type="button"
            className="button"
            disabled={busy || parsed === undefined || parsed.contacts.length === 0}
            data-testid="import-run"
            onClick={() => void run()}
          >
            {parsed ? `Import ${parsed.contacts.length} contacts` : 'Import'}
          </button>
        </>
      }
    >
      <CrmNotice />
      <div className="field">
        <label htmlFor="crm-import-file">CSV or vCard file</label>
        <input
          id="crm-import-file"
          type="file"
          accept=".csv,.vcf,.vcard,text/csv,text/vcard"
          onChange={(event) => void read(event.target.files?.[0])}
        />
        <span className="field-help">
          CSV: a header line naming the columns (first name, last name, email, phone, company,
          title…). vCard: one or more cards.
        </span>
      </div>
      {summary && (
        <p className="notice notice-success" role="status">
          {summary}
        </p>
      )}
      {parsed && file && (
        <div className="crm-import-preview" data-testid="import-preview">
          <h3>
            {file}: {parsed.contacts.length} contacts to import
            {parsed.errors.length > 0 &&
              `, ${parsed.errors.length} problem${parsed.errors.length === 1 ? '' : 's'}`}
          </h3>
          {parsed.errors.length > 0 && (
            <ul className="crm-import-errors" aria-label="Problems by line">
              {parsed.errors.map((error) => (
                <li key={`${error.line}:${error.message}`}>
                  Line {error.line}: {error.message}
                </li>
              ))}
            </ul>
          )}
          {parsed.contacts.length > 0 && (
            <table className="table crm-import-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Addresses</th>
                  <th scope="col">Company</th>
                  <th scope="col">Title</th>
                </tr>
              </thead>
              <tbody>
                {parsed.contacts.slice(0, 200).map((draft, index) => (
                  <tr key={index}>
                    <td>{[draft.firstName, draft.lastName].filter(Boolean).join(' ')}</td>
                    <td>{draft.addresses.join(', ')}</td>
                    <td>{draft.company}</td>
                    <td>{draft.title}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {parsed.contacts.length > 200 && (
            <p className="muted">…and {parsed.contacts.length - 200} more.</p>
          )}
        </div>
      )}
    </Dialog>
  );
}

function importSummary(result: ImportOutcome): string {
  const parts = [`${result.created} created`, `${result.merged} merged into existing contacts`];
  const errors = result.errors.length > 0 ? ` Not imported: ${result.errors.join('; ')}` : '';
  return `Import done: ${parts.join(', ')}.${errors}`;
}
