/**
 * The CRM store: contacts, companies, deals, links, routing, settings, auto-create, import and
 * follow-ups over the renderer's Dexie database. Every function takes the database first and
 * writes take `now` last. The modules behind it are split by use case; this is the one import
 * the UI needs.
 */
export {
  deleteContact,
  findDuplicateContacts,
  getContact,
  listContacts,
  mergeContacts,
  saveContact,
  type ContactInput,
} from './crm-contacts';
export {
  deleteCompany,
  deleteDeal,
  getCompany,
  getDeal,
  listCompanies,
  listDeals,
  saveCompany,
  saveDeal,
  type CompanyInput,
  type DealFilter,
  type DealInput,
} from './crm-companies';
export {
  linkManually,
  linksForMessage,
  neverLinkAddress,
  neverLinkDomain,
  recordTimeline,
  unlink,
  type LinkedRecord,
  type TimelineEntry,
} from './crm-links';
export {
  DEFAULT_CRM_SETTINGS,
  DEFAULT_PIPELINE,
  deleteRoutingRule,
  getCrmSettings,
  getPipeline,
  listCases,
  listRoutingRules,
  saveCrmSettings,
  savePipeline,
  saveRoutingRule,
  type CaseFilter,
  type RoutingRuleInput,
} from './crm-settings';
export { applyAutoCreate, autoCreateDryRun, type AutoCreatePlan } from './crm-auto-create';
export { exportContactsCsv, importContacts, type ImportOutcome } from './crm-import';
export { listFollowUps, type FollowUpEntry } from './crm-follow-up-store';
export type { CrmPipeline, CrmSettings, StoredCompany, StoredContact } from './crm-records';
