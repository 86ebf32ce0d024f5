/**
 * Contacts and companies made from mail. The dry run and the real run call the same planner over
 * the same messages, so what the dry run shows is what gets created; list and automated mail
 * never creates anything (the planner skips it and says why).
 */
import type { CompanyRecord, ContactRecord, CrmMessage } from '../../shared/crm/types';
import { currentMyAddresses, newId } from './crm-context';
import { toStoredContact } from './crm-contacts';
import { nameKey, planAutoCreate, type AutoCreatePlan } from './crm-engine';
import type { CrmSettings, StoredCompany } from './crm-records';
import { loadLinkContext, toCrmMessage, type LinkContext } from './crm-relink';
import { relinkAllMessages } from './crm-relink-all';
import { getCrmSettings } from './crm-settings';
import { inCrmTransaction } from './crm-tables';
import type { MailDb } from './mail-db';

export type { AutoCreatePlan } from './crm-engine';

function plan(
  messages: Iterable<CrmMessage>,
  context: LinkContext,
  settings: CrmSettings,
  now: Date,
): AutoCreatePlan {
  return planAutoCreate(messages, context.index, {
    excludePatterns: settings.excludePatterns,
    myAddresses: context.myAddresses,
    createCompanies: settings.autoCreateCompanies,
    now,
    newId,
    suppressed: (key) => context.suppressed.has(key),
  });
}

async function planAll(db: MailDb, now: Date): Promise<AutoCreatePlan> {
  const [context, settings, messages] = await Promise.all([
    loadLinkContext(db, currentMyAddresses()),
    getCrmSettings(db),
    db.messages.toArray(),
  ]);
  return plan(
    messages.map((m) => toCrmMessage(m, context.myAddresses)),
    context,
    settings,
    now,
  );
}

/** Writes a plan's records; an address taken meanwhile is left to its contact. */
export async function storePlan(
  db: MailDb,
  created: {
    readonly contacts: readonly ContactRecord[];
    readonly companies: readonly CompanyRecord[];
  },
): Promise<void> {
  await inCrmTransaction(db, 'rw', ['contacts', 'companies'], async (t) => {
    const addresses = created.contacts.flatMap((c) => c.addresses);
    const taken = new Set(
      addresses.length === 0
        ? []
        : (await t.contacts.where('addresses').anyOf(addresses).toArray()).flatMap(
            (c) => c.addresses,
          ),
    );
    await t.companies.bulkPut(
      created.companies.map((c): StoredCompany => ({ ...c, nameKey: nameKey(c.name) })),
    );
    await t.contacts.bulkPut(
      created.contacts.filter((c) => !c.addresses.some((a) => taken.has(a))).map(toStoredContact),
    );
  });
}

/** What applyAutoCreate would create now, and what it would skip and why. */
export function autoCreateDryRun(db: MailDb, now: Date = new Date()): Promise<AutoCreatePlan> {
  return planAll(db, now);
}

/** Creates what the dry run shows, then relinks all mail to the new records. */
export async function applyAutoCreate(db: MailDb, now: Date = new Date()): Promise<AutoCreatePlan> {
  const created = await planAll(db, now);
  await storePlan(db, created);
  await relinkAllMessages(db, await loadLinkContext(db, currentMyAddresses()), now);
  return created;
}

/** Creates records from new mail only (the linker, when the user turned auto-create on). */
export async function autoCreateFrom(
  db: MailDb,
  messages: readonly CrmMessage[],
  context: LinkContext,
  now: Date,
): Promise<number> {
  const created = plan(messages, context, context.settings, now);
  if (created.contacts.length === 0 && created.companies.length === 0) return 0;
  await storePlan(db, created);
  return created.contacts.length;
}
