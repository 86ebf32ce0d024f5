import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MailDb } from '../../src/renderer/db/mail-db';
import {
  DEFAULT_COMPOSE_PREFERENCES,
  defaultSignature,
  deleteSignature,
  deleteTemplate,
  getComposePreferences,
  getProfile,
  listSignatures,
  listTemplates,
  recordTemplateUse,
  saveComposePreferences,
  saveProfile,
  saveSignature,
  saveTemplate,
  setDefaultSignature,
  templateUseCount,
} from '../../src/renderer/db/template-store';
import { dropDb, freshDb } from './support/mail-data';

let db: MailDb;
beforeEach(() => {
  db = freshDb();
});
afterEach(async () => {
  await dropDb(db);
});

const signature = (accountId: string, name: string, isDefault = false) => ({
  accountId,
  name,
  bodyHtml: `<p>${name}</p>`,
  isDefault,
});

async function defaults(accountId: string): Promise<string[]> {
  return (await listSignatures(db, accountId)).filter((s) => s.isDefault).map((s) => s.name);
}

describe('signatures', () => {
  it('makes the first signature of an account its default', async () => {
    await saveSignature(db, signature('a', 'Short'));
    await saveSignature(db, signature('a', 'Long'));
    await saveSignature(db, signature('b', 'Other'));
    expect(await defaults('a')).toEqual(['Short']);
    expect(await defaults('b')).toEqual(['Other']);
  });

  it('keeps one default per account, also when saves run at once', async () => {
    const first = await saveSignature(db, signature('a', 'One'));
    await Promise.all([
      saveSignature(db, signature('a', 'Two', true)),
      saveSignature(db, signature('a', 'Three', true)),
      saveSignature(db, signature('b', 'B', true)),
    ]);
    expect(await defaults('a')).toHaveLength(1);
    await setDefaultSignature(db, first.id);
    expect(await defaults('a')).toEqual(['One']);
    expect((await defaultSignature(db, 'a'))?.id).toBe(first.id);
    expect(await defaults('b')).toEqual(['B']);
  });

  it('hands the default on when the default is deleted', async () => {
    const one = await saveSignature(db, signature('a', 'One'));
    await saveSignature(db, signature('a', 'Two'));
    await deleteSignature(db, one.id);
    expect(await defaults('a')).toEqual(['Two']);
  });

  it('keeps the default when the default is edited without the flag', async () => {
    const one = await saveSignature(db, signature('a', 'One'));
    await saveSignature(db, { ...signature('a', 'One, edited'), id: one.id });
    expect(await defaults('a')).toEqual(['One, edited']);
  });
});

describe('templates', () => {
  it('creates, updates, lists by name and deletes', async () => {
    const now = new Date('2025-03-01T10:00:00Z');
    const b = await saveTemplate(
      db,
      { name: 'b follow-up', scope: 'mine', subject: 'S', bodyHtml: '' },
      now,
    );
    await saveTemplate(db, {
      name: 'A intro',
      scope: 'shared',
      subject: 'S',
      bodyHtml: '<p>x</p>',
    });
    expect(b.updatedAt).toBe('2025-03-01T10:00:00.000Z');
    await saveTemplate(db, { ...b, name: 'C follow-up' });
    expect((await listTemplates(db)).map((t) => t.name)).toEqual(['A intro', 'C follow-up']);
    await deleteTemplate(db, b.id);
    expect((await listTemplates(db)).map((t) => t.name)).toEqual(['A intro']);
  });

  it('records template usage', async () => {
    await recordTemplateUse(db, 't1', 'a', '<m1@x>');
    await recordTemplateUse(db, 't1', 'b', '<m2@x>');
    await recordTemplateUse(db, 't2', 'a', '<m3@x>');
    expect(await templateUseCount(db, 't1')).toBe(2);
    expect(await templateUseCount(db, 't3')).toBe(0);
  });
});

describe('preferences', () => {
  it('gives defaults until saved, per account', async () => {
    expect(await getComposePreferences(db, 'a')).toEqual({
      signatureOnReplies: true,
      signaturePlacement: 'above-quote',
      attachmentLimitMb: 25,
      readReceiptByDefault: false,
    });
    await saveComposePreferences(db, 'a', {
      ...DEFAULT_COMPOSE_PREFERENCES,
      signaturePlacement: 'below-quote',
      listUnsubscribe: '  <mailto:unsubscribe@example.com>  ',
    });
    expect(await getComposePreferences(db, 'a')).toMatchObject({
      signaturePlacement: 'below-quote',
      listUnsubscribe: '<mailto:unsubscribe@example.com>',
    });
    expect(await getComposePreferences(db, 'b')).toEqual(DEFAULT_COMPOSE_PREFERENCES);
  });

  it('keeps the profile', async () => {
    expect(await getProfile(db)).toEqual({ name: '', title: '', phone: '', companyName: '' });
    await saveProfile(db, { name: ' Ben ', title: 'CEO', phone: '', companyName: 'Acme' });
    expect(await getProfile(db)).toEqual({
      name: 'Ben',
      title: 'CEO',
      phone: '',
      companyName: 'Acme',
    });
  });
});
