/**
 * Compose uses the CRM: address completion offers contacts first (with their names as entered)
 * and the template context of a recipient is filled from its contact, company and open deal.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rankCompletions } from '../../src/shared/compose/completion';
import { templateContextFor } from '../../src/shared/compose/recipient-context';
import { saveCompany, saveContact, saveDeal } from '../../src/renderer/db/crm-store';
import type { MailDb } from '../../src/renderer/db/mail-db';
import {
  loadAddressBook,
  loadRecipientRecords,
} from '../../src/renderer/features/compose/address-book';
import { dropDb, freshDb } from './support/mail-data';

let db: MailDb;
beforeEach(() => {
  db = freshDb();
});
afterEach(async () => {
  await dropDb(db);
});

const CONTACT = {
  firstName: 'Anna',
  lastName: 'Berg',
  addresses: ['anna@acme.example'],
  phone: '+46 8 123',
  title: 'Buyer',
  owner: '',
  notes: '',
  tags: [],
};

describe('compose and the CRM', () => {
  it('offers contacts in address completion, before addresses only seen in mail', async () => {
    await saveContact(db, CONTACT);
    const known = await loadAddressBook(db);
    expect(rankCompletions(known, 'ber')).toEqual([
      { name: 'Anna Berg', address: 'anna@acme.example', count: 1_000_000 },
    ]);
  });

  it('fills contact, company and deal variables from the records', async () => {
    const company = await saveCompany(db, { name: 'Acme', domains: ['acme.example'] });
    const contact = await saveContact(db, { ...CONTACT, companyId: company.id });
    await saveDeal(db, {
      name: 'Spring order',
      stage: 'Proposal',
      status: 'open',
      value: 12000,
      currency: 'EUR',
      contactIds: [contact.id],
    });
    const records = await loadRecipientRecords(db, ['Anna@Acme.example', 'nobody@x.example']);
    expect([...records.keys()]).toEqual(['anna@acme.example']);
    const context = templateContextFor(
      { name: 'A. Berg', address: 'anna@acme.example' },
      { email: 'me@x.example', knownRecipients: records },
    );
    expect(context.contact).toMatchObject({
      firstName: 'Anna',
      lastName: 'Berg',
      title: 'Buyer',
      phone: '+46 8 123',
      company: 'Acme',
    });
    expect(context.company).toEqual({ name: 'Acme', domain: 'acme.example' });
    expect(context.deal).toMatchObject({ name: 'Spring order', stage: 'Proposal' });
    expect(context.deal?.value).toMatch(/^12.000 EUR$/);

    // Without a contact, the display name still gives the names.
    const stranger = templateContextFor(
      { name: 'Bo Ek', address: 'bo@x.example' },
      { email: 'me@x.example', knownRecipients: records },
    );
    expect(stranger.contact).toMatchObject({ firstName: 'Bo', lastName: 'Ek' });
  });
});
