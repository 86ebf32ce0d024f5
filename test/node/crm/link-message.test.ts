import { describe, expect, it } from 'vitest';
import { buildCrmIndex } from '../../../src/shared/crm/crm-index';
import {
  linkMessage,
  neverAddressKey,
  neverDomainKey,
  unlinkKey,
} from '../../../src/shared/crm/link-message';
import type { LinkRow } from '../../../src/shared/crm/types';
import { company, contact, deal, ME, message, NOW } from './fixtures';

const anna = contact('c-anna', 'Anna', 'Berg', ['anna@acme.io', 'anna.berg@gmail.com'], {
  companyId: 'co-acme',
});
const bo = contact('c-bo', 'Bo', 'Ek', ['bo@globex.com']);
const twinA = contact('c-twin-a', 'Kim', 'Lee', ['kim@one.test']);
const twinB = contact('c-twin-b', 'Kim', 'Lee', ['kim@two.test']);
const carl = contact('c-carl', 'Carl', 'Öhman', ['carl@initech.test']);
const acme = company('co-acme', 'Acme', ['acme.io', 'www.acme.eu']);
const globex = company('co-globex', 'Globex', ['globex.com']);
const renewal = deal('d-renewal', 'Q3 renewal', { contactIds: ['c-anna'] });
const globexDeal = deal('d-globex', 'Globex pilot', { companyId: 'co-globex' });
const lostDeal = deal('d-lost', 'Lost', { status: 'lost', contactIds: ['c-anna'] });
const index = buildCrmIndex({
  contacts: [anna, bo, twinA, twinB, carl],
  companies: [acme, globex],
  deals: [renewal, globexDeal, lostDeal],
});
const none = (): boolean => false;

/** The links as "type id kind reason" lines, sorted. */
function summary(links: readonly LinkRow[]): string[] {
  return links
    .map((link) => `${link.recordType} ${link.recordId} ${link.kind} ${link.reason}`)
    .sort();
}

