/**
 * CRM seed data for tests: contact input with defaults, and mail stored as sync stores it; and
 * every link stored.
 */
import { applyBatch } from '../../../src/renderer/db/apply-batch';
import { linkRowsOf, rowsOfGroup } from '../../../src/renderer/db/crm-link-keys';
import type { ContactInput } from '../../../src/renderer/db/crm-store';
import type { MailDb } from '../../../src/renderer/db/mail-db';
import type { LinkRow } from '../../../src/shared/crm/types';
import type { MessageRecord } from '../../../src/shared/sync';
import { ACCOUNT, checkpoint } from './mail-data';

/** A contact to save: every field blank unless given. */
export function contactInput(overrides: Partial<ContactInput>): ContactInput {
  return {
    firstName: '',
    lastName: '',
    addresses: [],
    phone: '',
    title: '',
    owner: '',
    notes: '',
    tags: [],
    ...overrides,
  };
}

/** Stores `records` in `folder` of ACCOUNT as one sync batch. */
export async function storeMessages(
  db: MailDb,
  folder: string,
  records: readonly MessageRecord[],
): Promise<void> {
  await applyBatch(db, ACCOUNT, {
    kind: 'messages',
    folder,
    records: [...records],
    checkpoint: checkpoint(Math.max(...records.map((r) => r.uid))),
  });
}

/** Every link stored, of every group. */
export async function storedLinks(db: MailDb): Promise<LinkRow[]> {
  return (await db.linkGroups.toArray()).flatMap(rowsOfGroup).flatMap(linkRowsOf);
}
