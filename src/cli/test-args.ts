/**
 * The arguments of `mailcrm test` (and the connection flags `mailcrm send` shares): usage text and
 * parsing into a validated account draft. Apart from the command so parsing loads no mail library.
 */
import { z } from 'zod';
import { accountDraftSchema, type AccountDraft } from '../shared/account';
import { fail } from '../shared/errors';
import { cliOAuthPlaces, OAUTH_PLACE_OPTIONS, type CliOAuthPlaces } from './cli-oauth-places';
import {
  firstIssue,
  parseCommandArgs,
  parseMilliseconds,
  required,
  serverEndpoint,
  usesOAuth,
} from './cli-io';

/** Usage of the test command. */
export const TEST_USAGE = `mailcrm test --imap-host H --imap-port P --imap-security tls|starttls|none
             --smtp-host H --smtp-port P --smtp-security tls|starttls|none
             --user LOGIN (--password-stdin | --oauth) [--smtp-no-auth] [--ca-file PEM]
             [--dns-server IP[:PORT]] [--timeout-ms N]
  Checks IMAP (login, folder list) and SMTP (EHLO, AUTH) without sending mail. The password is
  the first line of stdin; with --oauth the tokens of \`mailcrm oauth login\` are used (XOAUTH2).
  Exit 0 when both pass, 1 when either fails.`;

/** The flags that name the servers and the sign-in; `mailcrm send` takes them too. */
export const CONNECTION_OPTIONS = {
  'imap-host': { type: 'string' },
  'imap-port': { type: 'string' },
  'imap-security': { type: 'string' },
  'smtp-host': { type: 'string' },
  'smtp-port': { type: 'string' },
  'smtp-security': { type: 'string' },
  user: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  oauth: { type: 'boolean' },
  ...OAUTH_PLACE_OPTIONS,
  'smtp-no-auth': { type: 'boolean' },
  'ca-file': { type: 'string' },
  'dns-server': { type: 'string' },
  'timeout-ms': { type: 'string' },
} as const;

/** Checked arguments of the test command (the password comes later, from stdin). */
export interface TestArgs {
  readonly draft: AccountDraft;
  readonly caFile?: string;
  readonly dnsServer?: string;
  readonly timeoutMs?: number;
  /** With --oauth: where the tokens of `mailcrm oauth login` are. */
  readonly oauth?: CliOAuthPlaces;
}

/** The address to put in the draft: the login when it is one (nothing is sent to it). */
function draftEmail(user: string): string {
  return z.email().safeParse(user).success ? user : 'test@example.invalid';
}

/** Parses the arguments into a validated draft; throws INVALID_INPUT (a usage error). */
export function parseTestArgs(args: readonly string[]): TestArgs {
  const { values } = parseCommandArgs(args, CONNECTION_OPTIONS, 0);
  const oauth = usesOAuth(values);
  const user = required(values.user, 'user');
  const candidate = {
    name: 'mailcrm test',
    provider: 'custom',
    senderName: '',
    email: draftEmail(user),
    login: user,
    auth: oauth ? 'oauth' : 'password',
    imap: serverEndpoint(values, 'imap'),
    smtp: {
      ...serverEndpoint(values, 'smtp'),
      noAuth: values['smtp-no-auth'] === true,
      sameCredentialsAsImap: true,
    },
    folders: {},
    copySentToSentFolder: true,
    isDefaultSender: false,
    enabled: true,
    scope: 'personal',
  };
  const draft = accountDraftSchema.safeParse(candidate);
  if (!draft.success) fail('INVALID_INPUT', firstIssue(draft.error));
  const timeout = values['timeout-ms'];
  return {
    draft: draft.data,
    ...(values['ca-file'] === undefined ? {} : { caFile: values['ca-file'] }),
    ...(oauth ? { oauth: cliOAuthPlaces(values) } : {}),
    ...(values['dns-server'] === undefined ? {} : { dnsServer: values['dns-server'] }),
    ...(timeout === undefined ? {} : { timeoutMs: parseMilliseconds(timeout, 'timeout-ms') }),
  };
}
