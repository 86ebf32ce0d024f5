/**
 * Templates, signatures, the user's profile and compose preferences, kept in the renderer's
 * database. Every function takes the database, so tests pass a fresh one. The one-default-
 * signature rule is kept inside transactions: two saves at once cannot leave two defaults.
 */
import type { MailDb } from './mail-db';
import type {
  ComposePreferences,
  SignatureRow,
  TemplateRow,
  UserProfile,
} from './template-records';

/** What the editor saves; a template without an id is new. */
export interface TemplateInput {
  readonly id?: string;
  readonly name: string;
  readonly scope: TemplateRow['scope'];
  readonly subject: string;
  readonly bodyHtml: string;
}

/** What the signature editor saves; a signature without an id is new. */
export interface SignatureInput {
  readonly id?: string;
  readonly accountId: string;
  readonly name: string;
  readonly bodyHtml: string;
  readonly isDefault: boolean;
}

/** The profile before the user fills it in. */
export const EMPTY_PROFILE: UserProfile = { name: '', title: '', phone: '', companyName: '' };

/** Compose behaviour of an account the user has not configured. */
export const DEFAULT_COMPOSE_PREFERENCES: ComposePreferences = {
  signatureOnReplies: true,
  signaturePlacement: 'above-quote',
  attachmentLimitMb: 25,
  readReceiptByDefault: false,
};

const PROFILE_KEY = 'profile';
const composeKey = (accountId: string) => `compose:${accountId}`;

/** Every template, by name (case-insensitive). */
export async function listTemplates(db: MailDb): Promise<TemplateRow[]> {
  const rows = await db.templates.toArray();
  return rows.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}

/** One template, if it still exists. */
export function getTemplate(db: MailDb, id: string): Promise<TemplateRow | undefined> {
  return db.templates.get(id);
}

/** Creates or replaces a template; `now` stamps updatedAt. */
export async function saveTemplate(
  db: MailDb,
  input: TemplateInput,
  now: Date = new Date(),
): Promise<TemplateRow> {
  const row: TemplateRow = {
    id: input.id ?? crypto.randomUUID(),
    name: input.name.trim(),
    scope: input.scope,
    subject: input.subject,
    bodyHtml: input.bodyHtml,
    updatedAt: now.toISOString(),
  };
  await db.templates.put(row);
  return row;
}

/** Deletes a template; its usage history stays for analytics. */
export async function deleteTemplate(db: MailDb, id: string): Promise<void> {
  await db.templates.delete(id);
}

/** An account's signatures, the default first, then by name. */
export async function listSignatures(db: MailDb, accountId: string): Promise<SignatureRow[]> {
  const rows = await db.signatures.where('accountId').equals(accountId).toArray();
  return rows.sort(
    (a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name),
  );
}

/** The account's default signature, if it has one. */
export async function defaultSignature(
  db: MailDb,
  accountId: string,
): Promise<SignatureRow | undefined> {
  const rows = await db.signatures.where('accountId').equals(accountId).toArray();
  return rows.find((row) => row.isDefault);
}

/**
 * Creates or replaces a signature. The first signature of an account becomes its default;
 * saving one as default takes the flag from the others.
 */
export function saveSignature(
  db: MailDb,
  input: SignatureInput,
  now: Date = new Date(),
): Promise<SignatureRow> {
  return db.transaction('rw', db.signatures, async () => {
    const others = (
      await db.signatures.where('accountId').equals(input.accountId).toArray()
    ).filter((row) => row.id !== input.id);
    const isDefault = input.isDefault || !others.some((row) => row.isDefault);
    const row: SignatureRow = {
      id: input.id ?? crypto.randomUUID(),
      accountId: input.accountId,
      name: input.name.trim(),
      bodyHtml: input.bodyHtml,
      isDefault,
      updatedAt: now.toISOString(),
    };
    if (isDefault) await clearDefaults(db, others);
    await db.signatures.put(row);
    return row;
  });
}

