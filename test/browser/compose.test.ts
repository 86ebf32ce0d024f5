import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { applyBatch } from '../../src/renderer/db/apply-batch';
import {
  DraftSession,
  SERVER_NOT_SAVED,
  type DraftContent,
} from '../../src/renderer/db/draft-store';
import type { MailDb } from '../../src/renderer/db/mail-db';
import {
  DEFAULT_COMPOSE_PREFERENCES,
  saveComposePreferences,
  saveProfile,
  saveSignature,
  saveTemplate,
} from '../../src/renderer/db/template-store';
import { useAccounts } from '../../src/renderer/features/accounts/accountsSlice';
import { loadAddressBook } from '../../src/renderer/features/compose/address-book';
import {
  ComposeDepsContext,
  type ComposeDeps,
} from '../../src/renderer/features/compose/compose-deps';
import { ComposeHost } from '../../src/renderer/features/compose/ComposeHost';
import { useCompose } from '../../src/renderer/features/compose/composeSlice';
import { enqueueOutgoing } from '../../src/renderer/features/outbox/outbox-queue';
import { rankCompletions } from '../../src/shared/compose/completion';
import { AppFailure, appError } from '../../src/shared/errors';
import { accountView } from './support/accounts';
import { FakeApi } from './support/fake-api';
import { ACCOUNT, checkpoint, dropDb, freshDb, record } from './support/mail-data';

let db: MailDb | undefined;
let root: Root | undefined;
let host: HTMLElement | undefined;

afterEach(async () => {
  root?.unmount();
  root = undefined;
  host?.remove();
  useCompose.setState({ request: undefined, notice: undefined });
  if (db) await dropDb(db);
  db = undefined;
});

const DRAFT_REF = { accountId: ACCOUNT, folder: 'Drafts', uidValidity: 1, uid: 5 };

function content(subject: string): DraftContent {
  return {
    id: '<draft1@example.test>',
    accountId: ACCOUNT,
    kind: 'new',
    message: {
      accountId: ACCOUNT,
      messageId: '<draft1@example.test>',
      date: '2025-03-01T09:00:00.000Z',
      from: { name: 'Me', address: 'me@example.test' },
      to: [{ name: '', address: 'ben@example.test' }],
      cc: [],
      bcc: [],
      subject,
      text: 'Hello',
      html: '<p>Hello</p>',
      references: [],
      attachments: [],
      readReceipt: false,
    },
  };
}

describe('draft store', () => {
  it('saves locally at once; a failed server save keeps the local draft and says so', async () => {
    const mailDb = freshDb();
    db = mailDb;
    const offline = appError('CONNECTION_REFUSED', 'The IMAP server could not be reached.');
    const api = new FakeApi({ 'drafts.save': () => Promise.reject(new AppFailure(offline)) });
    const session = new DraftSession(content('First'), {
      db: mailDb,
      api,
      localDelayMs: 0,
      serverDelayMs: 60_000,
    });
    session.change(content('First'));
    await expect
      .poll(async () => (await mailDb.drafts.get('<draft1@example.test>'))?.message.subject)
      .toBe('First');
    expect(session.status().local).toBe('saved');

    const serverError = await session.close();
    expect(serverError?.code).toBe('CONNECTION_REFUSED');
    expect(session.status()).toMatchObject({ local: 'saved', server: 'failed' });
    const kept = await mailDb.drafts.get('<draft1@example.test>');
    expect(kept?.message.subject).toBe('First');
    expect(kept?.serverRef).toBeUndefined();
    expect(SERVER_NOT_SAVED).toBe('Saved on this computer; not yet in Drafts on the server');

    // Back online: the next save reaches the server, and a later one replaces that copy.
    api.handlers['drafts.save'] = () => Promise.resolve(DRAFT_REF);
    expect(await session.close()).toBeUndefined();
    expect((await mailDb.drafts.get('<draft1@example.test>'))?.serverRef).toEqual(DRAFT_REF);
    session.change(content('Second'));
    await session.close();
    const saves = api.calls.filter((c) => c.name === 'drafts.save');
    expect(saves.at(-1)?.input).toMatchObject({ replaces: DRAFT_REF });

    // Sent: the local row goes, and the server copy is removed.
    api.handlers['drafts.remove'] = () => Promise.resolve();
    expect(await session.sent()).toBeUndefined();
    expect(await mailDb.drafts.get('<draft1@example.test>')).toBeUndefined();
    expect(api.calls.at(-1)).toEqual({ name: 'drafts.remove', input: DRAFT_REF });
  });
});

