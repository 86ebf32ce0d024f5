/**
 * Templates and variables from files, for the CLI: a template is JSON with a subject and either
 * an HTML or a plain-text body; variables are JSON grouped like the variable names
 * ({"contact":{"first_name":"Anna"},"user":{"name":"Ben"}}). Unknown keys are refused so that a
 * typo in a file is reported, not silently ignored.
 */
import { z } from 'zod';
import { fail } from '../errors';
import { plainTextToHtml } from '../text/html-to-text';
import type { TemplateContext } from './variables';

const templateFileSchema = z.union([
  z.strictObject({ name: z.string().optional(), subject: z.string(), html: z.string() }),
  z.strictObject({ name: z.string().optional(), subject: z.string(), text: z.string() }),
]);

const text = z.string().optional();
const varsSchema = z.strictObject({
  contact: z
    .strictObject({
      first_name: text,
      last_name: text,
      full_name: text,
      email: text,
      company: text,
      title: text,
      phone: text,
    })
    .optional(),
  company: z.strictObject({ name: text, domain: text }).optional(),
  deal: z
    .strictObject({
      name: text,
      stage: text,
      value: z.union([z.string(), z.number().transform(String)]).optional(),
    })
    .optional(),
  user: z
    .strictObject({ name: text, title: text, phone: text, email: text, company: text })
    .optional(),
  signature: text,
});

function parseJson(json: string, what: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch (thrown) {
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    return fail('INVALID_INPUT', `The ${what} is not valid JSON: ${reason}`);
  }
}

function issues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Reads a template file: `{"subject": "...", "html": "..."}` or `{"subject": "...", "text":
 * "..."}` (plain text becomes escaped HTML with <br> and paragraphs). Throws AppFailure
 * INVALID_INPUT saying what is wrong.
 */
export function parseTemplateFile(json: string): { subject: string; bodyHtml: string } {
  const parsed = templateFileSchema.safeParse(parseJson(json, 'template file'));
  if (!parsed.success) {
    fail(
      'INVALID_INPUT',
      'The template file must be a JSON object with "subject" and either "html" or "text": ' +
        issues(parsed.error),
      { hint: 'Example: {"subject": "Hello {contact.first_name|there}", "text": "Hi!"}' },
    );
  }
  const file = parsed.data;
  return {
    subject: file.subject,
    bodyHtml: 'html' in file ? file.html : plainTextToHtml(file.text),
  };
}

/**
 * Validates template variables given as JSON data (already parsed), such as
 * {"contact":{"first_name":"Anna"},"user":{"name":"Ben"}}. Throws AppFailure INVALID_INPUT.
 */
export function contextFromVars(vars: unknown): TemplateContext {
  const parsed = varsSchema.safeParse(vars);
  if (!parsed.success) {
    fail('INVALID_INPUT', `The template variables are not valid: ${issues(parsed.error)}`, {
      hint: 'Group values by variable name, e.g. {"contact": {"first_name": "Anna"}}.',
    });
  }
  const { contact, company, deal, user, signature } = parsed.data;
  return {
    contact: contact && {
      firstName: contact.first_name,
      lastName: contact.last_name,
      fullName: contact.full_name,
      email: contact.email,
      company: contact.company,
      title: contact.title,
      phone: contact.phone,
    },
    company,
    deal,
    user: {
      name: user?.name,
      title: user?.title,
      phone: user?.phone,
      email: user?.email,
      companyName: user?.company,
    },
    signatureHtml: signature,
  };
}
