/**
 * Pure helpers for the account form: starting drafts (blank, detected, from a stored account),
 * default ports, validation messages keyed by field path, and folder mapping merges.
 */
import {
  accountDraftSchema,
  FOLDER_ROLES,
  type Account,
  type AccountDraft,
  type DetectionResult,
  type DetectionSource,
  type FolderInfo,
  type FolderMapping,
  type Security,
} from '../../../../shared/account';

/** Validation messages keyed by dotted field path, e.g. "imap.host". */
export type FieldErrors = Readonly<Record<string, string>>;

/** The port a protocol usually uses with a given security. */
export function defaultPort(protocol: 'imap' | 'smtp', security: Security): number {
  switch (security) {
    case 'tls':
      return protocol === 'imap' ? 993 : 465;
    case 'starttls':
      return protocol === 'imap' ? 143 : 587;
    case 'none':
      return protocol === 'imap' ? 143 : 25;
    default: {
      const unknown: never = security;
      throw new Error(`Unknown security: ${String(unknown)}`);
    }
  }
}

/** Sentence telling the user where detected settings came from. */
export function describeSource(source: DetectionSource): string {
  switch (source) {
    case 'preset':
      return 'Found in our provider list';
    case 'mx':
      return "From your domain's MX record";
    case 'srv':
      return 'From DNS SRV records';
    case 'guess':
      return 'Guessed and confirmed';
    default: {
      const unknown: never = source;
      throw new Error(`Unknown detection source: ${String(unknown)}`);
    }
  }
}

/** A draft for an address nothing was detected for: common ports, hosts left for the user. */
export function blankDraft(email: string): AccountDraft {
  return {
    name: email,
    provider: 'custom',
    senderName: '',
    email,
    replyTo: '',
    login: email,
    auth: 'password',
    imap: { host: '', port: 993, security: 'tls' },
    smtp: {
      host: '',
      port: 587,
      security: 'starttls',
      noAuth: false,
      sameCredentialsAsImap: true,
      login: '',
    },
    folders: {},
    copySentToSentFolder: true,
    isDefaultSender: false,
    enabled: true,
    scope: 'personal',
  };
}

/** A draft filled from detected settings. */
export function draftFromDetection(email: string, detection: DetectionResult): AccountDraft {
  const blank = blankDraft(email);
  return {
    ...blank,
    provider: detection.provider,
    auth: detection.auth,
    imap: { ...detection.imap },
    smtp: { ...blank.smtp, ...detection.smtp },
    copySentToSentFolder: detection.copySentToSentFolder,
  };
}

/** The editable part of a stored account (drops id, dates and status). */
export function draftFromAccount(account: Account): AccountDraft {
  return {
    name: account.name,
    provider: account.provider,
    senderName: account.senderName,
    email: account.email,
    replyTo: account.replyTo ?? '',
    login: account.login,
    auth: account.auth,
    ...(account.oauth === undefined ? {} : { oauth: account.oauth }),
    ...(account.oauthDelegate === undefined ? {} : { oauthDelegate: account.oauthDelegate }),
    imap: { ...account.imap },
    smtp: { ...account.smtp, login: account.smtp.login ?? '' },
    folders: { ...account.folders },
    copySentToSentFolder: account.copySentToSentFolder,
    isDefaultSender: account.isDefaultSender,
    enabled: account.enabled,
    scope: account.scope,
    // Kept so that saving other changes does not reset the folders and rules chosen for sync.
    ...(account.sync === undefined ? {} : { sync: account.sync }),
  };
}

/** Validates a draft with the contract's own schema; returns the parsed draft or field errors. */
export function validateDraft(
  draft: AccountDraft,
): { ok: true; draft: AccountDraft } | { ok: false; errors: FieldErrors } {
  const parsed = accountDraftSchema.safeParse(draft);
  const errors: Record<string, string> = {};
  // The schema leaves the SMTP login optional; the form needs it when SMTP signs in on its own.
  const { smtp } = draft;
  if (!smtp.noAuth && !smtp.sameCredentialsAsImap && !smtp.login?.trim()) {
    errors['smtp.login'] = 'Enter the SMTP login, or use the same login and password as IMAP';
  }
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, draft: parsed.data };
  if (parsed.success) return { ok: false, errors };
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.');
    // The first message per field is the most useful one (e.g. "required" before "format").
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/**
 * The folder mapping after a successful test: keep what the user already chose where that folder
 * still exists, and take the server's SPECIAL-USE mapping for the rest.
 */
export function mergeMapping(
  current: FolderMapping,
  detected: FolderMapping,
  folders: readonly FolderInfo[],
): FolderMapping {
  const exists = new Set(folders.map((folder) => folder.path));
  const merged: Record<string, string> = {};
  for (const role of FOLDER_ROLES) {
    const mine = current[role];
    const theirs = detected[role];
    if (mine && exists.has(mine)) merged[role] = mine;
    else if (theirs) merged[role] = theirs;
  }
  return merged;
}

/** JSON with sorted keys, so objects built in a different key order compare equal. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : item,
  );
}

/** True when two drafts would connect the same way (what Test Connection checked). */
export function sameConnection(a: AccountDraft, b: AccountDraft): boolean {
  const pick = (draft: AccountDraft) =>
    stableJson([draft.login, draft.auth, draft.imap, draft.smtp]);
  return pick(a) === pick(b);
}
