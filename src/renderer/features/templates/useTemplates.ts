/** Live views of templates, signatures and preferences: screens follow every save at once. */
import { useCallback } from 'react';
import { getMailDb } from '../../db/mail-db';
import type {
  ComposePreferences,
  SignatureRow,
  TemplateRow,
  UserProfile,
} from '../../db/template-records';
import {
  getComposePreferences,
  getProfile,
  listSignatures,
  listTemplates,
} from '../../db/template-store';
import { useLiveQuery, type LiveResult } from '../../db/useLiveQuery';

/** Every template, by name. */
export function useTemplates(): LiveResult<TemplateRow[]> {
  const query = useCallback(() => listTemplates(getMailDb()), []);
  return useLiveQuery(query);
}

/** One account's signatures, the default first; empty when no account is given. */
export function useSignatures(accountId: string | undefined): LiveResult<SignatureRow[]> {
  const query = useCallback(
    () => (accountId ? listSignatures(getMailDb(), accountId) : Promise.resolve([])),
    [accountId],
  );
  return useLiveQuery(query);
}

/** The user's profile (empty fields until saved). */
export function useProfile(): LiveResult<UserProfile> {
  const query = useCallback(() => getProfile(getMailDb()), []);
  return useLiveQuery(query);
}

/** One account's compose preferences, defaults included. */
export function useComposePreferences(accountId: string): LiveResult<ComposePreferences> {
  const query = useCallback(() => getComposePreferences(getMailDb(), accountId), [accountId]);
  return useLiveQuery(query);
}
