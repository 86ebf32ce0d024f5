import { describe, expect, it } from 'vitest';
import {
  contactNameKeys,
  domainOf,
  FREE_MAIL_DOMAINS,
  isFreeMailDomain,
  nameKey,
  normalizeAddress,
} from '../../../src/shared/crm/addresses';
import { companyNameOf, splitDisplayName } from '../../../src/shared/crm/display-name';

describe('normalizeAddress', () => {
  it('trims and lower-cases', () => {
    expect(normalizeAddress('  Anna.Berg@ACME.io ')).toBe('anna.berg@acme.io');
    expect(normalizeAddress('<Anna@Acme.io>')).toBe('anna@acme.io');
  });

  it('drops a +tag only where the provider ignores it', () => {
    expect(normalizeAddress('Anna+CRM@Gmail.com')).toBe('anna@gmail.com');
    expect(normalizeAddress('anna+x+y@outlook.com')).toBe('anna@outlook.com');
    expect(normalizeAddress('anna+news@fastmail.com')).toBe('anna@fastmail.com');
    expect(normalizeAddress('anna+sales@acme.io')).toBe('anna+sales@acme.io');
    // A leading "+" is the whole local part, not a tag.
    expect(normalizeAddress('+1@gmail.com')).toBe('+1@gmail.com');
  });

  it('leaves something that is not an address lower-cased and trimmed', () => {
    expect(normalizeAddress(' Undisclosed ')).toBe('undisclosed');
    expect(normalizeAddress('')).toBe('');
  });
});

describe('domainOf', () => {
  it('takes the part after the last @, lower case, without www.', () => {
    expect(domainOf('Anna@WWW.Acme.IO')).toBe('acme.io');
    expect(domainOf('"a@b"@acme.io')).toBe('acme.io');
    expect(domainOf('www.acme.io')).toBe('acme.io');
    expect(domainOf('acme.io.')).toBe('acme.io');
    expect(domainOf('https://www.Acme.io/about?x=1')).toBe('acme.io');
    expect(domainOf('acme.io:443')).toBe('acme.io');
  });
});

describe('free-mail domains', () => {
  it('knows the big providers and their country domains', () => {
    expect(FREE_MAIL_DOMAINS.size).toBeGreaterThan(50);
    for (const domain of [
      'gmail.com',
      'GoogleMail.com',
      'hotmail.co.uk',
      'hotmail.se',
      'yahoo.co.jp',
      'yahoo.com.br',
      'gmx.ch',
      'web.de',
      'mail.ru',
      'yandex.kz',
      'proton.me',
      'protonmail.com',
      'icloud.com',
      'zoho.com',
    ])
      expect(isFreeMailDomain(domain), domain).toBe(true);
  });

  it('does not take company domains for free mail', () => {
    for (const domain of [
      'acme.io',
      'outlook.acme.io',
      'gmail.acme.io',
      'yahoo-inc.com',
      'live.acme.com',
    ])
      expect(isFreeMailDomain(domain), domain).toBe(false);
  });
});

describe('names', () => {
  it('nameKey removes case, accents, punctuation and extra spaces', () => {
    expect(nameKey('  Åsa   Öberg ')).toBe('asa oberg');
    expect(nameKey('Berg, Anna')).toBe('berg anna');
    expect(nameKey('José  María')).toBe('jose maria');
    expect(nameKey('O’Brien')).toBe("o'brien");
  });

  it('contactNameKeys gives both orders, once', () => {
    expect(contactNameKeys({ firstName: 'Anna', lastName: 'Berg' })).toEqual([
      'anna berg',
      'berg anna',
    ]);
    expect(contactNameKeys({ firstName: 'Anna', lastName: '' })).toEqual(['anna']);
    expect(contactNameKeys({ firstName: '', lastName: '' })).toEqual([]);
  });

  it('splits display names and address-like local parts', () => {
    expect(splitDisplayName('Anna Berg', 'x@y.z')).toEqual({ firstName: 'Anna', lastName: 'Berg' });
    expect(splitDisplayName('"Berg, Anna"', 'x@y.z')).toEqual({
      firstName: 'Anna',
      lastName: 'Berg',
    });
    expect(splitDisplayName('Anna Maria van Berg', 'x@y.z')).toEqual({
      firstName: 'Anna',
      lastName: 'Maria van Berg',
    });
    expect(splitDisplayName("'Anna Berg' via Sales", 'x@y.z')).toEqual({
      firstName: 'Anna',
      lastName: 'Berg',
    });
    expect(splitDisplayName('', 'anna.berg@acme.io')).toEqual({
      firstName: 'Anna',
      lastName: 'Berg',
    });
    expect(splitDisplayName('anna@acme.io', 'anna@acme.io')).toEqual({
      firstName: '',
      lastName: '',
    });
    expect(splitDisplayName('', 'info@acme.io')).toEqual({ firstName: '', lastName: '' });
  });

  it('names a company after its domain', () => {
    expect(companyNameOf('acme.io')).toBe('Acme');
    expect(companyNameOf('shop.acme.co.uk')).toBe('Acme');
    expect(companyNameOf('globex.com')).toBe('Globex');
  });
});
