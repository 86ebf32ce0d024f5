/**
 * The fields of a contact, for a new one and for editing: names, several addresses (one a line,
 * the first is the primary), phone, title, company, owner, notes and tags.
 */
import type { ContactRecord } from '../../../shared/crm/types';
import { SelectField, TextField } from '../../components/Fields';
import type { ContactInput } from '../../db/crm-store';
import { splitList } from './crm-format';
import { TextAreaField } from './TextAreaField';
import { useCompanies } from './useCrmLists';

/** What the form holds: text as typed. */
export interface ContactDraft {
  readonly firstName: string;
  readonly lastName: string;
  readonly addresses: string;
  readonly phone: string;
  readonly title: string;
  readonly companyId: string;
  readonly owner: string;
  readonly notes: string;
  readonly tags: string;
}

/** The form's values for `contact`, or empty ones (with `address` prefilled) for a new one. */
export function draftOf(contact?: ContactRecord, prefill?: Partial<ContactDraft>): ContactDraft {
  return {
    firstName: contact?.firstName ?? '',
    lastName: contact?.lastName ?? '',
    addresses: contact?.addresses.join('\n') ?? '',
    phone: contact?.phone ?? '',
    title: contact?.title ?? '',
    companyId: contact?.companyId ?? '',
    owner: contact?.owner ?? '',
    notes: contact?.notes ?? '',
    tags: contact?.tags.join(', ') ?? '',
    ...prefill,
  };
}

/** The addresses of a draft, lower case, each once. */
export function draftAddresses(draft: ContactDraft): string[] {
  return [...new Set(splitList(draft.addresses).map((address) => address.toLowerCase()))];
}

/** What saveContact takes for `draft`: a new contact, or `contact` changed. */
export function inputOf(draft: ContactDraft, contact?: ContactRecord): ContactInput {
  return {
    id: contact?.id,
    firstName: draft.firstName.trim(),
    lastName: draft.lastName.trim(),
    addresses: draftAddresses(draft),
    phone: draft.phone.trim(),
    title: draft.title.trim(),
    companyId: draft.companyId === '' ? undefined : draft.companyId,
    owner: draft.owner.trim(),
    notes: draft.notes,
    tags: splitList(draft.tags),
  };
}

/** What is wrong with a draft, by field; empty when it can be saved. */
export function validateDraft(draft: ContactDraft): Partial<Record<keyof ContactDraft, string>> {
  const addresses = draftAddresses(draft);
  const bad = addresses.find((address) => !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address));
  if (bad !== undefined) return { addresses: `"${bad}" is not an email address.` };
  if (addresses.length === 0 && draft.firstName.trim() === '' && draft.lastName.trim() === '') {
    return { firstName: 'Give the contact a name or an email address.' };
  }
  return {};
}

export function ContactForm(props: {
  readonly draft: ContactDraft;
  readonly onChange: (draft: ContactDraft) => void;
  readonly errors: Partial<Record<keyof ContactDraft, string>>;
  /** Focus the first field (a new contact); a contact's page opens without. */
  readonly autoFocus?: boolean;
}) {
  const { draft, onChange, errors } = props;
  const companies = useCompanies();
  const set = (field: keyof ContactDraft) => (value: string) =>
    onChange({ ...draft, [field]: value });
  const companyOptions = [
    { value: '', label: 'No company' },
    ...(companies.status === 'ready'
      ? companies.value.map((company) => ({ value: company.id, label: company.name }))
      : []),
  ];
  return (
    <div className="crm-form" data-testid="contact-form">
      <div className="field-row">
        <TextField
          label="First name"
          value={draft.firstName}
          onChange={set('firstName')}
          error={errors.firstName}
          autoFocus={props.autoFocus}
        />
        <TextField label="Last name" value={draft.lastName} onChange={set('lastName')} />
      </div>
      <TextAreaField
        label="Email addresses"
        value={draft.addresses}
        onChange={set('addresses')}
        help="One a line; the first is the primary address. Mail from and to each is linked."
        error={errors.addresses}
        rows={2}
      />
      <div className="field-row">
        <TextField label="Phone" value={draft.phone} onChange={set('phone')} />
        <TextField label="Job title" value={draft.title} onChange={set('title')} />
      </div>
      <div className="field-row">
        <SelectField
          label="Company"
          value={draft.companyId}
          options={companyOptions}
          onChange={set('companyId')}
        />
        <TextField label="Owner" value={draft.owner} onChange={set('owner')} />
      </div>
      <TextField
        label="Tags"
        value={draft.tags}
        onChange={set('tags')}
        help="Separated by commas."
      />
      <TextAreaField label="Notes" value={draft.notes} onChange={set('notes')} rows={3} />
    </div>
  );
}
