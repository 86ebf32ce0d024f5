/**
 * The CRM record screens as a user drives them, in real Chromium over the app's own IndexedDB
 * with the linker running on an injected clock: Duplicates merges two contacts and their mail
 * follows the kept one; Export CSV writes a file that Import reads back to the same contacts;
 * vCard import (folded lines, several EMAILs, quoted-printable and UTF-8 names) and its errors;
 * per-account follow-up hours and the reminder list; Delete drops a contact's links, not its mail.
 */
import { createElement } from 'react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { page, type Locator } from 'vitest/browser';
import {
  getContact,
  getCrmSettings,
  linksForMessage,
  listCompanies,
  listContacts,
  listFollowUps,
  saveCompany,
  saveContact,
  type StoredContact,
} from '../../src/renderer/db/crm-store';
import { getMailDb } from '../../src/renderer/db/mail-db';
import { useAccounts } from '../../src/renderer/features/accounts/accountsSlice';
import { ContactsScreen } from '../../src/renderer/features/crm/ContactsScreen';
import { startCrmLinker, type CrmLinker } from '../../src/renderer/features/crm/crm-linker';
import { useCrmNav } from '../../src/renderer/features/crm/crmNavSlice';
import { useCrmNotice } from '../../src/renderer/features/crm/crmNoticeSlice';
import { FollowUpsScreen } from '../../src/renderer/features/crm/FollowUpsScreen';
import { accountView } from './support/accounts';
import { contactInput, storeMessages } from './support/crm-data';
import { ACCOUNT, record } from './support/mail-data';
import { renderScreen, unmountAll } from './support/render';

const db = getMailDb();
const ME = accountView(ACCOUNT).email;
const HOUR = 3_600_000;
const RESULTS = '../../test-results';
let now = new Date();
let linker: CrmLinker;
let notices: string[] = [];

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  now = new Date();
  notices = [];
  useAccounts.setState({ accounts: [accountView(ACCOUNT)], loadState: 'ready' });
  useCrmNav.setState({ screen: 'contacts', record: undefined });
  useCrmNotice.setState({ failure: undefined });
  linker = startCrmLinker({
    db,
    myAddresses: () => new Set([ME]),
    now: () => now,
    notify: (title, body) => notices.push(`${title}: ${body}`),
  });
  await page.viewport(1100, 800);
});

afterEach(async () => {
  unmountAll();
  linker.stop();
  await linker.flush();
  vi.restoreAllMocks();
});

const contactList = () => page.getByRole('list', { name: 'Contacts' });
const timelineSubjects = () =>
  page.getByTestId('crm-timeline').getByTestId('timeline-entry').elements();

/** The visible text of each element `locator` finds. */
function texts(locator: Locator): string[] {
  return locator.elements().map((element) => element.textContent ?? '');
}

