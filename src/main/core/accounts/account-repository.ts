/**
 * The account list in the settings file: key 'accounts' (an array of stored accounts, without
 * secrets) and key 'defaultSenderId'. Everything read back is validated; an entry that does not
 * validate is kept in the file untouched and reported as a damaged account, never dropped.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  accountDraftSchema,
  providerIdSchema,
  type AccountView,
  type ProviderId,
} from '../../../shared/account';
import { ERROR_CODES, appError, fail } from '../../../shared/errors';
import type { Logger, SettingsStore } from '../ports';
import { normalizeDefaultSender, type StoredAccount } from './account-rules';

/** Settings keys owned by this repository. */
export const ACCOUNTS_KEY = 'accounts';
export const DEFAULT_SENDER_KEY = 'defaultSenderId';

const appErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string().max(4000),
  hint: z.string().max(4000).optional(),
  retryable: z.boolean(),
  serverResponse: z.string().max(4000).optional(),
});

/** The stored form of an account: what the file holds for each entry of 'accounts'. */
export const storedAccountSchema = accountDraftSchema.extend({
  id: z.string().min(1).max(100),
  createdAt: z.string().min(1).max(40),
  awaitingPassword: z.boolean(),
  /** Which keychain entries exist; the secrets themselves are never in this file. */
  keychain: z.object({ imap: z.boolean(), smtp: z.boolean() }),
  lastError: appErrorSchema.optional(),
  lastCheckedAt: z.string().max(40).optional(),
});

/** An entry of 'accounts' that could not be read; kept in the file as it is. */
export interface DamagedAccount {
  /** The entry's own id when it has one (so its keychain entries can be removed), else derived. */
  readonly id: string;
  /** True when `id` is the entry's own id, i.e. keychain entries may exist under it. */
  readonly hasOwnId: boolean;
  readonly name: string;
  readonly email: string;
  readonly provider: ProviderId;
  /** What is wrong, field by field, for the message shown to the user. */
  readonly problem: string;
}

/** The account list as read: valid accounts in file order, and damaged entries apart. */
export interface LoadedAccounts {
  readonly accounts: readonly StoredAccount[];
  readonly damaged: readonly DamagedAccount[];
}

/** Reads and writes the account list. Synchronous: the settings store is. */
export interface AccountRepository {
  load(): LoadedAccounts;
  /** Writes these accounts and the default sender; damaged entries stay in the file. */
  save(accounts: readonly StoredAccount[]): void;
  /** Deletes a damaged entry from the file; returns it, or undefined when there is none. */
  removeDamaged(id: string): DamagedAccount | undefined;
}

interface Classified {
  readonly accounts: StoredAccount[];
  readonly damaged: { readonly entry: DamagedAccount; readonly raw: unknown }[];
}

function readRawList(settings: SettingsStore): readonly unknown[] {
  const raw = settings.get<unknown>(ACCOUNTS_KEY);
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    fail(
      'INTERNAL',
      'The account list in the settings file (config.json) is damaged: "accounts" is not a list. Restore the file from a backup, or remove its "accounts" entry and add your accounts again.',
    );
  }
  return raw as readonly unknown[];
}

