/** Live lists the CRM screens need besides useCrm.ts's hooks. */
import { useCallback } from 'react';
import { listCompanies } from '../../db/crm-store';
import { getMailDb } from '../../db/mail-db';
import { useLiveQuery } from '../../db/useLiveQuery';

/** Companies matching `query` (all for ''), followed live. */
export function useCompanies(query = '') {
  const read = useCallback(() => listCompanies(getMailDb(), query), [query]);
  return useLiveQuery(read);
}