async function openContact(name: string): Promise<void> {
  await contactList().getByRole('button', { name }).click();
  await expect.element(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

/** Mail from `address` in INBOX, one message per subject, uids from `first`. */
function mailFrom(address: string, first: number, subjects: readonly string[]) {
  return subjects.map((subject, at) =>
    record('INBOX', first + at, { subject, from: [{ name: 'Anna', address }] }),
  );
}

/** Contacts as the import round trip must keep them, company by name. */
async function contactSummary(): Promise<unknown[]> {
  const companies = new Map((await listCompanies(db)).map((c) => [c.id, c.name]));
  const contacts = await listContacts(db);
  return contacts
    .map((c: StoredContact) => ({
      name: [c.firstName, c.lastName],
      addresses: c.addresses,
      phone: c.phone,
      title: c.title,
      company: companies.get(c.companyId ?? '') ?? '',
      notes: c.notes,
      tags: c.tags,
    }))
    .sort((a, b) => a.name.join(' ').localeCompare(b.name.join(' ')));
}

it('merges duplicates offered by name into the contact the user keeps, with both addresses and all their mail', async () => {
  // Fixed ids: a group lists its contacts in id order, the first chosen to be kept.
  await saveContact(
    db,
    contactInput({
      id: 'c-1',
      firstName: 'Berg',
      lastName: 'Anna',
      addresses: ['anna.berg@gmail.com'],
      title: 'Buyer',
      notes: 'Met at the fair',
    }),
  );
  await saveContact(
    db,
    contactInput({
      id: 'c-2',
      firstName: 'Anna',
      lastName: 'Berg',
      addresses: ['anna@acme.io'],
      phone: '+46 8 123',
    }),
  );
  await saveContact(
    db,
    contactInput({ firstName: 'Bob', lastName: 'Stone', addresses: ['bob@x.io'] }),
  );
  await storeMessages(db, 'INBOX', [
    ...mailFrom('anna@acme.io', 1, ['Pricing']),
    ...mailFrom('anna.berg@gmail.com', 2, ['Delivery dates', 'Invoice']),
  ]);
  await linker.relinkAll();

  renderScreen(createElement(ContactsScreen));
  await page.getByRole('button', { name: 'Duplicates' }).click();
  const dialog = page.getByRole('dialog', { name: 'Duplicate contacts' });
  const choices = dialog
    .getByRole('group', { name: 'Same address or name; keep:' })
    .getByRole('radio');
  await expect
    .poll(() => choices.elements().map((radio) => radio.parentElement?.textContent))
    .toEqual(['Berg Anna anna.berg@gmail.com', 'Anna Berg anna@acme.io']);
  await expect.element(choices.first()).toBeChecked();
  await dialog.getByRole('radio', { name: 'Anna Berg anna@acme.io' }).click();
  await page.screenshot({ path: `${RESULTS}/crm-duplicates-dialog.png` });
  await dialog.getByRole('button', { name: 'Merge into Anna Berg' }).click();
  await expect.element(dialog.getByText('No duplicates')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  await expect.element(dialog).not.toBeInTheDocument();

  await expect.poll(() => texts(contactList().getByRole('button'))).toHaveLength(2);
  expect(await getContact(db, 'c-1')).toBeUndefined();
  expect(await getContact(db, 'c-2')).toMatchObject({
    firstName: 'Anna',
    lastName: 'Berg',
    addresses: ['anna@acme.io', 'anna.berg@gmail.com'],
    phone: '+46 8 123',
    title: 'Buyer',
    notes: 'Met at the fair',
  });
  await openContact('Anna Berg');
  const subjects = () => timelineSubjects().map((entry) => entry.getAttribute('aria-label'));
  await expect.poll(subjects).toEqual(['Invoice', 'Delivery dates', 'Pricing']);
  // The relink the merge set off agrees: the moved mail stays with the kept contact.
  await linker.flush();
  for (const key of ['<m1@example.test>', '<m2@example.test>', '<m3@example.test>']) {
    const linked = await linksForMessage(db, ACCOUNT, key);
    expect(linked.map((entry) => entry.record.id)).toEqual(['c-2']);
  }
  expect(subjects()).toEqual(['Invoice', 'Delivery dates', 'Pricing']);
});

it('exports CSV that quotes commas, quotes and line breaks, and imports back to the same contacts', async () => {
  const acme = await saveCompany(db, { name: 'Acme, Inc.', domains: ['acme.io'] });
  await saveContact(
    db,
    contactInput({
      firstName: 'Anna',
      lastName: 'O\'Neil "Nan"',
      addresses: ['anna@acme.io', 'anna.private@mail.test'],
      phone: '+46 8 123',
      title: 'Head of Buying, Nordics',
      companyId: acme.id,
      notes: 'Likes tea, not coffee.\nSays "hi" first.\n=call back',
      tags: ['vip', 'fair 2024'],
    }),
  );
  await saveContact(
    db,
    contactInput({
      firstName: 'Bob',
      lastName: 'Stone',
      addresses: ['bob@x.io'],
      title: '=HYPERLINK("http://x.test")',
    }),
  );
  const before = await contactSummary();

  const blobs: Blob[] = [];
  const created = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    blobs.push(blob as Blob);
    return 'blob:contacts';
  });
  const downloads: string[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    downloads.push(this.download);
  });
  renderScreen(createElement(ContactsScreen));
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expect.poll(() => downloads).toEqual(['contacts.csv']);
  expect(created).toHaveBeenCalledOnce();
  expect(blobs[0]?.type).toBe('text/csv;charset=utf-8');
  const csv = (await blobs[0]?.text()) ?? '';
  // Lines end in CRLF; a line break inside a quoted field stays as it was.
  expect(csv).toBe(
    [
      'First Name,Last Name,Email,E-mail 2,Phone,Title,Company,Notes,Tags',
      'Anna,"O\'Neil ""Nan""",anna@acme.io,anna.private@mail.test,+46 8 123,"Head of Buying, Nordics","Acme, Inc.","Likes tea, not coffee.\nSays ""hi"" first.\n=call back",vip; fair 2024',
      // A spreadsheet shows a leading = as text, not a formula.
      'Bob,Stone,bob@x.io,,,"\'=HYPERLINK(""http://x.test"")",,,',
      '',
    ].join('\r\n'),
  );

  // Into an empty CRM again, through the import dialog.
  await Promise.all([db.contacts.clear(), db.companies.clear()]);
  await expect.element(page.getByText('No contacts yet')).toBeVisible();
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import contacts' });
  await dialog
    .getByLabelText('CSV or vCard file')
    .upload(new File([csv], 'contacts.csv', { type: 'text/csv' }));
  await expect.element(dialog.getByText('contacts.csv: 2 contacts to import')).toBeVisible();
  await dialog.getByRole('button', { name: 'Import 2 contacts' }).click();
  await expect
    .element(dialog.getByRole('status'))
    .toHaveTextContent('Import done: 2 created, 0 merged into existing contacts.');
  expect(await contactSummary()).toEqual(before);
});

