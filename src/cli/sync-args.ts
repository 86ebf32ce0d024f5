/**
 * The arguments of `mailcrm sync`: the IMAP server, the login, the folders, how far back bodies
 * are downloaded, and where records and checkpoints go. Every mistake is INVALID_INPUT (usage).
 */
import { z } from 'zod';
import { accountDraftSchema, type Account } from '../shared/account';
import { fail } from '../shared/errors';
import {
  historyWindowSchema,
  syncSettingsSchema,
  type HistoryWindow,
  type SyncSettings,
} from '../shared/sync';
import { firstIssue, parseCommandArgs, required, serverEndpoint, usesOAuth } from './cli-io';
import {
  oauthTokenKey,
  cliOAuthPlaces,
  OAUTH_PLACE_OPTIONS,
  type CliOAuthPlaces,
} from './cli-oauth-places';
import { stateAccountKey } from './sync-state-file';

/** Usage of the sync command. */
export const SYNC_USAGE = `mailcrm sync --imap-host H --imap-port P --imap-security tls|starttls|none
             --user LOGIN (--password-stdin | --oauth) [--ca-file PEM] [--dns-server IP[:PORT]]
             --folder NAME [--folder NAME ...] [--since YYYY-MM-DD | --history 7d|30d|90d|6m|all]
             [--exclude PATTERN ...] --out FILE.ndjson [--state FILE]
  Syncs the folders and writes one JSON line per message (and per reset, vanished or flags
  event, with a "kind") to --out, then prints a JSON summary. Headers are synced for every
  message, bodies for the history window (default all; --since picks the smallest window that
  reaches back to the date). With --state the checkpoints are kept in FILE after every batch, a
  re-run syncs only what changed, and --out is appended to. Exit 0 when every folder synced.`;

const OPTIONS = {
  'imap-host': { type: 'string' },
  'imap-port': { type: 'string' },
  'imap-security': { type: 'string' },
  user: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  oauth: { type: 'boolean' },
  ...OAUTH_PLACE_OPTIONS,
  'ca-file': { type: 'string' },
  'dns-server': { type: 'string' },
  folder: { type: 'string', multiple: true },
  since: { type: 'string' },
  history: { type: 'string' },
  exclude: { type: 'string', multiple: true },
  out: { type: 'string' },
  state: { type: 'string' },
} as const;

/** Checked arguments of the sync command (the password comes later, from stdin). */
export interface SyncArgs {
  /** An account built from the flags, as openImapSession takes it. */
  readonly account: Account;
  readonly settings: SyncSettings;
  readonly folders: readonly string[];
  readonly out: string;
  readonly stateFile?: string;
  /** Who the state file belongs to: login, host and port. */
  readonly accountKey: string;
  readonly caFile?: string;
  readonly dnsServer?: string;
  /** With --oauth: where the tokens of `mailcrm oauth login` are (XOAUTH2 instead of a password). */
  readonly oauth?: CliOAuthPlaces;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The smallest history window that reaches back to `since` (YYYY-MM-DD, UTC midnight). The
 * engine's window is one of a few lengths, so bodies may reach a little further back.
 */
export function windowForSince(since: string, now: number): HistoryWindow {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(since);
  const time = match === null ? Number.NaN : Date.parse(`${since}T00:00:00Z`);
  if (Number.isNaN(time))
    fail('INVALID_INPUT', `--since must be a date YYYY-MM-DD, not '${since}'.`);
  const days = (now - time) / DAY_MS;
  if (days <= 7) return '7d';
  if (days <= 30) return '30d';
  if (days <= 90) return '90d';
  if (days <= 183) return '6m';
  return 'all';
}

function historyWindow(values: { since?: string; history?: string }, now: number): HistoryWindow {
  if (values.since !== undefined && values.history !== undefined) {
    fail('INVALID_INPUT', 'Give --since or --history, not both.');
  }
  if (values.since !== undefined) return windowForSince(values.since, now);
  if (values.history === undefined) return 'all';
  const parsed = historyWindowSchema.safeParse(values.history);
  if (!parsed.success) {
    fail('INVALID_INPUT', `--history must be 7d, 30d, 90d, 6m or all, not '${values.history}'.`);
  }
  return parsed.data;
}

/** Parses the arguments; throws INVALID_INPUT (a usage error) on any mistake. */
export function parseSyncArgs(args: readonly string[], now: number): SyncArgs {
  const { values } = parseCommandArgs(args, OPTIONS, 0);
  const oauth = usesOAuth(values);
  const user = required(values.user, 'user');
  const folders = [...new Set(values.folder ?? [])];
  if (folders.length === 0) fail('INVALID_INPUT', '--folder is required (at least one).');
  const imap = serverEndpoint(values, 'imap');
  const settings = syncSettingsSchema.safeParse({
    folders,
    historyWindow: historyWindow(values, now),
    excludePatterns: values.exclude ?? [],
  });
  if (!settings.success) fail('INVALID_INPUT', firstIssue(settings.error));
  const draft = accountDraftSchema.safeParse({
    name: 'mailcrm sync',
    provider: 'custom',
    senderName: '',
    // Nothing is sent: the address only has to be valid.
    email: z.email().safeParse(user).success ? user : 'sync@example.invalid',
    login: user,
    auth: oauth ? 'oauth' : 'password',
    imap,
    // The CLI never sends; SMTP is required by the account shape only.
    smtp: { ...imap, noAuth: true, sameCredentialsAsImap: true },
    folders: {},
    copySentToSentFolder: false,
    isDefaultSender: false,
    enabled: true,
    scope: 'personal',
    sync: settings.data,
  });
  if (!draft.success) fail('INVALID_INPUT', firstIssue(draft.error));
  const accountKey = stateAccountKey(user, imap.host, imap.port);
  return {
    account: {
      ...draft.data,
      // With --oauth the id names the tokens `mailcrm oauth login` stored for this login.
      id: oauth ? oauthTokenKey(user) : `cli:${accountKey}`,
      createdAt: new Date(now).toISOString(),
      awaitingPassword: false,
    },
    settings: settings.data,
    folders,
    out: required(values.out, 'out'),
    accountKey,
    ...(values.state === undefined ? {} : { stateFile: values.state }),
    ...(values['ca-file'] === undefined ? {} : { caFile: values['ca-file'] }),
    ...(values['dns-server'] === undefined ? {} : { dnsServer: values['dns-server'] }),
    ...(oauth ? { oauth: cliOAuthPlaces(values) } : {}),
  };
}
