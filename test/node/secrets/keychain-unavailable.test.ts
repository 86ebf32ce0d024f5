/**
 * No keychain: keytar pointed at a D-Bus socket that does not exist. vitest runs each test file
 * in its own process (pool 'forks'), and keytar connects on first use, so setting the address
 * before any keychain call gives this file a keychain-less session. If keytar had connected
 * already, the first test below would fail, never pass wrongly.
 */
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createAccountService } from '../../../src/main/core/accounts/account-service';
import { createKeytarSecretStore } from '../../../src/main/core/adapters/keytar-secret-store';
import { createHandlers } from '../../../src/main/core/app/create-handlers';
import { AppFailure } from '../../../src/shared/errors';
import { createTestCore, firstUser, rigDraft } from '../accounts/core-deps';

const rig = inject('rig');

beforeAll(() => {
  process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/mailcrm-test-bus';
});

/** Every file below `dir`, recursively, as text. */
async function allText(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const texts = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => readFile(join(entry.parentPath, entry.name), 'utf8')),
  );
  return texts.join('\n');
}

describe('without a keychain', () => {
  it('fails every call with SECRET_STORE_UNAVAILABLE and a hint', async () => {
    const store = createKeytarSecretStore(`mailcrm-test-unavailable`);
    const error = await store.get('x:imap').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppFailure);
    expect((error as AppFailure).error).toMatchObject({
      code: 'SECRET_STORE_UNAVAILABLE',
      retryable: true,
    });
    expect((error as AppFailure).error.message).toMatch(/^The system keychain is not available: /);
    expect((error as AppFailure).error.hint).toMatch(
      /unlock your keyring.*never stored in plain files/,
    );
    await expect(store.set('x:imap', 'secret')).rejects.toMatchObject({
      error: { code: 'SECRET_STORE_UNAVAILABLE' },
    });
    await expect(store.delete('x:imap')).rejects.toMatchObject({
      error: { code: 'SECRET_STORE_UNAVAILABLE' },
    });
    const probe = await store.probe();
    expect(probe.available).toBe(false);
    expect(probe.message).toMatch(/keychain is not available/);
  });

  it('saves the account awaiting password, says why, and writes the password nowhere', async () => {
    const core = await createTestCore(rig);
    const service = createAccountService(core.deps);
    const anna = firstUser(rig);
    const password = `unstorable-${Date.now()}`;

    const created = await service.create(rigDraft(rig, anna), { password });
    expect(created).toMatchObject({
      status: 'awaiting-password',
      awaitingPassword: true,
      lastError: { code: 'SECRET_STORE_UNAVAILABLE' },
    });
    expect((await service.list())[0]).toMatchObject({
      id: created.id,
      status: 'awaiting-password',
    });

    // A later update with the password while the keychain is still gone: same answer.
    const updated = await service.update(created.id, rigDraft(rig, anna), { password });
    expect(updated).toMatchObject({
      status: 'awaiting-password',
      lastError: { code: 'SECRET_STORE_UNAVAILABLE' },
    });

    const files = await allText(core.settingsDir);
    expect(files).toContain(created.id);
    expect(files).not.toContain(password);
    // No fallback file anywhere in the (throw-away) home that with-keyring.sh sets up either.
    const home = process.env.HOME;
    if (home !== undefined && home.startsWith(tmpdir()))
      expect(await allText(home)).not.toContain(password);
    expect(JSON.stringify(core.logs)).not.toContain(password);

    const info = await createHandlers(core.deps)['app.info'](
      {},
      { transport: 'memory', signal: { aborted: false } },
    );
    expect(info.secretStore.available).toBe(false);

    // Nothing was stored, so the account can still be removed.
    await service.remove(created.id);
    expect(await service.list()).toEqual([]);
  });

  it('refuses to remove an account whose password it cannot delete', async () => {
    const core = await createTestCore(rig);
    const anna = firstUser(rig);
    // An account saved earlier, when the keychain worked.
    core.deps.settings.set('accounts', [
      {
        ...rigDraft(rig, anna),
        id: 'stored-earlier',
        createdAt: new Date().toISOString(),
        awaitingPassword: false,
        keychain: { imap: true, smtp: false },
      },
    ]);
    const service = createAccountService(core.deps);
    await expect(service.remove('stored-earlier')).rejects.toMatchObject({
      error: { code: 'SECRET_STORE_UNAVAILABLE' },
    });
    expect((await service.list()).map((account) => account.id)).toEqual(['stored-earlier']);
  });
});
