/**
 * CRM preferences (settings, the deal pipeline), routing rules and the cases they create.
 */
import { fail } from '../../shared/errors';
import type { CaseRecord, RoutingRule } from '../../shared/crm/types';
import { newId } from './crm-context';
import { normalizeAddress } from './crm-engine';
import type { CrmPipeline, CrmSettings } from './crm-records';
import type { MailDb } from './mail-db';

const SETTINGS_KEY = 'crm:settings';
const PIPELINE_KEY = 'crm:pipeline';

/** Settings before the user changed any: nothing is created by itself. */
export const DEFAULT_CRM_SETTINGS: CrmSettings = {
  autoCreate: false,
  autoCreateCompanies: true,
  excludePatterns: [],
  followUpHours: 48,
  followUpByAccount: {},
  notifyFollowUps: true,
};

/** The stages a new pipeline has. */
export const DEFAULT_PIPELINE: readonly string[] = [
  'Lead',
  'Qualified',
  'Proposal',
  'Negotiation',
  'Won',
  'Lost',
];

function isCrmSettings(value: unknown): value is CrmSettings {
  return typeof value === 'object' && value !== null && 'followUpHours' in value;
}

function isPipeline(value: unknown): value is CrmPipeline {
  return typeof value === 'object' && value !== null && 'stages' in value;
}

/** The CRM settings; defaults fill what was never saved. */
export async function getCrmSettings(db: MailDb): Promise<CrmSettings> {
  const row = await db.preferences.get(SETTINGS_KEY);
  return isCrmSettings(row?.value)
    ? { ...DEFAULT_CRM_SETTINGS, ...row.value }
    : DEFAULT_CRM_SETTINGS;
}

/** Saves the CRM settings; hours must be positive, blank patterns are dropped. */
export async function saveCrmSettings(db: MailDb, settings: CrmSettings): Promise<void> {
  if (!(settings.followUpHours > 0)) fail('INVALID_INPUT', 'Follow-up hours must be above 0.');
  const value: CrmSettings = {
    ...settings,
    excludePatterns: settings.excludePatterns.map((p) => p.trim()).filter((p) => p.length > 0),
  };
  await db.preferences.put({ key: SETTINGS_KEY, value });
}

/** The deal stages in order. */
export async function getPipeline(db: MailDb): Promise<string[]> {
  const row = await db.preferences.get(PIPELINE_KEY);
  return isPipeline(row?.value) ? [...row.value.stages] : [...DEFAULT_PIPELINE];
}

/** Saves the deal stages: trimmed, unique, at least one. */
export async function savePipeline(db: MailDb, stages: readonly string[]): Promise<void> {
  const clean = [...new Set(stages.map((s) => s.trim()).filter((s) => s.length > 0))];
  if (clean.length === 0) fail('INVALID_INPUT', 'A pipeline needs at least one stage.');
  await db.preferences.put({ key: PIPELINE_KEY, value: { stages: clean } });
}

/** Every routing rule, by address. */
export async function listRoutingRules(db: MailDb): Promise<RoutingRule[]> {
  return db.routingRules.orderBy('address').toArray();
}

/** What a routing rule is saved from. */
export type RoutingRuleInput = Omit<RoutingRule, 'id'> & { readonly id?: string };

/** Saves a rule; its address is normalized and must be one no other rule has. */
export async function saveRoutingRule(db: MailDb, input: RoutingRuleInput): Promise<RoutingRule> {
  const address = normalizeAddress(input.address);
  if (!address.includes('@')) fail('INVALID_INPUT', `"${input.address}" is not a mail address.`);
  const other = (await db.routingRules.where('address').equals(address).toArray()).find(
    (rule) => rule.id !== input.id,
  );
  if (other !== undefined) {
    fail('INVALID_INPUT', `The rule "${other.name}" already routes mail to ${address}.`);
  }
  const rule: RoutingRule = { ...input, id: input.id ?? newId(), address, name: input.name.trim() };
  await db.routingRules.put(rule);
  return rule;
}

/** Deletes a rule; the cases it created stay. */
export async function deleteRoutingRule(db: MailDb, id: string): Promise<void> {
  await db.routingRules.delete(id);
}

/** Which cases to list. */
export interface CaseFilter {
  readonly status?: CaseRecord['status'];
  readonly kind?: CaseRecord['kind'];
  readonly ruleId?: string;
}

/** Cases, newest first. */
export async function listCases(db: MailDb, filter: CaseFilter = {}): Promise<CaseRecord[]> {
  const all = await db.cases.toArray();
  return all
    .filter(
      (c) =>
        (filter.status === undefined || c.status === filter.status) &&
        (filter.kind === undefined || c.kind === filter.kind) &&
        (filter.ruleId === undefined || c.ruleId === filter.ruleId),
    )
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
