/**
 * Live CRM data for screens: each hook follows its query (useLiveQuery), so links, records and
 * follow-ups appear as the linker and the store write them.
 */
import { useCallback } from 'react';
import type { RecordRef } from '../../../shared/crm/types';
import { getMailDb } from '../../db/mail-db';
import {
  getCompany,
  getContact,
  getCrmSettings,
  getDeal,
  getPipeline,
  linksForMessage,
  listDeals,
  listContacts,
  listFollowUps,
  recordTimeline,
  type DealFilter,
} from '../../db/crm-store';
import type { FollowUpRow } from '../../../shared/crm/types';
import { useLiveQuery, type LiveResult } from '../../db/useLiveQuery';

/** Contacts matching `query` (name or address prefix). */
export function useContacts(
  query = '',
  limit = 200,
): LiveResult<Awaited<ReturnType<typeof listContacts>>> {
  return useLiveQuery(useCallback(() => listContacts(getMailDb(), query, limit), [query, limit]));
}

/** One contact (undefined once deleted). */
export function useContact(id: string): LiveResult<Awaited<ReturnType<typeof getContact>>> {
  return useLiveQuery(useCallback(() => getContact(getMailDb(), id), [id]));
}

/** One company. */
export function useCompany(id: string): LiveResult<Awaited<ReturnType<typeof getCompany>>> {
  return useLiveQuery(useCallback(() => getCompany(getMailDb(), id), [id]));
}

/** One deal. */
export function useDeal(id: string): LiveResult<Awaited<ReturnType<typeof getDeal>>> {
  return useLiveQuery(useCallback(() => getDeal(getMailDb(), id), [id]));
}

/** Deals matching the filter. */
export function useDeals(
  filter: DealFilter = {},
): LiveResult<Awaited<ReturnType<typeof listDeals>>> {
  const { stage, contactId, companyId } = filter;
  return useLiveQuery(
    useCallback(
      () => listDeals(getMailDb(), { stage, contactId, companyId }),
      [stage, contactId, companyId],
    ),
  );
}

/** A record's mail, newest first. */
export function useTimeline(
  ref: RecordRef,
  limit = 200,
): LiveResult<Awaited<ReturnType<typeof recordTimeline>>> {
  const { type, id } = ref;
  return useLiveQuery(
    useCallback(() => recordTimeline(getMailDb(), { type, id }, limit), [type, id, limit]),
  );
}

/** The records beside a message. */
export function useMessageLinks(
  accountId: string,
  messageKey: string,
): LiveResult<Awaited<ReturnType<typeof linksForMessage>>> {
  return useLiveQuery(
    useCallback(() => linksForMessage(getMailDb(), accountId, messageKey), [accountId, messageKey]),
  );
}

/** Follow-ups waiting, due or notified (cleared ones are left out). */
export function useFollowUps(
  states: readonly FollowUpRow['state'][] = OPEN_STATES,
): LiveResult<Awaited<ReturnType<typeof listFollowUps>>> {
  const key = states.join(',');
  return useLiveQuery(
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for the array's contents.
    useCallback(() => listFollowUps(getMailDb(), states), [key]),
  );
}

const OPEN_STATES: readonly FollowUpRow['state'][] = ['waiting', 'due', 'notified'];

/** The CRM settings. */
export function useCrmSettings(): LiveResult<Awaited<ReturnType<typeof getCrmSettings>>> {
  return useLiveQuery(useCallback(() => getCrmSettings(getMailDb()), []));
}

/** The deal stages. */
export function usePipeline(): LiveResult<string[]> {
  return useLiveQuery(useCallback(() => getPipeline(getMailDb()), []));
}
