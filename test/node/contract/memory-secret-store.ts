/**
 * A SecretStore on a Map, for the contract tests only: they check the transports, not the
 * keychain (which has its own tests against gnome-keyring in test/node/secrets).
 */
import type { SecretStore } from '../../../src/main/core/ports';

export class MemorySecretStore implements SecretStore {
  readonly entries = new Map<string, string>();

  get(account: string): Promise<string | null> {
    return Promise.resolve(this.entries.get(account) ?? null);
  }

  set(account: string, secret: string): Promise<void> {
    this.entries.set(account, secret);
    return Promise.resolve();
  }

  delete(account: string): Promise<boolean> {
    return Promise.resolve(this.entries.delete(account));
  }

  probe(): Promise<{ available: boolean; message?: string }> {
    return Promise.resolve({ available: true });
  }
}