function stringField(raw: unknown, key: string): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const value = (raw as Record<string, unknown>)[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function derivedId(raw: unknown): string {
  const digest = createHash('sha256')
    .update(JSON.stringify(raw) ?? 'undefined')
    .digest('hex');
  return `damaged-${digest.slice(0, 12)}`;
}

function classify(rawList: readonly unknown[]): Classified {
  const accounts: StoredAccount[] = [];
  const damaged: Classified['damaged'] = [];
  const seen = new Set<string>();
  for (const raw of rawList) {
    const parsed = storedAccountSchema.safeParse(raw);
    const ownId = stringField(raw, 'id');
    let problem: string | undefined;
    if (!parsed.success) {
      problem = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`)
        .join('; ');
    } else if (seen.has(parsed.data.id)) {
      problem = `id ${parsed.data.id} is used by another account`;
    }
    if (parsed.success && problem === undefined) {
      seen.add(parsed.data.id);
      accounts.push(parsed.data);
      continue;
    }
    const usableOwnId =
      ownId !== undefined && ownId.length <= 100 && !seen.has(ownId) ? ownId : undefined;
    if (usableOwnId !== undefined) seen.add(usableOwnId);
    damaged.push({
      raw,
      entry: {
        id: usableOwnId ?? derivedId(raw),
        hasOwnId: usableOwnId !== undefined,
        name: stringField(raw, 'name') ?? 'Unreadable account',
        email: stringField(raw, 'email') ?? '',
        provider: providerIdSchema.safeParse(stringField(raw, 'provider')).data ?? 'custom',
        problem: problem ?? 'unreadable',
      },
    });
  }
  return { accounts, damaged };
}

/** The view of a damaged entry: shown with status 'error' so the user can remove it. */
export function damagedAccountView(damaged: DamagedAccount): AccountView {
  const placeholderServer = { host: '', port: 0, security: 'tls' as const };
  return {
    id: damaged.id,
    createdAt: '',
    awaitingPassword: false,
    name: damaged.name,
    provider: damaged.provider,
    senderName: '',
    email: damaged.email,
    login: '',
    auth: 'password',
    imap: placeholderServer,
    smtp: { ...placeholderServer, noAuth: false, sameCredentialsAsImap: true },
    folders: {},
    copySentToSentFolder: true,
    isDefaultSender: false,
    enabled: false,
    scope: 'personal',
    status: 'error',
    lastError: appError(
      'INTERNAL',
      `The saved settings of the account "${damaged.name}" are damaged (${damaged.problem}). Remove the account and add it again.`,
      { hint: 'Or restore the settings file (config.json) from a backup.' },
    ),
  };
}

/** Creates the repository over a settings store; damaged entries are logged (never their data). */
export function createAccountRepository(
  settings: SettingsStore,
  logger: Logger,
): AccountRepository {
  const reported = new Set<string>();

  function applyDefaultSender(accounts: StoredAccount[]): StoredAccount[] {
    const defaultId = settings.get<unknown>(DEFAULT_SENDER_KEY);
    // 'defaultSenderId' is written first on save, so it wins over the flags when they disagree.
    const chosen =
      typeof defaultId === 'string' && accounts.some((account) => account.id === defaultId)
        ? accounts.map((account) => ({ ...account, isDefaultSender: account.id === defaultId }))
        : accounts;
    return normalizeDefaultSender(chosen);
  }

  return {
    load() {
      const { accounts, damaged } = classify(readRawList(settings));
      for (const { entry } of damaged) {
        if (reported.has(entry.id)) continue;
        reported.add(entry.id);
        logger.warn('A stored account is damaged and is shown as an error', {
          accountId: entry.id,
          problem: entry.problem,
        });
      }
      return { accounts: applyDefaultSender(accounts), damaged: damaged.map(({ entry }) => entry) };
    },

    save(accounts) {
      const { damaged } = classify(readRawList(settings));
      const normalized = normalizeDefaultSender(accounts);
      const defaultId = normalized.find((account) => account.isDefaultSender)?.id;
      settings.set(DEFAULT_SENDER_KEY, defaultId ?? null);
      settings.set(ACCOUNTS_KEY, [...normalized, ...damaged.map(({ raw }) => raw)]);
    },

    removeDamaged(id) {
      const rawList = readRawList(settings);
      const { accounts, damaged } = classify(rawList);
      const target = damaged.find(({ entry }) => entry.id === id);
      if (target === undefined) return undefined;
      const keptRaw = damaged.filter((item) => item !== target).map(({ raw }) => raw);
      settings.set(ACCOUNTS_KEY, [...accounts, ...keptRaw]);
      return target.entry;
    },
  };
}
