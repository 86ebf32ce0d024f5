/**
 * The pure CRM engine (src/shared/crm) as the renderer uses it, gathered in one place so that
 * store and linker modules import one name each.
 */
export {
  contactNameKeys,
  domainOf,
  isFreeMailDomain,
  isMailAddress,
  nameKey,
  normalizeAddress,
} from '../../shared/crm/addresses';
export { bulkReason } from '../../shared/crm/bulk-mail';
export { buildCrmIndex, type CrmIndex } from '../../shared/crm/crm-index';
export {
  linkMessage,
  neverAddressKey,
  neverDomainKey,
  unlinkKey,
} from '../../shared/crm/link-message';
export { planAutoCreate, type AutoCreatePlan } from '../../shared/crm/auto-create';
export { caseFor, caseLink, matchingRules, threadKeyOf } from '../../shared/crm/routing';
export { clearedBy, dueFollowUps, followUpFor, retimedFollowUp } from '../../shared/crm/follow-up';
export { contactsToCsv, parseContactsCsv, type ContactDraft } from '../../shared/crm/csv';
export { crmMessageOf, isFromMe } from '../../shared/crm/crm-message';
export { parseVCards } from '../../shared/crm/vcard';
