import { describe, expect, it } from 'vitest';
import { contactsToCsv, parseContactsCsv } from '../../../src/shared/crm/csv';
import { contact } from './fixtures';

describe('parseContactsCsv', () => {
  it('reads flexible headers, quoting, a BOM and CRLF', () => {
    const text =
      '\uFEFFFirst Name,Last Name,E-mail Address,E-mail 2 Address,Mobile Phone,Job Title,Organization,Notes,Categories\r\n' +
      'Anna,Berg,Anna@Acme.io,anna.berg+x@gmail.com,+46 70 123,CTO,"Acme, Inc.","Met at ""Expo""\r\nsecond line",vip; q3\r\n' +
      '\r\n' +
      'Bo,Ek,bo@globex.com,,,,,,\r\n';
    const { contacts, errors } = parseContactsCsv(text);
    expect(errors).toEqual([]);
    expect(contacts).toEqual([
      {
        firstName: 'Anna',
        lastName: 'Berg',
        addresses: ['anna@acme.io', 'anna.berg@gmail.com'],
        phone: '+46 70 123',
        title: 'CTO',
        company: 'Acme, Inc.',
        notes: 'Met at "Expo"\r\nsecond line',
        tags: ['vip', 'q3'],
      },
      {
        firstName: 'Bo',
        lastName: 'Ek',
        addresses: ['bo@globex.com'],
        phone: '',
        title: '',
        company: '',
        notes: '',
        tags: [],
      },
    ]);
  });

  it('splits a Name column and reports bad rows with their line', () => {
    const text =
      'Name,Email,Company\nBerg, Anna,anna@acme.io\n"Berg, Anna",anna@acme.io,Acme\n,,\n,not-an-address,\nCid Lund,cid@x.test;cid2@x.test,\n';
    const { contacts, errors } = parseContactsCsv(text);
    // Line 2 has an unquoted comma: the address lands in the Company column.
    expect(contacts.map((c) => [c.firstName, c.lastName, c.addresses, c.company])).toEqual([
      ['Berg', '', [], 'anna@acme.io'],
      ['Anna', 'Berg', ['anna@acme.io'], 'Acme'],
      ['Cid', 'Lund', ['cid@x.test', 'cid2@x.test'], ''],
    ]);
    expect(errors).toEqual([
      { line: 2, message: 'not an address: Anna' },
      { line: 5, message: 'not an address: not-an-address' },
      { line: 5, message: 'no name, address or company' },
    ]);
  });

  it('refuses a header without name or e-mail columns and an unclosed quote', () => {
    expect(parseContactsCsv('foo,bar\n1,2\n').errors).toEqual([
      { line: 1, message: 'no name or e-mail column in the header row' },
    ]);
    expect(parseContactsCsv('').errors).toEqual([{ line: 1, message: 'the file is empty' }]);
    const unclosed = parseContactsCsv('Email,Notes\na@b.test,ok\nc@d.test,"never closed\n');
    expect(unclosed.contacts.map((c) => c.addresses[0])).toEqual(['a@b.test']);
    expect(unclosed.errors).toEqual([{ line: 3, message: 'a quote is never closed' }]);
  });
});

describe('contactsToCsv', () => {
  it('round-trips through parseContactsCsv, quoting and formula-escaping where needed', () => {
    const rows = [
      {
        contact: contact('1', 'Anna', 'Berg', ['anna@acme.io', 'anna@gmail.com', 'a3@acme.io'], {
          phone: '+46 70 123 45 67',
          title: 'CTO, "Chief"',
          notes: '  line one\nline two, with comma  ',
          tags: ['vip', 'q3 renewal'],
        }),
        companyName: 'Acme, Inc.',
      },
      {
        contact: contact('2', '=HYPERLINK("http://evil")', "'=quoted", ['bo@globex.com'], {
          notes: '-5 apples',
          title: '@boss',
        }),
        companyName: '+Globex',
      },
      { contact: contact('3', '', '', ['c@x.test']), companyName: '' },
    ];
    const csv = contactsToCsv(rows);
    expect(csv.split('\r\n')[0]).toBe(
      'First Name,Last Name,Email,E-mail 2,E-mail 3,Phone,Title,Company,Notes,Tags',
    );
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain(`'+Globex`);
    const back = parseContactsCsv(csv);
    expect(back.errors).toEqual([]);
    expect(back.contacts).toEqual(
      rows.map(({ contact: c, companyName }) => ({
        firstName: c.firstName,
        lastName: c.lastName,
        addresses: [...c.addresses],
        phone: c.phone,
        title: c.title,
        company: companyName,
        notes: c.notes,
        tags: [...c.tags],
      })),
    );
  });
});