it('deletes a contact from its page: its links and reminders go, its mail stays', async () => {
  now = new Date(Date.UTC(2024, 0, 1, 12));
  const anna = await saveContact(
    db,
    contactInput({ firstName: 'Anna', lastName: 'Berg', addresses: ['anna@acme.io'] }),
  );
  await storeMessages(db, 'INBOX', mailFrom('anna@acme.io', 1, ['Pricing', 'Delivery dates']));
  await linker.relinkAll();
  const keys = ['<m1@example.test>', '<m2@example.test>'];
  expect(await listFollowUps(db)).toHaveLength(2);

  renderScreen(createElement(ContactsScreen));
  await openContact('Anna Berg');
  await expect.poll(() => timelineSubjects().length).toBe(2);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete Anna Berg?' });
  await expect.element(confirm).toHaveTextContent('Its links go, mail stays');
  await confirm.getByRole('button', { name: 'Delete contact' }).click();
  await expect.element(page.getByText('No contacts yet')).toBeVisible();

  expect(await getContact(db, anna.id)).toBeUndefined();
  await linker.flush();
  for (const key of keys) expect(await linksForMessage(db, ACCOUNT, key)).toEqual([]);
  expect(await listFollowUps(db)).toEqual([]);
  expect(
    (await db.messages.bulkGet(keys.map((key) => [ACCOUNT, key]))).map((m) => m?.subject),
  ).toEqual(['Pricing', 'Delivery dates']);
});

/** Opens Import…, picks `file` and waits for its preview. */
async function pickImportFile(file: File): Promise<Locator> {
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import contacts' });
  await dialog.getByLabelText('CSV or vCard file').upload(file);
  await expect.element(dialog.getByTestId('import-preview')).toBeVisible();
  return dialog;
}

async function closeImport(dialog: Locator): Promise<void> {
  await dialog
    .getByRole('button', { name: /^(Cancel|Close)$/ })
    .last()
    .click();
  await expect.element(dialog).not.toBeInTheDocument();
}

const VCARDS = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Berg;Anna;;;',
  'FN:Anna Berg',
  'EMAIL;TYPE=INTERNET,WORK:anna@acme.io',
  'EMAIL;TYPE=INTERNET,HOME:Anna.Berg@Mail.test',
  'ORG:Acme AB;Sales',
  'TITLE:Head of Buying',
  // Folded (RFC 6350 3.2): the line break and one space go.
  'NOTE:Calls before noon\\, never on Fridays. A note long enough to be fol',
  ' ded.',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:2.1',
  'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=85str=C3=B6m;Bj=C3=B6rn;;;',
  'EMAIL;INTERNET:bjorn@astrom.se',
  'TEL;CELL:+46 70 123 45 67',
  // A quoted-printable soft line break.
  'NOTE;ENCODING=QUOTED-PRINTABLE:Met at the Stockholm fa=',
  'ir',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:4.0',
  'FN:Zoë Núñez',
  'EMAIL:zoe@example.es',
  'CATEGORIES:friends,fair 2024',
  'END:VCARD',
  '',
].join('\r\n');

