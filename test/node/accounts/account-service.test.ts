/**
 * The accounts service against the real parts: Dovecot and SMTP from the rig for Test
 * Connection, the test keyring through keytar, and a conf settings file on disk.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createAccountService } from '../../../src/main/core/accounts/account-service';
import { AppFailure } from '../../../src/shared/errors';
import { createTestCore, firstUser, keytar, rigDraft } from './core-deps';

const rig = inject('rig');
const anna = firstUser(rig);

async function setup() {
  const core = await createTestCore(rig);
  return { core, service: createAccountService(core.deps) };
}

beforeAll(async () => {
  const { core } = await setup();
  const probe = await core.deps.secrets.probe();
  expect(probe, 'run these tests under test/servers/with-keyring.sh').toEqual({ available: true });
});

describe('create', () => {
  it('shows an account active after a successful test; the password is only in the keychain', async () => {
    const { core, service } = await setup();
    const draft = rigDraft(rig, anna);

    const tested = await service.testConnection(draft, { password: anna.password });
    expect(tested.imap.ok).toBe(true);
    expect(tested.smtp.ok).toBe(true);

    const created = await service.create(draft, { password: anna.password });
    expect(created.status).toBe('active');
    expect(created.awaitingPassword).toBe(false);
    expect(created.lastError).toBeUndefined();
    expect(created.lastCheckedAt).toEqual(expect.any(String));
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);

    const list = await service.list();
    expect(list.map((account) => [account.id, account.status])).toEqual([[created.id, 'active']]);

    // The secret is in the keyring, read behind the service's back.
    expect(await keytar.getPassword(core.service, `${created.id}:imap`)).toBe(anna.password);
    expect(await keytar.getPassword(core.service, `${created.id}:smtp`)).toBeNull();

    // And nowhere in the settings file or the logs.
    const text = await core.readSettingsText();
    expect(text).toContain(created.id);
    expect(text).toContain(anna.login);
    expect(text).not.toContain(anna.password);
    expect(JSON.stringify(core.logs)).not.toContain(anna.password);

    // Every change announced the whole list.
    const last = core.emitted.at(-1);
    expect(last?.name).toBe('accounts.changed');
    expect(last?.payload.map((account) => account.id)).toEqual([created.id]);
  });

  it('shows the error of a failed test when the account is saved anyway', async () => {
    const { service } = await setup();
    const draft = rigDraft(rig, anna);
    const tested = await service.testConnection(draft, { password: 'not-the-password' });
    expect(tested.imap.error?.code).toBe('AUTH_FAILED');

    const created = await service.create(draft, { password: 'not-the-password' });
    expect(created.status).toBe('error');
    expect(created.lastError?.code).toBe('AUTH_FAILED');

    // A test with the right password no longer matches the saved one: it stays an error.
    await service.testConnection(draft, { password: anna.password });
    expect((await service.list())[0]?.status).toBe('error');
  });

  it('saves an account without a password as awaiting password', async () => {
    const { core, service } = await setup();
    const created = await service.create(rigDraft(rig, anna), {});
    expect(created.status).toBe('awaiting-password');
    expect(created.awaitingPassword).toBe(true);
    expect(created.lastError).toBeUndefined();
    expect(await keytar.getPassword(core.service, `${created.id}:imap`)).toBeNull();
  });

  it('stores a separate SMTP password under :smtp and drops it when SMTP reuses the IMAP login', async () => {
    const { core, service } = await setup();
    const separate = rigDraft(rig, anna, {
      smtp: { ...rigDraft(rig, anna).smtp, sameCredentialsAsImap: false, login: anna.login },
    });
    const created = await service.create(separate, {
      password: anna.password,
      smtpPassword: `${anna.password}`,
    });
    expect(created.status).toBe('active');
    expect(await keytar.getPassword(core.service, `${created.id}:smtp`)).toBe(anna.password);

    const same = await service.update(created.id, rigDraft(rig, anna), {});
    expect(same.status).toBe('active');
    expect(await keytar.getPassword(core.service, `${created.id}:smtp`)).toBeNull();
    expect(await keytar.getPassword(core.service, `${created.id}:imap`)).toBe(anna.password);
  });
});

describe('testConnection with an accountId', () => {
  it('uses the stored password and makes the result the account state', async () => {
    const { core, service } = await setup();
    const draft = rigDraft(rig, anna);
    const created = await service.create(draft, { password: 'stale-password' });
    expect(created.status).toBe('active');

    const failed = await service.testConnection(draft, {}, created.id);
    expect(failed.imap.error?.code).toBe('AUTH_FAILED');
    expect((await service.list())[0]).toMatchObject({
      status: 'error',
      lastError: { code: 'AUTH_FAILED' },
    });

    // The user fixes the password outside the app; a retest with the stored secret clears it.
    await keytar.setPassword(core.service, `${created.id}:imap`, anna.password);
    const passed = await service.testConnection(draft, {}, created.id);
    expect(passed.imap.ok && passed.smtp.ok).toBe(true);
    expect(passed.imap.folders.map((folder) => folder.path)).toContain('INBOX');
    expect((await service.list())[0]?.status).toBe('active');
  });

  it('asks for the password when none is stored', async () => {
    const { service } = await setup();
    const created = await service.create(rigDraft(rig, anna), {});
    const error = await service
      .testConnection(rigDraft(rig, anna), {}, created.id)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppFailure);
    expect((error as AppFailure).error).toMatchObject({ code: 'INVALID_INPUT' });
    expect((error as AppFailure).error.message).toMatch(/Enter the password/);
  });

  it('applies a test with a typed password on the next save', async () => {
    const { service } = await setup();
    const draft = rigDraft(rig, anna);
    const created = await service.create(draft, {});
    await service.testConnection(draft, { password: anna.password }, created.id);
    // Typed, not stored: the account itself is still awaiting its password.
    expect((await service.list())[0]?.status).toBe('awaiting-password');
    const updated = await service.update(created.id, draft, { password: anna.password });
    expect(updated).toMatchObject({ status: 'active', awaitingPassword: false });
    expect(updated.lastCheckedAt).toEqual(expect.any(String));
  });
});

describe('update', () => {
  it('keeps the last error on a rename but drops it when the connection settings change', async () => {
    const { service } = await setup();
    const draft = rigDraft(rig, anna);
    await service.testConnection(draft, { password: 'wrong' });
    const created = await service.create(draft, { password: 'wrong' });
    const renamed = await service.update(created.id, { ...draft, name: 'Renamed' }, {});
    expect(renamed).toMatchObject({ name: 'Renamed', status: 'error' });
    const moved = await service.update(
      created.id,
      { ...draft, imap: { ...draft.imap, port: rig.imap.starttlsPort, security: 'starttls' } },
      {},
    );
    expect(moved.status).toBe('active');
    expect(moved.lastError).toBeUndefined();
  });

  it('rejects an unknown id with NOT_FOUND', async () => {
    const { service } = await setup();
    await expect(service.update('no-such-id', rigDraft(rig, anna), {})).rejects.toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
  });
});

describe('setEnabled, duplicate, default sender', () => {
  it('disables and enables an account', async () => {
    const { service } = await setup();
    const created = await service.create(rigDraft(rig, anna), { password: anna.password });
    expect(created.isDefaultSender).toBe(true);
    const disabled = await service.setEnabled(created.id, false);
    expect(disabled).toMatchObject({ status: 'disabled', enabled: false, isDefaultSender: false });
    const enabled = await service.setEnabled(created.id, true);
    expect(enabled).toMatchObject({ status: 'active', enabled: true, isDefaultSender: true });
  });

  it('duplicates the settings without secrets, awaiting password, not default', async () => {
    const { core, service } = await setup();
    const original = await service.create(rigDraft(rig, anna, { isDefaultSender: true }), {
      password: anna.password,
    });
    const copy = await service.duplicate(original.id);
    expect(copy.id).not.toBe(original.id);
    expect(copy).toMatchObject({
      name: `${original.name} (copy)`,
      imap: original.imap,
      smtp: original.smtp,
      login: original.login,
      awaitingPassword: true,
      status: 'awaiting-password',
      isDefaultSender: false,
    });
    expect(await keytar.getPassword(core.service, `${copy.id}:imap`)).toBeNull();
    const list = await service.list();
    expect(list.map((account) => account.id)).toEqual([original.id, copy.id]);
    expect(list[0]).toMatchObject({ status: 'active', isDefaultSender: true });
  });

  it('keeps exactly one default sender', async () => {
    const { core, service } = await setup();
    const a = await service.create(rigDraft(rig, anna, { name: 'A' }), { password: anna.password });
    const b = await service.create(rigDraft(rig, anna, { name: 'B', isDefaultSender: true }), {
      password: anna.password,
    });
    const c = await service.create(rigDraft(rig, anna, { name: 'C' }), { password: anna.password });
    const defaults = async () =>
      (await service.list())
        .filter((account) => account.isDefaultSender)
        .map((account) => account.name);

    expect(a.isDefaultSender).toBe(true); // the first enabled account
    expect(await defaults()).toEqual(['B']);
    expect(core.deps.settings.get('defaultSenderId')).toBe(b.id);

    await service.update(
      c.id,
      { ...rigDraft(rig, anna, { name: 'C' }), isDefaultSender: true },
      {},
    );
    expect(await defaults()).toEqual(['C']);

    // Unticking the default hands it to another enabled account, never to none.
    await service.update(c.id, rigDraft(rig, anna, { name: 'C' }), {});
    expect(await defaults()).toEqual(['A']);

    await service.setEnabled(a.id, false);
    expect(await defaults()).toEqual(['B']);
    await service.remove(b.id);
    expect(await defaults()).toEqual(['C']);
    expect(core.deps.settings.get('defaultSenderId')).toBe(c.id);
  });
});

describe('remove', () => {
  it('deletes the settings and both keychain entries', async () => {
    const { core, service } = await setup();
    const separate = rigDraft(rig, anna, {
      smtp: { ...rigDraft(rig, anna).smtp, sameCredentialsAsImap: false, login: anna.login },
    });
    const created = await service.create(separate, {
      password: 'imap-secret-1',
      smtpPassword: 'smtp-secret-2',
    });
    expect(await keytar.getPassword(core.service, `${created.id}:imap`)).toBe('imap-secret-1');
    expect(await keytar.getPassword(core.service, `${created.id}:smtp`)).toBe('smtp-secret-2');

    await service.remove(created.id);
    expect(await keytar.getPassword(core.service, `${created.id}:imap`)).toBeNull();
    expect(await keytar.getPassword(core.service, `${created.id}:smtp`)).toBeNull();
    expect(await service.list()).toEqual([]);
    expect(await core.readSettingsText()).not.toContain(created.id);
    expect(core.emitted.at(-1)?.payload).toEqual([]);
    await expect(service.remove(created.id)).rejects.toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
  });
});

describe('damaged settings', () => {
  it('shows a damaged entry as an error, keeps it on other writes, and lets the user remove it', async () => {
    const { core, service } = await setup();
    core.deps.settings.set('accounts', [
      { id: 'broken-1', name: 'Old account', imap: { port: 'x' } },
    ]);

    const [damaged] = await service.list();
    expect(damaged).toMatchObject({ id: 'broken-1', name: 'Old account', status: 'error' });
    expect(damaged?.lastError?.code).toBe('INTERNAL');
    expect(damaged?.lastError?.message).toMatch(/damaged.*Remove the account/);
    expect(
      core.logs.some((line) => line.level === 'warn' && line.fields?.accountId === 'broken-1'),
    ).toBe(true);

    const created = await service.create(rigDraft(rig, anna), {});
    expect((await service.list()).map((account) => account.id)).toEqual([created.id, 'broken-1']);
    await expect(service.duplicate('broken-1')).rejects.toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });

    await service.remove('broken-1');
    expect((await service.list()).map((account) => account.id)).toEqual([created.id]);
  });
});

describe('concurrency', () => {
  it('keeps both of two simultaneous creates', async () => {
    const { service } = await setup();
    const [a, b] = await Promise.all([
      service.create(rigDraft(rig, anna, { name: 'A' }), { password: anna.password }),
      service.create(rigDraft(rig, anna, { name: 'B' }), { password: anna.password }),
    ]);
    expect((await service.list()).map((account) => account.id).sort()).toEqual([a.id, b.id].sort());
  });
});
