/**
 * Small builders for CRM tests: records with every required field, and messages that differ from
 * a plain incoming mail only where a test says so.
 */
import type {
  CompanyRecord,
  ContactRecord,
  CrmMessage,
  DealRecord,
} from '../../../src/shared/crm/types';
import type { MailAddress } from '../../../src/shared/sync';

export const EPOCH = '2024-01-01T00:00:00.000Z';

export function contact(
  id: string,
  firstName: string,
  lastName: string,
  addresses: readonly string[],
  extra: Partial<ContactRecord> = {},
): ContactRecord {
  return {
    id,
    firstName,
    lastName,
    addresses,
    phone: '',
    title: '',
    owner: '',
    notes: '',
    tags: [],
    source: 'manual',
    createdAt: EPOCH,
    updatedAt: EPOCH,
    ...extra,
  };
}

export function company(id: string, name: string, domains: readonly string[]): CompanyRecord {
  return { id, name, domains, source: 'manual', createdAt: EPOCH, updatedAt: EPOCH };
}

export function deal(id: string, name: string, extra: Partial<DealRecord> = {}): DealRecord {
  return {
    id,
    name,
    stage: 'Proposal',
    status: 'open',
    contactIds: [],
    createdAt: EPOCH,
    updatedAt: EPOCH,
    ...extra,
  };
}

/** "Anna Berg <anna@acme.io>" or "anna@acme.io" → MailAddress. */
export function addr(text: string): MailAddress {
  const match = /^(.*)<([^>]+)>$/u.exec(text);
  return match === null
    ? { name: '', address: text.trim() }
    : { name: (match[1] ?? '').trim(), address: (match[2] ?? '').trim() };
}

export interface MessageSpec extends Partial<Omit<CrmMessage, 'from' | 'to' | 'cc'>> {
  readonly from?: string;
  readonly to?: readonly string[];
  readonly cc?: readonly string[];
}

let counter = 0;

/** An incoming message from `from` to me@mine.test unless told otherwise. */
export function message(spec: MessageSpec = {}): CrmMessage {
  counter += 1;
  const { from, to, cc, ...rest } = spec;
  return {
    accountId: 'acc',
    messageKey: `key-${counter}`,
    messageId: `<m${counter}@test>`,
    references: [],
    subject: 'Hello',
    date: '2024-05-02T08:00:00.000Z',
    outgoing: false,
    ...rest,
    from: [addr(from ?? 'Someone <someone@elsewhere.test>')],
    to: (to ?? ['Me <me@mine.test>']).map(addr),
    cc: (cc ?? []).map(addr),
  };
}

export const ME: ReadonlySet<string> = new Set(['me@mine.test']);
export const NOW = new Date('2024-06-01T12:00:00.000Z');

/** Ids c1, c2, ... in the order they are asked for. */
export function idSource(prefix = 'id'): () => string {
  let next = 0;
  return () => {
    next += 1;
    return `${prefix}${next}`;
  };
}