describe('linkMessage', () => {
  it('links by address, the contact company and its open deals', () => {
    const links = linkMessage(message({ from: 'Anna <Anna@ACME.io>' }), index, none, NOW, ME);
    expect(summary(links)).toEqual([
      'company co-acme address contact Anna Berg',
      'contact c-anna address address anna@acme.io',
      'deal d-renewal deal deal via Anna Berg',
    ]);
    expect(links[0]).toMatchObject({
      accountId: 'acc',
      time: Date.parse('2024-05-02T08:00:00.000Z'),
      createdAt: NOW.toISOString(),
    });
  });

  it('links a free-mail address of a contact but never the free-mail domain', () => {
    const links = linkMessage(message({ from: 'anna.berg+x@gmail.com' }), index, none, NOW, ME);
    expect(summary(links)).toEqual([
      'company co-acme address contact Anna Berg',
      'contact c-anna address address anna.berg@gmail.com',
      'deal d-renewal deal deal via Anna Berg',
    ]);
    expect(linkMessage(message({ from: 'stranger@gmail.com' }), index, none, NOW, ME)).toEqual([]);
  });

  it('links by domain, also from a subdomain and a www. domain, and deals of the company', () => {
    expect(summary(linkMessage(message({ from: 'x@globex.com' }), index, none, NOW, ME))).toEqual([
      'company co-globex domain domain globex.com',
      'deal d-globex deal deal via Globex',
    ]);
    expect(
      summary(linkMessage(message({ from: 'x@eu.mail.acme.io' }), index, none, NOW, ME)),
    ).toEqual(['company co-acme domain domain acme.io']);
    expect(summary(linkMessage(message({ from: 'x@acme.eu' }), index, none, NOW, ME))).toEqual([
      'company co-acme domain domain acme.eu',
    ]);
  });

  it('links by display name only when the name is unique and the address unknown', () => {
    expect(
      summary(
        linkMessage(message({ from: 'Carl Ohman <carl.private@gmail.com>' }), index, none, NOW, ME),
      ),
    ).toEqual(['contact c-carl name name Carl Öhman']);
    expect(
      summary(
        linkMessage(message({ from: '"Öhman, Carl" <c@elsewhere.test>' }), index, none, NOW, ME),
      ),
    ).toEqual(['contact c-carl name name Carl Öhman']);
    // Two contacts are called Kim Lee: the name says nothing.
    expect(
      linkMessage(message({ from: 'Kim Lee <kim@three.test>' }), index, none, NOW, ME),
    ).toEqual([]);
    // A one-word name never links.
    expect(
      linkMessage(message({ from: 'Carl <carl@elsewhere.test>' }), index, none, NOW, ME),
    ).toEqual([]);
  });

  it('makes one link per record, with the strongest reason', () => {
    const links = linkMessage(
      message({
        from: 'Someone <someone@acme.io>',
        to: ['me@mine.test', 'Anna Berg <anna@acme.io>'],
        cc: ['Anna Berg <anna.berg@gmail.com>'],
      }),
      index,
      none,
      NOW,
      ME,
    );
    expect(summary(links)).toEqual([
      'company co-acme address contact Anna Berg',
      'contact c-anna address address anna@acme.io',
      'deal d-renewal deal deal via Anna Berg',
    ]);
    expect(new Set(links.map((link) => `${link.recordType}:${link.recordId}`)).size).toBe(
      links.length,
    );
  });

  it('leaves out the user own addresses and covers to and cc', () => {
    const outgoing = message({
      from: 'me@mine.test',
      to: ['bo@globex.com'],
      cc: ['Me <ME@mine.test>'],
      outgoing: true,
    });
    expect(summary(linkMessage(outgoing, index, none, NOW, new Set(['me@mine.test'])))).toEqual([
      'company co-globex domain domain globex.com',
      'contact c-bo address address bo@globex.com',
      'deal d-globex deal deal via Globex',
    ]);
    // A contact that is the user never links to the user's own mail.
    const self = buildCrmIndex({
      contacts: [contact('c-me', 'Me', 'Myself', ['me@mine.test'])],
      companies: [],
      deals: [],
    });
    expect(
      linkMessage(message({ from: 'me@mine.test', to: ['x@y.test'] }), self, none, NOW, ME),
    ).toEqual([]);
  });

  it('honours removed links and never-link choices', () => {
    const mail = message({ from: 'anna@acme.io', cc: ['bo@globex.com'] });
    const removed = new Set([
      unlinkKey({
        accountId: 'acc',
        messageKey: mail.messageKey,
        recordType: 'contact',
        recordId: 'c-anna',
      }),
    ]);
    // Without the contact link, neither its company nor its deal come through it; Acme still
    // links by domain.
    expect(summary(linkMessage(mail, index, (key) => removed.has(key), NOW, ME))).toEqual([
      'company co-acme domain domain acme.io',
      'company co-globex domain domain globex.com',
      'contact c-bo address address bo@globex.com',
      'deal d-globex deal deal via Globex',
    ]);
    const neverAnna = new Set([neverAddressKey('ANNA@acme.io')]);
    expect(summary(linkMessage(mail, index, (key) => neverAnna.has(key), NOW, ME))).toEqual([
      'company co-globex domain domain globex.com',
      'contact c-bo address address bo@globex.com',
      'deal d-globex deal deal via Globex',
    ]);
    const neverGlobex = new Set([neverDomainKey('www.Globex.com')]);
    expect(summary(linkMessage(mail, index, (key) => neverGlobex.has(key), NOW, ME))).toEqual([
      'company co-acme address contact Anna Berg',
      'contact c-anna address address anna@acme.io',
      'deal d-renewal deal deal via Anna Berg',
    ]);
    const noDeal = new Set([
      unlinkKey({
        accountId: 'acc',
        messageKey: mail.messageKey,
        recordType: 'deal',
        recordId: 'd-renewal',
      }),
    ]);
    expect(summary(linkMessage(mail, index, (key) => noDeal.has(key), NOW, ME))).not.toContain(
      'deal d-renewal deal deal via Anna Berg',
    );
  });

  it('uses time 0 for a date that does not parse and survives odd participants', () => {
    const links = linkMessage(
      message({ from: 'anna@acme.io', to: ['', 'undisclosed-recipients:;', '@'], date: 'garbage' }),
      index,
      none,
      NOW,
      ME,
    );
    expect(links.every((link) => link.time === 0)).toBe(true);
  });

  it('keys suppressions as the types describe', () => {
    expect(unlinkKey({ accountId: 'a', messageKey: 'k', recordType: 'deal', recordId: 'd' })).toBe(
      'unlink:a:k:deal:d',
    );
    expect(neverAddressKey(' Anna+x@Gmail.com')).toBe('never-address:anna@gmail.com');
    expect(neverDomainKey('WWW.Acme.io')).toBe('never-domain:acme.io');
  });
});