async function clearDefaults(db: MailDb, rows: readonly SignatureRow[]): Promise<void> {
  for (const row of rows) {
    if (row.isDefault) await db.signatures.update(row.id, { isDefault: false });
  }
}

/** Makes one signature the account's default and no other. */
export function setDefaultSignature(db: MailDb, signatureId: string): Promise<void> {
  return db.transaction('rw', db.signatures, async () => {
    const chosen = await db.signatures.get(signatureId);
    if (!chosen) return;
    const rows = await db.signatures.where('accountId').equals(chosen.accountId).toArray();
    await clearDefaults(
      db,
      rows.filter((row) => row.id !== signatureId),
    );
    await db.signatures.update(signatureId, { isDefault: true });
  });
}

/** Deletes a signature; when it was the default, the next one by name takes over. */
export function deleteSignature(db: MailDb, signatureId: string): Promise<void> {
  return db.transaction('rw', db.signatures, async () => {
    const row = await db.signatures.get(signatureId);
    if (!row) return;
    await db.signatures.delete(signatureId);
    if (!row.isDefault) return;
    const rest = await db.signatures.where('accountId').equals(row.accountId).toArray();
    const next = rest.sort((a, b) => a.name.localeCompare(b.name))[0];
    if (next) await db.signatures.update(next.id, { isDefault: true });
  });
}

function isProfile(value: unknown): value is UserProfile {
  return typeof value === 'object' && value !== null && 'companyName' in value;
}

function isComposePreferences(value: unknown): value is ComposePreferences {
  return typeof value === 'object' && value !== null && 'signaturePlacement' in value;
}

/** The user's profile, empty fields when never saved. */
export async function getProfile(db: MailDb): Promise<UserProfile> {
  const row = await db.preferences.get(PROFILE_KEY);
  return isProfile(row?.value) ? { ...EMPTY_PROFILE, ...row.value } : EMPTY_PROFILE;
}

/** Saves the profile, trimmed. */
export async function saveProfile(db: MailDb, profile: UserProfile): Promise<void> {
  const value: UserProfile = {
    name: profile.name.trim(),
    title: profile.title.trim(),
    phone: profile.phone.trim(),
    companyName: profile.companyName.trim(),
  };
  await db.preferences.put({ key: PROFILE_KEY, value });
}

/** The account's compose preferences; defaults fill what was never saved. */
export async function getComposePreferences(
  db: MailDb,
  accountId: string,
): Promise<ComposePreferences> {
  const row = await db.preferences.get(composeKey(accountId));
  return isComposePreferences(row?.value)
    ? { ...DEFAULT_COMPOSE_PREFERENCES, ...row.value }
    : DEFAULT_COMPOSE_PREFERENCES;
}

/** Saves an account's compose preferences; an empty List-Unsubscribe value is dropped. */
export async function saveComposePreferences(
  db: MailDb,
  accountId: string,
  preferences: ComposePreferences,
): Promise<void> {
  const listUnsubscribe = preferences.listUnsubscribe?.trim();
  const value: ComposePreferences = {
    signatureOnReplies: preferences.signatureOnReplies,
    signaturePlacement: preferences.signaturePlacement,
    attachmentLimitMb: preferences.attachmentLimitMb,
    readReceiptByDefault: preferences.readReceiptByDefault,
    ...(listUnsubscribe ? { listUnsubscribe } : {}),
  };
  await db.preferences.put({ key: composeKey(accountId), value });
}

/** Notes that a sent message used a template (for analytics later). */
export async function recordTemplateUse(
  db: MailDb,
  templateId: string,
  accountId: string,
  messageId: string,
  now: Date = new Date(),
): Promise<void> {
  await db.templateUsage.add({ templateId, accountId, messageId, usedAt: now.toISOString() });
}

/** How many sent messages used the template. */
export function templateUseCount(db: MailDb, templateId: string): Promise<number> {
  return db.templateUsage.where('templateId').equals(templateId).count();
}
