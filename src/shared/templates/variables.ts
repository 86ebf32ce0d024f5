/**
 * The variables templates and signatures may use, how they are written and where their values
 * come from. One table feeds the renderer, the error messages and the editor's picker.
 */

/** Who and what a template is filled in for. Absent or blank values count as missing. */
export interface TemplateContext {
  readonly contact?: {
    readonly firstName?: string;
    readonly lastName?: string;
    /** When absent: first and last name joined. */
    readonly fullName?: string;
    readonly email?: string;
    /** When absent: company.name. */
    readonly company?: string;
    readonly title?: string;
    readonly phone?: string;
  };
  /** The recipient's company. */
  readonly company?: { readonly name?: string; readonly domain?: string };
  readonly deal?: {
    readonly name?: string;
    readonly stage?: string;
    /** Already formatted for people ("€12,000"). */
    readonly value?: string;
  };
  /** The sender: the profile plus the sending account's address. */
  readonly user: {
    readonly name?: string;
    readonly title?: string;
    readonly phone?: string;
    readonly email?: string;
    readonly companyName?: string;
  };
  /** The sending account's signature, already sanitized HTML; inserted as is by {signature}. */
  readonly signatureHtml?: string;
}

/** One variable as the picker shows it and error messages describe it. */
export interface TemplateVariable {
  /** As written between braces: "contact.first_name". */
  readonly name: string;
  /** For the picker: "First name". */
  readonly label: string;
  /** For error hints: "the contact's first name". */
  readonly describe: string;
  /** A fallback that reads well in most messages, for the hint. */
  readonly fallbackExample: string;
  /** Where it is offered: in templates, in signatures, or both. */
  readonly usedIn: 'template' | 'signature' | 'both';
  readonly read: (context: TemplateContext) => string | undefined;
}

function joinName(first?: string, last?: string): string | undefined {
  const joined = [first, last]
    .map((part) => part?.trim() ?? '')
    .filter(Boolean)
    .join(' ');
  return joined === '' ? undefined : joined;
}

/** The name of the variable that inserts the account's signature. */
export const SIGNATURE_VARIABLE = 'signature';

/** Every variable, in the picker's order. {company.name} is the recipient's company here. */
export const TEMPLATE_VARIABLES: readonly TemplateVariable[] = [
  {
    name: 'contact.first_name',
    label: 'Contact: first name',
    describe: "the contact's first name",
    fallbackExample: 'there',
    usedIn: 'template',
    read: (c) => c.contact?.firstName,
  },
  {
    name: 'contact.last_name',
    label: 'Contact: last name',
    describe: "the contact's last name",
    fallbackExample: '…',
    usedIn: 'template',
    read: (c) => c.contact?.lastName,
  },
  {
    name: 'contact.full_name',
    label: 'Contact: full name',
    describe: "the contact's name",
    fallbackExample: 'there',
    usedIn: 'template',
    read: (c) => c.contact?.fullName ?? joinName(c.contact?.firstName, c.contact?.lastName),
  },
  {
    name: 'contact.email',
    label: 'Contact: email',
    describe: "the contact's email address",
    fallbackExample: '…',
    usedIn: 'template',
    read: (c) => c.contact?.email,
  },
  {
    name: 'contact.company',
    label: 'Contact: company',
    describe: "the contact's company",
    fallbackExample: 'your company',
    usedIn: 'template',
    read: (c) => c.contact?.company ?? c.company?.name,
  },
  {
    name: 'contact.title',
    label: 'Contact: job title',
    describe: "the contact's job title",
    fallbackExample: '…',
    usedIn: 'template',
    read: (c) => c.contact?.title,
  },
  {
    name: 'contact.phone',
    label: 'Contact: phone',
    describe: "the contact's phone number",
    fallbackExample: '…',
    usedIn: 'template',
    read: (c) => c.contact?.phone,
  },
  {
    name: 'company.name',
    label: 'Company: name',
    describe: "the recipient's company name",
    fallbackExample: 'your company',
    usedIn: 'both',
    read: (c) => c.company?.name ?? c.contact?.company,
  },
  {
    name: 'company.domain',
    label: 'Company: domain',
    describe: "the recipient's company domain",
    fallbackExample: '…',
    usedIn: 'template',
    read: (c) => c.company?.domain,
  },
  {
    name: 'deal.name',
    label: 'Deal: name',
    describe: "the deal's name",
    fallbackExample: 'our project',
    usedIn: 'template',
    read: (c) => c.deal?.name,
  },
  {
    name: 'deal.stage',
    label: 'Deal: stage',
    describe: "the deal's stage",
    fallbackExample: '…',
    usedIn: 'template',
    read: (c) => c.deal?.stage,
  },
  {
    name: 'deal.value',
    label: 'Deal: value',
    describe: "the deal's value",
    fallbackExample: '…',
    usedIn: 'template',
    read: (c) => c.deal?.value,
  },
  {
    name: 'user.name',
    label: 'You: name',
    describe: 'your name (Templates › Signatures › Your profile)',
    fallbackExample: '…',
    usedIn: 'both',
    read: (c) => c.user.name,
  },
  {
    name: 'user.title',
    label: 'You: job title',
    describe: 'your job title (Templates › Signatures › Your profile)',
    fallbackExample: '…',
    usedIn: 'both',
    read: (c) => c.user.title,
  },
  {
    name: 'user.phone',
    label: 'You: phone',
    describe: 'your phone number (Templates › Signatures › Your profile)',
    fallbackExample: '…',
    usedIn: 'both',
    read: (c) => c.user.phone,
  },
  {
    name: 'user.email',
    label: 'You: email',
    describe: "the sending account's address",
    fallbackExample: '…',
    usedIn: 'both',
    read: (c) => c.user.email,
  },
];

const BY_NAME: ReadonlyMap<string, TemplateVariable> = new Map(
  TEMPLATE_VARIABLES.map((variable) => [variable.name, variable]),
);

/** The variable called `name`, if there is one ({signature} is handled apart). */
export function findVariable(name: string): TemplateVariable | undefined {
  return BY_NAME.get(name);
}

/** True for a name a template may use, {signature} included. */
export function isKnownVariable(name: string): boolean {
  return name === SIGNATURE_VARIABLE || BY_NAME.has(name);
}
