/**
 * Contacts to and from CSV. Reading accepts the column names of common exports (Google,
 * Outlook, other CRMs: "First Name", "E-mail 2 Address", "Organization"); writing produces a
 * file that reads back to the same contacts and that a spreadsheet does not run as formulas.
 */
import { isMailAddress, normalizeAddress } from './addresses';
import {
  emptyDraft,
  isEmptyDraft,
  type ContactDraft,
  type ImportError,
  type ImportResult,
} from './contact-draft';
import { csvField, parseCsvTable } from './csv-table';
import { splitDisplayName } from './display-name';
import type { ContactRecord } from './types';

export type { ContactDraft } from './contact-draft';

type Column =
  'first' | 'last' | 'name' | 'email' | 'phone' | 'title' | 'company' | 'notes' | 'tags';

const ALIASES: Readonly<Record<string, Column>> = {
  firstname: 'first',
  givenname: 'first',
  first: 'first',
  forename: 'first',
  lastname: 'last',
  surname: 'last',
  familyname: 'last',
  last: 'last',
  name: 'name',
  fullname: 'name',
  displayname: 'name',
  contact: 'name',
  contactname: 'name',
  phone: 'phone',
  phonenumber: 'phone',
  telephone: 'phone',
  tel: 'phone',
  mobile: 'phone',
  mobilephone: 'phone',
  businessphone: 'phone',
  workphone: 'phone',
  homephone: 'phone',
  title: 'title',
  jobtitle: 'title',
  position: 'title',
  role: 'title',
  company: 'company',
  companyname: 'company',
  organization: 'company',
  organisation: 'company',
  organizationname: 'company',
  organization1name: 'company',
  org: 'company',
  account: 'company',
  notes: 'notes',
  note: 'notes',
  comments: 'notes',
  description: 'notes',
  tags: 'tags',
  tag: 'tags',
  categories: 'tags',
  labels: 'tags',
  groupmembership: 'tags',
};

/** The column a header names: "E-mail 2 Address" → email, "Phone 1 - Value" → phone. */
function columnOf(header: string): Column | undefined {
  const key = header.toLowerCase().replace(/[^a-z0-9]/gu, '');
  if (/^(?:e?mail|primaryemail|emailaddress)\d*(?:address|value)?\d*$/u.test(key)) return 'email';
  if (/^phone\d+value$/u.test(key)) return 'phone';
  return ALIASES[key];
}

/**
 * A leading ', added on export before =, +, -, @ so that a spreadsheet shows the text instead
 * of running it (CSV injection); phone numbers like +46 70 are left alone.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/u;
const PHONE_LIKE = /^\+[\d\s().-]+$/u;

function escapeFormula(value: string): string {
  return FORMULA_START.test(value) && !PHONE_LIKE.test(value) ? `'${value}` : value;
}

function unescapeFormula(value: string): string {
  return /^'+[=+\-@\t\r]/u.test(value) ? value.slice(1) : value;
}

/** "a; b", "a, b" and Google's "a ::: b" are all lists of tags. */
function splitTags(value: string): string[] {
  const separator = value.includes(':::') ? ':::' : value.includes(';') ? ';' : ',';
  return value
    .split(separator)
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0 && tag !== '* myContacts');
}

/** Reads one data row into a draft; bad addresses are reported and left out. */
function draftOf(
  columns: readonly (Column | undefined)[],
  fields: readonly string[],
  line: number,
  errors: ImportError[],
): ContactDraft {
  const draft = emptyDraft();
  let name = '';
  columns.forEach((column, at) => {
    const raw = fields[at] ?? '';
    if (column === undefined || raw.trim().length === 0) return;
    const value = unescapeFormula(raw.trim());
    switch (column) {
      case 'first':
        draft.firstName = value;
        break;
      case 'last':
        draft.lastName = value;
        break;
      case 'name':
        name = value;
        break;
      case 'email':
        for (const part of value.split(/\s*(?:;|:::)\s*/u)) {
          const address = normalizeAddress(part);
          if (address.length === 0) continue;
          if (!isMailAddress(address)) errors.push({ line, message: `not an address: ${part}` });
          else if (!draft.addresses.includes(address)) draft.addresses.push(address);
        }
        break;
      case 'phone':
        if (draft.phone.length === 0) draft.phone = value;
        break;
      case 'title':
        draft.title = value;
        break;
      case 'company':
        draft.company = value;
        break;
      case 'notes':
        // Notes keep their edge spaces and line breaks: the export quotes them.
        draft.notes = unescapeFormula(raw);
        break;
      case 'tags':
        draft.tags.push(...splitTags(value).filter((tag) => !draft.tags.includes(tag)));
        break;
      default: {
        const unreachable: never = column;
        throw new Error(`unknown column ${String(unreachable)}`);
      }
    }
  });
  if (draft.firstName.length === 0 && draft.lastName.length === 0 && name.length > 0) {
    Object.assign(draft, splitDisplayName(name, ''));
  }
  return draft;
}

/** Contacts from a CSV file with a header row; rows that name nobody are reported. */
export function parseContactsCsv(text: string): ImportResult {
  const errors: ImportError[] = [];
  const contacts: ContactDraft[] = [];
  const table = parseCsvTable(text);
  const rows = table.records.filter((record) => record.fields.some((f) => f.trim().length > 0));
  const [header, ...data] = rows;
  if (header === undefined)
    return { contacts, errors: [{ line: 1, message: 'the file is empty' }] };
  const columns = header.fields.map(columnOf);
  if (
    !columns.some(
      (column) =>
        column === 'email' || column === 'name' || column === 'first' || column === 'last',
    )
  ) {
    errors.push({ line: header.line, message: 'no name or e-mail column in the header row' });
    return { contacts, errors };
  }
  for (const row of data) {
    const draft = draftOf(columns, row.fields, row.line, errors);
    if (isEmptyDraft(draft))
      errors.push({ line: row.line, message: 'no name, address or company' });
    else contacts.push(draft);
  }
  if (table.unclosedQuoteLine !== undefined)
    errors.push({ line: table.unclosedQuoteLine, message: 'a quote is never closed' });
  return { contacts, errors };
}

/** A CSV file of contacts with one e-mail column per address ("Email", "E-mail 2", ...). */
export function contactsToCsv(
  rows: readonly { contact: ContactRecord; companyName: string }[],
): string {
  const emailColumns = Math.max(1, ...rows.map((row) => row.contact.addresses.length));
  const header = [
    'First Name',
    'Last Name',
    'Email',
    ...Array.from({ length: emailColumns - 1 }, (_, at) => `E-mail ${at + 2}`),
    'Phone',
    'Title',
    'Company',
    'Notes',
    'Tags',
  ];
  const lines = rows.map(({ contact, companyName }) =>
    [
      contact.firstName,
      contact.lastName,
      ...Array.from({ length: emailColumns }, (_, at) => contact.addresses[at] ?? ''),
      contact.phone,
      contact.title,
      companyName,
      contact.notes,
      contact.tags.join('; '),
    ]
      .map((value) => csvField(escapeFormula(value)))
      .join(','),
  );
  return [header.join(','), ...lines].map((line) => `${line}\r\n`).join('');
}
