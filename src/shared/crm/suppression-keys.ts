/**
 * The keys of LinkSuppression: what the user said no to. A removed link is remembered by its
 * message and record, "never link" by the normalized address or domain.
 */
import { domainOf, normalizeAddress } from './addresses';
import type { LinkRow } from './types';

/** unlink:<accountId>:<messageKey>:<recordType>:<recordId> */
export function unlinkKey(
  link: Pick<LinkRow, 'accountId' | 'messageKey' | 'recordType' | 'recordId'>,
): string {
  return `unlink:${link.accountId}:${link.messageKey}:${link.recordType}:${link.recordId}`;
}

/** never-address:<normalized address> */
export function neverAddressKey(address: string): string {
  return `never-address:${normalizeAddress(address)}`;
}

/** never-domain:<domain> */
export function neverDomainKey(domain: string): string {
  return `never-domain:${domainOf(domain)}`;
}