describe('address completion', () => {
  it('ranks known addresses by frequency, matching name words and addresses', async () => {
    const mailDb = freshDb();
    db = mailDb;
    const anna = { name: 'Anna Berg', address: 'anna@x.io' };
    const andy = { name: 'Andy', address: 'andy@y.io' };
    const ben = { name: '', address: 'ben.anders@z.io' };
    await applyBatch(mailDb, ACCOUNT, {
      kind: 'messages',
      folder: 'INBOX',
      records: [
        record('INBOX', 1, { from: [andy], to: [anna] }),
        record('INBOX', 2, { from: [anna], to: [ben], cc: [] }),
        record('INBOX', 3, { from: [{ name: '', address: 'ANNA@x.io' }], to: [] }),
      ],
      checkpoint: checkpoint(3),
    });
    const known = await loadAddressBook(mailDb);
    expect(rankCompletions(known, 'an').map((k) => k.address)).toEqual(['anna@x.io', 'andy@y.io']);
    expect(rankCompletions(known, 'BERG')[0]).toEqual({ ...anna, count: 3 });
    expect(rankCompletions(known, 'ben').map((k) => k.address)).toEqual(['ben.anders@z.io']);
    expect(rankCompletions(known, 'zzz')).toEqual([]);
  });
});

function setValue(element: HTMLInputElement | HTMLSelectElement, value: string): void {
  const prototype =
    element instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(element, value);
  element.dispatchEvent(
    new Event(element instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }),
  );
}

function query<T extends Element>(selector: string): T {
  const found = host?.querySelector<T>(selector);
  if (!found) throw new Error(`Nothing matches ${selector}`);
  return found;
}

function renderCompose(mailDb: MailDb, api: FakeApi): void {
  const account = accountView(ACCOUNT, {
    email: 'me@example.test',
    senderName: 'Me Myself',
    isDefaultSender: true,
  });
  useAccounts.setState({ accounts: [account], loadState: 'ready' });
  const deps: ComposeDeps = {
    db: mailDb,
    api,
    queue: (message, options) => enqueueOutgoing(mailDb, message, options),
    now: () => new Date(),
    random: () => crypto.randomUUID().replace(/-/g, ''),
    draftLocalDelayMs: 0,
    draftServerDelayMs: 60_000,
  };
  host = document.createElement('div');
  document.body.append(host);
  const container = host;
  root = createRoot(container);
  const mount = root;
  mount.render(
    createElement(
      ComposeDepsContext.Provider,
      { value: deps },
      createElement(ComposeHost, { accounts: [account] }),
    ),
  );
}

/** The message the reply tests answer: "Plan", with a body and a References chain. */
async function storePlan(mailDb: MailDb, references: string[] = []): Promise<void> {
  await applyBatch(mailDb, ACCOUNT, {
    kind: 'messages',
    folder: 'INBOX',
    records: [
      record('INBOX', 1, {
        subject: 'Plan',
        messageId: '<plan@x.io>',
        references,
        body: { text: 'Shall we meet on Friday?', attachments: [] },
      }),
    ],
    checkpoint: checkpoint(1),
  });
}