it('imports a vCard file with several cards, and refuses a broken or foreign one with the reason', async () => {
  renderScreen(createElement(ContactsScreen));
  let dialog = await pickImportFile(new File([VCARDS], 'phone.vcf', { type: 'text/vcard' }));
  await expect.element(dialog.getByText('phone.vcf: 3 contacts to import')).toBeVisible();
  expect(texts(dialog.getByRole('row'))).toEqual([
    'NameAddressesCompanyTitle',
    'Anna Berganna@acme.io, anna.berg@mail.testAcme ABHead of Buying',
    'Björn Åströmbjorn@astrom.se',
    'Zoë Núñezzoe@example.es',
  ]);
  await page.screenshot({ path: `${RESULTS}/crm-import-vcard-dialog.png` });
  await dialog.getByRole('button', { name: 'Import 3 contacts' }).click();
  await expect
    .element(dialog.getByRole('status'))
    .toHaveTextContent('Import done: 3 created, 0 merged into existing contacts.');
  await closeImport(dialog);
  await expect
    .poll(() => texts(contactList().getByRole('button')).sort())
    .toEqual([
      'Anna Berganna@acme.io, anna.berg@mail.testHead of Buying',
      'Björn Åströmbjorn@astrom.se',
      'Zoë Núñezzoe@example.es',
    ]);
  expect(await contactSummary()).toEqual([
    {
      name: ['Anna', 'Berg'],
      addresses: ['anna@acme.io', 'anna.berg@mail.test'],
      phone: '',
      title: 'Head of Buying',
      company: 'Acme AB',
      notes: 'Calls before noon, never on Fridays. A note long enough to be folded.',
      tags: [],
    },
    {
      name: ['Björn', 'Åström'],
      addresses: ['bjorn@astrom.se'],
      phone: '+46 70 123 45 67',
      title: '',
      company: '',
      notes: 'Met at the Stockholm fair',
      tags: [],
    },
    {
      name: ['Zoë', 'Núñez'],
      addresses: ['zoe@example.es'],
      phone: '',
      title: '',
      company: '',
      notes: '',
      tags: ['friends', 'fair 2024'],
    },
  ]);

  // A file cut off inside its card, and a file that holds no vCard at all: the preview says
  // why, Import stays off, nothing is created.
  const cut = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Carl Cut\r\nEMAIL:carl@x.test\r\n';
  const foreign = 'Name: Carl\r\nMail: carl@x.test\r\n';
  for (const [name, text, problem] of [
    ['cut.vcf', cut, 'Line 1: a vCard without END'],
    ['notes.vcf', foreign, 'Line 1: no vCard in the file (no BEGIN:VCARD line)'],
  ] as const) {
    dialog = await pickImportFile(new File([text], name, { type: 'text/vcard' }));
    await expect
      .element(dialog.getByTestId('import-preview'))
      .toHaveTextContent(`${name}: 0 contacts to import, 1 problem`);
    expect(
      texts(dialog.getByRole('list', { name: 'Problems by line' }).getByRole('listitem')),
    ).toEqual([problem]);
    await expect.element(dialog.getByTestId('import-run')).toBeDisabled();
    await closeImport(dialog);
  }
  expect(await listContacts(db)).toHaveLength(3);
});

it('saves per-account follow-up hours, and lists unanswered mail from a contact as due after them', async () => {
  await saveContact(
    db,
    contactInput({ firstName: 'Anna', lastName: 'Berg', addresses: ['anna@acme.io'] }),
  );
  renderScreen(createElement(FollowUpsScreen));
  await expect.element(page.getByText('Nothing waits for an answer from you.')).toBeVisible();
  await expect.element(page.getByLabelText('Remind me after (hours)')).toHaveValue('48');
  const perAccount = page.getByLabelText(`For ${ME} (hours)`);
  await perAccount.fill('0');
  await expect.element(perAccount).toHaveAccessibleDescription('Write a number of hours above 0.');
  await expect.element(page.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  await perAccount.fill('4');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect
    .poll(async () => (await getCrmSettings(db)).followUpByAccount)
    .toEqual({ [ACCOUNT]: 4 });
  expect((await getCrmSettings(db)).followUpHours).toBe(48);
  await expect.element(page.getByLabelText(`For ${ME} (hours)`)).toHaveValue('4');

  const ago = (hours: number) => new Date(now.getTime() - hours * HOUR).toISOString();
  const from = [{ name: 'Anna Berg', address: 'anna@acme.io' }];
  await storeMessages(db, 'INBOX', [
    record('INBOX', 1, { subject: 'Quote for 40 units?', from, date: ago(5) }),
    record('INBOX', 2, { subject: 'Delivery dates', from, date: ago(1) }),
    record('INBOX', 3, { subject: 'Answered already', from, date: ago(6) }),
  ]);
  await storeMessages(db, 'Sent', [
    record('Sent', 10, {
      messageKey: '<r3@example.test>',
      messageId: '<r3@example.test>',
      subject: 'Re: Answered already',
      from: [{ name: 'Me', address: ME }],
      to: from,
      date: ago(5),
      inReplyTo: '<m3@example.test>',
      references: ['<m3@example.test>'],
    }),
  ]);
  await linker.flush();

  const reminders = page.getByRole('list', { name: 'Reminders' }).getByRole('listitem');
  await expect
    .poll(() => texts(reminders))
    .toEqual([
      'DueQuote for 40 units?Anna Berg · received 5 hours ago · due since 1 hour agoOpen',
      'WaitingDelivery datesAnna Berg · received 1 hour ago · due in 3 hoursOpen',
    ]);
  expect(notices).toEqual(['Follow up with Anna Berg: No reply yet to "Quote for 40 units?"']);

  // Three hours on, the next check makes the second one due too.
  now = new Date(now.getTime() + 3 * HOUR + 60_000);
  await linker.relinkAll();
  await expect.poll(() => texts(reminders).map((text) => text.slice(0, 3))).toEqual(['Due', 'Due']);

  // Back to 48 hours for the account: both reminders wait again, without a relink.
  await page.getByLabelText(`For ${ME} (hours)`).fill('');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect
    .poll(() => texts(reminders).map((text) => text.slice(0, 7)))
    .toEqual(['Waiting', 'Waiting']);
});
