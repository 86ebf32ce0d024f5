/**
 * Fills in templates and signatures. A template variable without a value and without a
 * fallback blocks sending (a message must never go out as "Hi {contact.first_name},"), and so
 * does a name that is not a variable (a typo). A signature never blocks: its missing values are
 * empty. In the HTML body values are escaped; in the subject they are plain text.
 */
import { appError, type AppError } from '../errors';
import { decodeEntities, escapeHtml } from '../text/entities';
import { parseTemplate } from './template-syntax';
import {
  findVariable,
  isKnownVariable,
  SIGNATURE_VARIABLE,
  type TemplateContext,
} from './variables';

export { templateVariables, parseTemplate, type TemplatePart } from './template-syntax';
export {
  TEMPLATE_VARIABLES,
  isKnownVariable,
  findVariable,
  SIGNATURE_VARIABLE,
  type TemplateContext,
  type TemplateVariable,
} from './variables';
export { parseTemplateFile, contextFromVars } from './template-file';

/** A template's text: a plain-text subject and an HTML body. */
export interface TemplateText {
  readonly subject: string;
  readonly bodyHtml: string;
}

/** The filled-in message, or every variable that stopped it. */
export type RenderResult =
  | { readonly ok: true; readonly subject: string; readonly bodyHtml: string }
  | {
      readonly ok: false;
      /** Variables without a value or fallback, unknown names, and misplaced ones, each once. */
      readonly missing: readonly string[];
      /** The names in `missing` that are not variables at all (typos). */
      readonly unknown: readonly string[];
    };

/** Where text is rendered: the subject is plain text, the body HTML. */
type Mode = 'subject' | 'body';

/** What one variable becomes; undefined when it has no value and no fallback. */
function valueOf(
  name: string,
  fallback: string | undefined,
  context: TemplateContext,
  mode: Mode,
): string | undefined {
  if (name === SIGNATURE_VARIABLE) {
    // The signature is HTML: it has no place in a subject, and is inserted as is in the body.
    return mode === 'body' ? (context.signatureHtml ?? '') : undefined;
  }
  const variable = findVariable(name);
  if (!variable) return undefined;
  const value = variable.read(context)?.trim();
  if (value) return mode === 'body' ? escapeHtml(value) : value;
  if (fallback === undefined) return undefined;
  // A fallback in the body was written as HTML: decode and re-escape so it is always safe text.
  return mode === 'body' ? escapeHtml(decodeEntities(fallback.trim())) : fallback.trim();
}

function fill(text: string, context: TemplateContext, mode: Mode, missing: Set<string>): string {
  let out = '';
  for (const part of parseTemplate(text)) {
    if (part.kind === 'text') {
      out += part.text;
      continue;
    }
    const value = valueOf(part.name, part.fallback, context, mode);
    if (value === undefined) missing.add(part.name);
    else out += value;
  }
  return out;
}

/** Fills in a template for one recipient, or names every variable that has no value. */
export function renderTemplate(template: TemplateText, context: TemplateContext): RenderResult {
  const missing = new Set<string>();
  const subject = fill(template.subject, context, 'subject', missing);
  const bodyHtml = fill(template.bodyHtml, context, 'body', missing);
  if (missing.size > 0) {
    const names = [...missing];
    return { ok: false, missing: names, unknown: names.filter((name) => !isKnownVariable(name)) };
  }
  return { ok: true, subject, bodyHtml };
}

/** The sender's details a signature may use. */
export interface SignatureProfile {
  readonly name?: string;
  readonly title?: string;
  readonly phone?: string;
  /** The user's own company: {company.name} in a signature. */
  readonly companyName?: string;
  /** The sending account's address. */
  readonly email?: string;
}

/**
 * Fills in a signature. In a signature {company.name} is the user's own company; values that
 * are missing become their fallback or nothing, and unknown names stay as written so the user
 * sees the typo in the preview.
 */
export function renderSignature(bodyHtml: string, profile: SignatureProfile): string {
  const context: TemplateContext = {
    company: { name: profile.companyName },
    user: { ...profile },
  };
  let out = '';
  for (const part of parseTemplate(bodyHtml)) {
    if (part.kind === 'text') {
      out += part.text;
    } else if (part.name === SIGNATURE_VARIABLE) {
      continue;
    } else if (!isKnownVariable(part.name)) {
      out += escapeHtml(part.source);
    } else {
      out += valueOf(part.name, part.fallback, context, 'body') ?? '';
    }
  }
  return out;
}

function describe(name: string): string {
  if (name === SIGNATURE_VARIABLE) return '{signature} can only be used in the body';
  const variable = findVariable(name);
  if (!variable) return `{${name}} is not a known variable`;
  return `{${name}} (${variable.describe}) has no value`;
}

/**
 * The error that stops sending to `recipient`: it names the recipient and every variable, and
 * the hint says how to fix the first one.
 */
export function missingVariableError(recipient: string, missing: readonly string[]): AppError {
  const first = missing[0] ?? '';
  const variable = findVariable(first);
  let hint: string;
  if (variable) {
    hint =
      `Fill in ${variable.describe}, or write {${variable.name}|${variable.fallbackExample}} ` +
      'to give a fallback.';
  } else if (first === SIGNATURE_VARIABLE) {
    hint = 'Move {signature} from the subject into the body.';
  } else {
    hint = `Correct the spelling of {${first}} in the template; the variable picker lists every name.`;
  }
  const problems = missing.map(describe).join('; ');
  return appError('TEMPLATE_VARIABLE_MISSING', `Cannot send to ${recipient}: ${problems}.`, {
    hint,
    retryable: false,
  });
}