function openReplyToPlan(): void {
  useCompose.getState().openCompose({
    kind: 'reply',
    source: {
      accountId: ACCOUNT,
      folder: 'INBOX',
      uidValidity: 1,
      uid: 1,
      messageKey: '<m1@example.test>',
    },
  });
}

describe('compose pane', () => {
  it('prefills a reply: To, "Re:" subject, the quote and the signature below it', async () => {
    const mailDb = freshDb();
    db = mailDb;
    await storePlan(mailDb, ['<root@x.io>']);
    await saveProfile(mailDb, { name: 'Me Myself', title: 'CEO', phone: '', companyName: 'Acme' });
    await saveSignature(mailDb, {
      accountId: ACCOUNT,
      name: 'Work',
      bodyHtml: '<p>Regards, {user.name}</p>',
      isDefault: true,
    });
    await saveComposePreferences(mailDb, ACCOUNT, {
      ...DEFAULT_COMPOSE_PREFERENCES,
      signatureOnReplies: true,
      signaturePlacement: 'below-quote',
    });
    renderCompose(mailDb, new FakeApi());
    openReplyToPlan();
    await expect.poll(() => host?.querySelector('[data-testid="compose-to"]')).not.toBeNull();
    expect(query<HTMLInputElement>('[data-testid="compose-to"]').value).toBe(
      'Ann Example <ann@example.test>',
    );
    expect(query<HTMLInputElement>('[data-testid="compose-subject"]').value).toBe('Re: Plan');
    const quote = query('[data-testid="compose-quote"]');
    expect(quote.textContent).toContain('Ann Example wrote:');
    expect(quote.querySelector('blockquote')?.textContent).toContain('Shall we meet on Friday?');
    await expect
      .poll(() => host?.querySelector('[data-testid="compose-signature"]')?.textContent)
      .toBe('Regards, Me Myself');
    const signature = query('[data-testid="compose-signature"]');
    // below-quote: the quote comes first in the document.
    expect(
      quote.compareDocumentPosition(signature) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it('keeps a closed reply as a draft and reopens it as it was left', async () => {
    const mailDb = freshDb();
    db = mailDb;
    await storePlan(mailDb);
    const api = new FakeApi({ 'drafts.save': () => Promise.resolve(DRAFT_REF) });
    renderCompose(mailDb, api);
    openReplyToPlan();
    await expect.poll(() => host?.querySelector('[data-testid="compose-subject"]')).not.toBeNull();
    const subject = query<HTMLInputElement>('[data-testid="compose-subject"]');
    // React tracks the value it set; the prototype's setter changes it the way typing does.
    Reflect.set(HTMLInputElement.prototype, 'value', 'Re: Plan for Friday', subject);
    subject.dispatchEvent(new Event('input', { bubbles: true }));
    const close = [...(host?.querySelectorAll('button') ?? [])].find(
      (button) => button.textContent === 'Close',
    );
    close?.click();
    await expect.poll(() => host?.querySelector('[data-testid="compose-pane"]')).toBeNull();
    await expect.poll(() => mailDb.drafts.count()).toBe(1);
    const [saved] = await mailDb.drafts.toArray();
    expect(saved?.message.subject).toBe('Re: Plan for Friday');

    useCompose.getState().openCompose({ kind: 'draft', draftId: saved?.id ?? '' });
    await expect.poll(() => host?.querySelector('[data-testid="compose-subject"]')).not.toBeNull();
    expect(query<HTMLInputElement>('[data-testid="compose-subject"]').value).toBe(
      'Re: Plan for Friday',
    );
    expect(query<HTMLInputElement>('[data-testid="compose-to"]').value).toBe(
      'Ann Example <ann@example.test>',
    );
    expect(query('[data-testid="compose-quote"]').textContent).toContain(
      'Shall we meet on Friday?',
    );
    // The same draft, not a second one: its Message-ID stays.
    expect(await mailDb.drafts.count()).toBe(1);
  });

  it('blocks Send when a template variable has no value, and queues with a fallback', async () => {
    const mailDb = freshDb();
    db = mailDb;
    const strict = await saveTemplate(mailDb, {
      name: 'Strict',
      scope: 'mine',
      subject: 'Hello {contact.first_name}',
      bodyHtml: '<p>Hi {contact.first_name},</p>',
    });
    const lenient = await saveTemplate(mailDb, {
      name: 'Lenient',
      scope: 'mine',
      subject: 'Hello {contact.first_name|there}',
      bodyHtml: '<p>Hi {contact.first_name|there},</p>',
    });
    renderCompose(mailDb, new FakeApi());
    useCompose.getState().openCompose({ kind: 'new' });
    await expect.poll(() => host?.querySelector('[data-testid="compose-to"]')).not.toBeNull();
    await expect
      .poll(() => host?.querySelectorAll('[data-testid="compose-template"] option').length)
      .toBe(3);

    setValue(query<HTMLInputElement>('[data-testid="compose-to"]'), 'ben@y.io');
    setValue(query<HTMLSelectElement>('[data-testid="compose-template"]'), strict.id);
    await expect
      .poll(() => query<HTMLInputElement>('[data-testid="compose-subject"]').value)
      .toBe('Hello {contact.first_name}');
    query<HTMLButtonElement>('[data-testid="compose-send"]').click();
    await expect.poll(() => host?.querySelector('.compose-footer [role="alert"]')).not.toBeNull();
    const alert = query('.compose-footer [role="alert"]').textContent ?? '';
    expect(alert).toContain('ben@y.io');
    expect(alert).toContain('contact.first_name');
    expect(await mailDb.outbox.count()).toBe(0);

    setValue(query<HTMLSelectElement>('[data-testid="compose-template"]'), lenient.id);
    query<HTMLButtonElement>('[data-testid="compose-send"]').click();
    await expect.poll(() => mailDb.outbox.count()).toBe(1);
    const [item] = await mailDb.outbox.toArray();
    expect(item?.message.subject).toBe('Hello there');
    expect(item?.message.to).toEqual([{ name: '', address: 'ben@y.io' }]);
    expect(item?.message.html).toContain('Hi there,');
    expect(item?.message.text).toContain('Hi there,');
    expect(item?.message.from).toEqual({ name: 'Me Myself', address: 'me@example.test' });
    expect(item?.templateId).toBe(lenient.id);
    await expect.poll(() => useCompose.getState().request).toBeUndefined();
    await expect.poll(() => mailDb.drafts.count()).toBe(0);
  });

  it('sends one message per To recipient when the template uses contact variables', async () => {
    const mailDb = freshDb();
    db = mailDb;
    const template = await saveTemplate(mailDb, {
      name: 'Hi',
      scope: 'mine',
      subject: 'For {contact.first_name|you}',
      bodyHtml: '<p>Dear {contact.full_name|friend}</p>',
    });
    renderCompose(mailDb, new FakeApi());
    useCompose.getState().openCompose({ kind: 'new' });
    await expect
      .poll(() => host?.querySelectorAll('[data-testid="compose-template"] option').length)
      .toBe(2);
    setValue(
      query<HTMLInputElement>('[data-testid="compose-to"]'),
      'Anna Berg <anna@x.io>, carl@x.io',
    );
    setValue(query<HTMLSelectElement>('[data-testid="compose-template"]'), template.id);
    await expect.poll(() => host?.textContent).toContain('2 separate messages are sent');
    query<HTMLButtonElement>('[data-testid="compose-send"]').click();
    await expect.poll(() => mailDb.outbox.count()).toBe(2);
    const items = await mailDb.outbox.toArray();
    const subjects = items.map((i) => i.message.subject).sort();
    expect(subjects).toEqual(['For Anna', 'For you']);
    expect(new Set(items.map((i) => i.messageId)).size).toBe(2);
  });
});
