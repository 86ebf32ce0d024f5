/** The keytar store on the real test keyring (run under test/servers/with-keyring.sh). */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeytarSecretStore } from '../../../src/main/core/adapters/keytar-secret-store';
import { keytar } from '../accounts/core-deps';

const service = `mailcrm-test-${randomUUID()}`;

describe('createKeytarSecretStore on the test keyring', () => {
  it('is available', async () => {
    expect(
      await createKeytarSecretStore(service).probe(),
      'run under test/servers/with-keyring.sh',
    ).toEqual({
      available: true,
    });
  });

  it('stores, reads, replaces and deletes a secret in the keychain itself', async () => {
    const store = createKeytarSecretStore(service);
    expect(await store.get('acc-1:imap')).toBeNull();
    await store.set('acc-1:imap', 'pä55 wörd');
    expect(await keytar.getPassword(service, 'acc-1:imap')).toBe('pä55 wörd');
    expect(await store.get('acc-1:imap')).toBe('pä55 wörd');
    await store.set('acc-1:imap', 'second');
    expect(await keytar.getPassword(service, 'acc-1:imap')).toBe('second');
    expect(await store.delete('acc-1:imap')).toBe(true);
    expect(await store.delete('acc-1:imap')).toBe(false);
    expect(await keytar.getPassword(service, 'acc-1:imap')).toBeNull();
  });

  it('keeps services apart', async () => {
    const other = `mailcrm-test-${randomUUID()}`;
    await createKeytarSecretStore(service).set('shared-name', 'one');
    expect(await createKeytarSecretStore(other).get('shared-name')).toBeNull();
    await createKeytarSecretStore(service).delete('shared-name');
  });

  it('refuses an empty password rather than storing one', async () => {
    await expect(createKeytarSecretStore(service).set('acc-2:imap', '')).rejects.toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });
  });
});
