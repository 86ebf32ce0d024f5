/**
 * The editor's live preview: a template filled in for a sample recipient, with every variable
 * that would stop sending shown in place (marked) instead of failing the whole preview.
 */
import {
  isKnownVariable,
  parseTemplate,
  renderTemplate,
  type TemplateContext,
} from '../../../shared/templates/render-template';
import { escapeHtml } from '../../../shared/text/html-to-text';

/** A piece of the previewed subject: filled-in text, or a variable without a value. */
export type PreviewPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'missing'; readonly name: string; readonly unknown: boolean };

export interface TemplatePreview {
  readonly subject: readonly PreviewPart[];
  /** Sanitized-template HTML with values escaped and missing variables in <mark>. */
  readonly bodyHtml: string;
  readonly missing: readonly string[];
  readonly unknown: readonly string[];
}

/** A recipient with a name, a company and a deal, but no job title or phone number. */
export const SAMPLE_RECIPIENT: Omit<TemplateContext, 'user'> = {
  contact: {
    firstName: 'Anna',
    lastName: 'Berg',
    email: 'anna.berg@northwind.example',
    company: 'Northwind Traders',
  },
  company: { name: 'Northwind Traders', domain: 'northwind.example' },
  deal: { name: 'Annual renewal', stage: 'Proposal', value: '€12,000' },
};

function fillOne(
  source: string,
  context: TemplateContext,
  where: 'subject' | 'body',
): string | undefined {
  const result = renderTemplate(
    where === 'subject' ? { subject: source, bodyHtml: '' } : { subject: '', bodyHtml: source },
    context,
  );
  if (!result.ok) return undefined;
  return where === 'subject' ? result.subject : result.bodyHtml;
}

/** Previews `template` (its body already sanitized) for `context`. */
export function previewTemplate(
  template: { readonly subject: string; readonly bodyHtml: string },
  context: TemplateContext,
): TemplatePreview {
  const missing = new Set<string>();
  const subject: PreviewPart[] = [];
  for (const part of parseTemplate(template.subject)) {
    const text = part.kind === 'text' ? part.text : fillOne(part.source, context, 'subject');
    if (text !== undefined) subject.push({ kind: 'text', text });
    else if (part.kind === 'variable') {
      missing.add(part.name);
      subject.push({ kind: 'missing', name: part.name, unknown: !isKnownVariable(part.name) });
    }
  }
  let bodyHtml = '';
  for (const part of parseTemplate(template.bodyHtml)) {
    if (part.kind === 'text') {
      bodyHtml += part.text;
      continue;
    }
    const value = fillOne(part.source, context, 'body');
    if (value !== undefined) {
      bodyHtml += value;
    } else {
      missing.add(part.name);
      const kind = isKnownVariable(part.name) ? 'missing' : 'unknown';
      bodyHtml += `<mark class="template-${kind}">${escapeHtml(part.source)}</mark>`;
    }
  }
  const names = [...missing];
  return {
    subject,
    bodyHtml,
    missing: names.filter(isKnownVariable),
    unknown: names.filter((name) => !isKnownVariable(name)),
  };
}
