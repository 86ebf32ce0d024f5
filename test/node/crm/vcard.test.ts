import { describe, expect, it } from 'vitest';
import { parseVCards } from '../../../src/shared/crm/vcard';

describe('parseVCards', () => {
  it('reads vCard 3.0 with folded lines, several addresses and escapes', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Anna Berg',
      'N:Berg;Anna;Maria;;',
      'EMAIL;TYPE=INTERNET,WORK:Anna@Acme.io',
      'item1.EMAIL;TYPE=INTERNET:anna.berg@gmail.com',
      'TEL;TYPE=CELL:+46 70 123',
      'TEL;TYPE=WORK:+46 8 000',
      'TITLE:Chief Technology',
      '  Officer',
      'ORG:Acme\\, Inc.;R&D',
      'NOTE:Met at Expo\\nLikes coffee\\; tea',
      'CATEGORIES:vip,q3 renewal',
      'PHOTO;ENCODING=b;TYPE=JPEG:AAAA',
      ' BBBB',
      'END:VCARD',
      '',
    ].join('\r\n');
    expect(parseVCards(text)).toEqual({
      contacts: [
        {
          firstName: 'Anna Maria',
          lastName: 'Berg',
          addresses: ['anna@acme.io', 'anna.berg@gmail.com'],
          phone: '+46 70 123',
          title: 'Chief Technology Officer',
          company: 'Acme, Inc.',
          notes: 'Met at Expo\nLikes coffee; tea',
          tags: ['vip', 'q3 renewal'],
        },
      ],
      errors: [],
    });
  });

  it('reads vCard 4.0 and 2.1 quoted-printable, and FN without N', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Bo Ek',
      'EMAIL;TYPE=work;PREF=1:bo@globex.com',
      'TEL;VALUE=uri;TYPE="voice,work":tel:+1-555-0100',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=96hman;Carl',
      'NOTE;ENCODING=QUOTED-PRINTABLE:first line=0D=0A=',
      'second line',
      'EMAIL;INTERNET;PREF:carl@initech.test',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:Str=F6m;Dag',
      'END:VCARD',
    ].join('\n');
    const { contacts, errors } = parseVCards(text);
    expect(errors).toEqual([]);
    expect(contacts.map((c) => [c.firstName, c.lastName, c.addresses, c.phone, c.notes])).toEqual([
      ['Bo', 'Ek', ['bo@globex.com'], '+1-555-0100', ''],
      ['Carl', 'Öhman', ['carl@initech.test'], '', 'first line\r\nsecond line'],
      ['Dag', 'Ström', [], '', ''],
    ]);
  });

  it('reports cards without END, without anyone, and bad addresses, by line', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'EMAIL:not-an-address',
      'END:VCARD',
      'BEGIN:VCARD',
      'FN:Unfinished',
    ].join('\n');
    expect(parseVCards(text).errors).toEqual([
      { line: 3, message: 'not an address: not-an-address' },
      { line: 1, message: 'no name, address or company' },
      { line: 5, message: 'a vCard without END' },
    ]);
    // A file without a card says so, as an empty CSV file does.
    const none = { line: 1, message: 'no vCard in the file (no BEGIN:VCARD line)' };
    expect(parseVCards('')).toEqual({ contacts: [], errors: [none] });
    expect(parseVCards('Name: Carl\nMail: carl@x.test\n').errors).toEqual([none]);
  });
});
