import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../../src/shared/errors';
import {
  contextFromVars,
  missingVariableError,
  parseTemplateFile,
  renderSignature,
  renderTemplate,
  templateVariables,
  type TemplateContext,
} from '../../../src/shared/templates/render-template';

const anna: TemplateContext = {
  contact: { firstName: 'Anna', lastName: 'Berg', email: 'anna@northwind.example' },
  company: { name: 'Northwind & Co', domain: 'northwind.example' },
  deal: { name: 'Renewal', stage: 'Proposal', value: '€12,000' },
  user: { name: 'Ben Okafor', email: 'ben@mailcrm.example' },
};

describe('renderTemplate', () => {
  it('fills in values, escaped in the body and plain in the subject', () => {
    const result = renderTemplate(
      {
        subject: '{company.name}: {deal.name} for {contact.full_name}',
        bodyHtml: '<p>Hi {contact.first_name}, about {company.name} ({deal.value})</p>',
      },
      anna,
    );
    expect(result).toEqual({
      ok: true,
      subject: 'Northwind & Co: Renewal for Anna Berg',
      bodyHtml: '<p>Hi Anna, about Northwind &amp; Co (€12,000)</p>',
    });
  });

  it('blocks on a missing variable and names it', () => {
    const result = renderTemplate(
      { subject: 'Hello', bodyHtml: '<p>Hi {contact.first_name}, {contact.title}</p>' },
      { user: { name: 'Ben' }, contact: { firstName: '  ' } },
    );
    expect(result).toEqual({
      ok: false,
      missing: ['contact.first_name', 'contact.title'],
      unknown: [],
    });
  });

  it('uses the fallback when the value is missing, escaped in the body', () => {
    const result = renderTemplate(
      {
        subject: 'Hi {contact.first_name|there}',
        bodyHtml:
          '<p>Hi {contact.first_name|there &amp; <b>you</b>}, at { company.name | your company }</p>',
      },
      { user: {} },
    );
    expect(result).toEqual({
      ok: true,
      subject: 'Hi there',
      bodyHtml: '<p>Hi there &amp; &lt;b&gt;you&lt;/b&gt;, at your company</p>',
    });
  });

  it('reports unknown variable names, even with a fallback', () => {
    const result = renderTemplate(
      { subject: '{contact.frist_name|x}', bodyHtml: '<p>{contact.first_name} {dael.stage}</p>' },
      anna,
    );
    expect(result).toEqual({
      ok: false,
      missing: ['contact.frist_name', 'dael.stage'],
      unknown: ['contact.frist_name', 'dael.stage'],
    });
  });

  it('escapes values that look like HTML or variables', () => {
    const result = renderTemplate(
      { subject: '{contact.first_name}', bodyHtml: '{contact.first_name}' },
      { user: {}, contact: { firstName: '<img src=x onerror=alert(1)> {user.name}' } },
    );
    expect(result).toMatchObject({
      ok: true,
      subject: '<img src=x onerror=alert(1)> {user.name}',
      bodyHtml: '&lt;img src=x onerror=alert(1)&gt; {user.name}',
    });
  });

  it('keeps escaped braces and prose braces as text', () => {
    const result = renderTemplate(
      { subject: '\\{contact.first_name} { } {', bodyHtml: '<p>\\{x\\} and {user.name}</p>' },
      anna,
    );
    expect(result).toMatchObject({
      ok: true,
      subject: '{contact.first_name} { } {',
      bodyHtml: '<p>{x} and Ben Okafor</p>',
    });
  });

  it('inserts the signature as is in the body only', () => {
    const signatureHtml = '<div>— <b>Ben</b></div>';
    expect(
      renderTemplate(
        { subject: 'Hi', bodyHtml: '<p>Thanks</p>{signature}' },
        { ...anna, signatureHtml },
      ),
    ).toMatchObject({ ok: true, bodyHtml: `<p>Thanks</p>${signatureHtml}` });
    expect(renderTemplate({ subject: 'Hi', bodyHtml: '{signature}' }, anna)).toMatchObject({
      ok: true,
      bodyHtml: '',
    });
    expect(renderTemplate({ subject: '{signature}', bodyHtml: '' }, anna)).toEqual({
      ok: false,
      missing: ['signature'],
      unknown: [],
    });
  });
});

describe('renderSignature', () => {
  it('uses the profile, with the user company as {company.name}, and never blocks', () => {
    const html = renderSignature(
      '<div>{user.name}</div><div>{user.title}</div><div>{company.name} · {user.phone|no phone}</div><div>{user.email}</div><div>{contact.first_name}{usr.name}</div>',
      { name: 'Ben <O>', title: '', phone: '', companyName: 'Acme', email: 'ben@acme.example' },
    );
    expect(html).toBe(
      '<div>Ben &lt;O&gt;</div><div></div><div>Acme · no phone</div><div>ben@acme.example</div><div>{usr.name}</div>',
    );
  });
});

describe('missingVariableError', () => {
  it('names the recipient and the variables, and hints at a fallback', () => {
    const error = missingVariableError('anna@northwind.example', [
      'contact.first_name',
      'dael.stage',
    ]);
    expect(error.code).toBe('TEMPLATE_VARIABLE_MISSING');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('anna@northwind.example');
    expect(error.message).toContain('{contact.first_name}');
    expect(error.message).toContain('{dael.stage} is not a known variable');
    expect(error.hint).toBe(
      "Fill in the contact's first name, or write {contact.first_name|there} to give a fallback.",
    );
  });
});

describe('templateVariables', () => {
  it('lists each variable once, in order, without escaped ones', () => {
    expect(
      templateVariables(
        '{user.name} \\{contact.email} {contact.first_name|x} {user.name} {signature}',
      ),
    ).toEqual(['user.name', 'contact.first_name', 'signature']);
  });
});

describe('template files and variables for the CLI', () => {
  it('reads html and text templates', () => {
    expect(parseTemplateFile('{"subject":"S","html":"<p>x</p>"}')).toEqual({
      subject: 'S',
      bodyHtml: '<p>x</p>',
    });
    expect(parseTemplateFile('{"subject":"S","text":"a & b\\nc"}')).toEqual({
      subject: 'S',
      bodyHtml: '<p>a &amp; b<br>c</p>',
    });
  });

  it('refuses bad files with INVALID_INPUT', () => {
    for (const bad of ['{', '{"subject":"S"}', '{"subject":"S","htm":"x"}', '[]']) {
      let thrown: unknown;
      try {
        parseTemplateFile(bad);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AppFailure);
      expect((thrown as AppFailure).error.code).toBe('INVALID_INPUT');
      expect((thrown as AppFailure).error.message).toMatch(/template file/);
    }
  });

  it('turns variables JSON into a context and refuses typos', () => {
    const context = contextFromVars({
      contact: { first_name: 'Anna' },
      deal: { value: 12000 },
      user: { name: 'Ben', company: 'Acme' },
    });
    expect(context.contact?.firstName).toBe('Anna');
    expect(context.deal?.value).toBe('12000');
    expect(context.user).toMatchObject({ name: 'Ben', companyName: 'Acme' });
    expect(() => contextFromVars({ contact: { frist_name: 'Anna' } })).toThrow(/frist_name/);
    expect(() => contextFromVars('x')).toThrow(AppFailure);
  });
});
