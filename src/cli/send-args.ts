/**
 * The arguments of `mailcrm send`: the connection flags of `mailcrm test` (parsed by it, so both
 * accept the same), the message, and where the outbox file is. Every mistake is INVALID_INPUT
 * (a usage error, exit code 2).
 */
import { z } from 'zod';
import type { Account, AccountDraft } from '../shared/account';
import { mailAddressSchema, messageIdSchema, type MailAddress } from '../shared/compose';
import { fail } from '../shared/errors';
import { parseCommandArgs } from './cli-io';
import type { CliOAuthPlaces } from './cli-oauth-places';
import { CONNECTION_OPTIONS, parseTestArgs } from './test-args';

/** Usage of the send command. */
export const SEND_USAGE = `mailcrm send --imap-host H --imap-port P --imap-security tls|starttls|none
             --smtp-host H --smtp-port P --smtp-security tls|starttls|none
             --user LOGIN (--password-stdin | --oauth) [--smtp-no-auth] [--ca-file PEM]
             [--dns-server IP[:PORT]] [--timeout-ms N] [--outbox FILE]
             --from ADDRESS --to ADDRESS [--to ...] [--cc ADDRESS ...] [--bcc ADDRESS ...]
             [--subject S] [--text T | --html-file F | --template FILE --vars JSON]
             [--attach FILE ...] [--in-reply-to MESSAGE-ID] [--references MESSAGE-ID ...]
             [--send-at ISO-8601]
  Queues the message in the outbox file (default $XDG_STATE_HOME/mailcrm/cli-outbox.json), first
  finishes what an earlier run left in it for the same account, then sends and files the Sent
  copy. Prints { messageId, sentCopy }. Exit 0 when sent (or scheduled with --send-at), 1 when
  not (the message stays in the outbox).
mailcrm send CONNECTION-FLAGS --flush
  Only finishes what the outbox holds for the account (after a crash, or once back online).
mailcrm send CONNECTION-FLAGS --resolve MESSAGE-ID --send-again|--mark-sent
  Decides about a message left 'unsure': send it again, or take it as sent (files the Sent copy).`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  outbox: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string', multiple: true },
  cc: { type: 'string', multiple: true },
  bcc: { type: 'string', multiple: true },
  subject: { type: 'string' },
  text: { type: 'string' },
  'html-file': { type: 'string' },
  attach: { type: 'string', multiple: true },
  'in-reply-to': { type: 'string' },
  references: { type: 'string', multiple: true },
  template: { type: 'string' },
  vars: { type: 'string' },
  'send-at': { type: 'string' },
  flush: { type: 'boolean' },
  resolve: { type: 'string' },
  'send-again': { type: 'boolean' },
  'mark-sent': { type: 'boolean' },
} as const;

/** Where the body comes from. */
export type BodySource =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'html-file'; readonly path: string }
  | { readonly kind: 'template'; readonly path: string; readonly vars: string };

/** The message as given on the command line (files are read later). */
export interface MessageArgs {
  readonly from: MailAddress;
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly bcc: readonly MailAddress[];
  readonly subject: string;
  readonly body: BodySource;
  readonly attach: readonly string[];
  readonly inReplyTo?: string;
  readonly references: readonly string[];
  readonly sendAt?: Date;
}

/** What this run does: send a new message, only finish the outbox, or resolve an unsure one. */
export type SendMode =
  | { readonly kind: 'send'; readonly message: MessageArgs }
  | { readonly kind: 'flush' }
  | {
      readonly kind: 'resolve';
      readonly messageId: string;
      readonly decision: 'send-again' | 'mark-sent';
    };

/** Checked arguments of the send command (the password comes later, from stdin). */
export interface SendArgs {
  readonly account: Account;
  readonly mode: SendMode;
  /** Undefined: the default outbox file. */
  readonly outbox?: string;
  readonly caFile?: string;
  readonly dnsServer?: string;
  readonly timeoutMs?: number;
  /** With --oauth: where the tokens of `mailcrm oauth login` are. */
  readonly oauth?: CliOAuthPlaces;
}

/** `anna@example.test` or `Anna Berg <anna@example.test>`. */
export function parseAddress(value: string, flag: string): MailAddress {
  const angle = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(value);
  const candidate =
    angle === null ? { name: '', address: value } : { name: angle[1] ?? '', address: angle[2] };
  const parsed = mailAddressSchema.safeParse(candidate);
  if (!parsed.success) fail('INVALID_INPUT', `--${flag} '${value}' is not an email address.`);
  return parsed.data;
}

function parseMessageId(value: string, flag: string): string {
  if (!messageIdSchema.safeParse(value).success) {
    fail('INVALID_INPUT', `--${flag} '${value}' is not a Message-ID like <local@domain>.`);
  }
  return value;
}

function parseSendAt(value: string): Date {
  const time = z.iso.datetime({ offset: true }).safeParse(value).success
    ? Date.parse(value)
    : Number.NaN;
  if (Number.isNaN(time)) {
    fail('INVALID_INPUT', `--send-at must be an ISO 8601 time such as 2026-05-01T09:00:00Z.`);
  }
  return new Date(time);
}

/** The connection flags given, as an argument list for `mailcrm test`'s parser. */
function connectionArgs(values: Record<string, string | boolean | string[] | undefined>): string[] {
  const args: string[] = [];
  for (const name of Object.keys(CONNECTION_OPTIONS)) {
    const value = values[name];
    if (value === true) args.push(`--${name}`);
    else if (typeof value === 'string') args.push(`--${name}`, value);
  }
  return args;
}

function bodySource(values: {
  text?: string;
  'html-file'?: string;
  template?: string;
  vars?: string;
}): BodySource {
  const given = [values.text, values['html-file'], values.template].filter(
    (value) => value !== undefined,
  );
  if (given.length > 1) fail('INVALID_INPUT', 'Give one of --text, --html-file or --template.');
  if (values.vars !== undefined && values.template === undefined) {
    fail('INVALID_INPUT', '--vars goes with --template.');
  }
  if (values.template !== undefined) {
    return { kind: 'template', path: values.template, vars: values.vars ?? '{}' };
  }
  if (values['html-file'] !== undefined) return { kind: 'html-file', path: values['html-file'] };
  return { kind: 'text', text: values.text ?? '' };
}

/** The account id the outbox keys items by: the same login on the same IMAP host. */
export function cliAccountId(draft: AccountDraft): string {
  return `cli:${draft.login}/${draft.imap.host}`;
}

/** Parses the arguments; throws INVALID_INPUT (a usage error) on any mistake. */
export function parseSendArgs(args: readonly string[], now: Date): SendArgs {
  const { values } = parseCommandArgs(args, OPTIONS, 0);
  const connection = parseTestArgs(connectionArgs(values));
  const from = values.from === undefined ? undefined : parseAddress(values.from, 'from');
  const modes = [values.flush === true, values.resolve !== undefined].filter(Boolean).length;
  if (modes > 1) fail('INVALID_INPUT', 'Give --flush or --resolve, not both.');
  let mode: SendMode;
  if (values.flush === true) {
    mode = { kind: 'flush' };
  } else if (values.resolve !== undefined) {
    const again = values['send-again'] === true;
    if (again === (values['mark-sent'] === true)) {
      fail('INVALID_INPUT', '--resolve needs one of --send-again or --mark-sent.');
    }
    mode = {
      kind: 'resolve',
      messageId: parseMessageId(values.resolve, 'resolve'),
      decision: again ? 'send-again' : 'mark-sent',
    };
  } else {
    if (from === undefined) fail('INVALID_INPUT', '--from is required.');
    const to = (values.to ?? []).map((value) => parseAddress(value, 'to'));
    const cc = (values.cc ?? []).map((value) => parseAddress(value, 'cc'));
    const bcc = (values.bcc ?? []).map((value) => parseAddress(value, 'bcc'));
    if (to.length === 0) fail('INVALID_INPUT', '--to is required (at least one).');
    const inReplyTo =
      values['in-reply-to'] === undefined
        ? undefined
        : parseMessageId(values['in-reply-to'], 'in-reply-to');
    const references = (values.references ?? []).map((value) =>
      parseMessageId(value, 'references'),
    );
    mode = {
      kind: 'send',
      message: {
        from,
        to,
        cc,
        bcc,
        subject: values.subject ?? '',
        body: bodySource(values),
        attach: values.attach ?? [],
        // A reply's References end with the message replied to (RFC 5322 section 3.6.4).
        references:
          inReplyTo !== undefined && !references.includes(inReplyTo)
            ? [...references, inReplyTo]
            : references,
        ...(inReplyTo === undefined ? {} : { inReplyTo }),
        ...(values['send-at'] === undefined ? {} : { sendAt: parseSendAt(values['send-at']) }),
      },
    };
  }
  const draft: AccountDraft = {
    ...connection.draft,
    name: 'mailcrm send',
    ...(from === undefined ? {} : { email: from.address, senderName: from.name }),
  };
  return {
    account: {
      ...draft,
      id: cliAccountId(draft),
      createdAt: now.toISOString(),
      awaitingPassword: false,
    },
    mode,
    ...(values.outbox === undefined ? {} : { outbox: values.outbox }),
    ...(connection.caFile === undefined ? {} : { caFile: connection.caFile }),
    ...(connection.dnsServer === undefined ? {} : { dnsServer: connection.dnsServer }),
    ...(connection.oauth === undefined ? {} : { oauth: connection.oauth }),
    ...(connection.timeoutMs === undefined ? {} : { timeoutMs: connection.timeoutMs }),
  };
}
