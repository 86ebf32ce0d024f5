/**
 * Storage for the rig's authorization server: plain Maps for one test run. oidc-provider's own
 * quick-start adapter keeps at most 1000 entries (an LRU), so a long run could lose a grant a
 * test still uses; this one keeps everything until it expires or is revoked.
 */

/** What oidc-provider stores (only the fields the indexes need are named). */
interface Payload {
  readonly grantId?: string;
  readonly uid?: string;
  readonly userCode?: string;
  consumed?: number;
  readonly [field: string]: unknown;
}

interface Entry {
  readonly payload: Payload;
  /** Epoch ms; undefined for entries without an expiry. */
  readonly expiresAt?: number;
}

/** The adapter interface oidc-provider calls, one instance per model name. */
export interface OidcAdapter {
  upsert(id: string, payload: Payload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<Payload | undefined>;
  findByUid(uid: string): Promise<Payload | undefined>;
  findByUserCode(userCode: string): Promise<Payload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

/** A fresh store; pass the returned class as the provider's `adapter`. */
export function createMemoryAdapter(): new (model: string) => OidcAdapter {
  const entries = new Map<string, Entry>();
  const byGrant = new Map<string, Set<string>>();
  const byUid = new Map<string, string>();
  const byUserCode = new Map<string, string>();

  function live(key: string): Payload | undefined {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  return class MemoryAdapter implements OidcAdapter {
    constructor(private readonly model: string) {}

    private key(id: string): string {
      return `${this.model}:${id}`;
    }

    upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      const key = this.key(id);
      entries.set(key, {
        payload,
        ...(expiresIn === undefined ? {} : { expiresAt: Date.now() + expiresIn * 1000 }),
      });
      if (payload.grantId !== undefined) {
        const members = byGrant.get(payload.grantId) ?? new Set<string>();
        members.add(key);
        byGrant.set(payload.grantId, members);
      }
      if (payload.uid !== undefined) byUid.set(payload.uid, id);
      if (payload.userCode !== undefined) byUserCode.set(payload.userCode, id);
      return Promise.resolve();
    }

    find(id: string): Promise<Payload | undefined> {
      return Promise.resolve(live(this.key(id)));
    }

    findByUid(uid: string): Promise<Payload | undefined> {
      const id = byUid.get(uid);
      return Promise.resolve(id === undefined ? undefined : live(this.key(id)));
    }

    findByUserCode(userCode: string): Promise<Payload | undefined> {
      const id = byUserCode.get(userCode);
      return Promise.resolve(id === undefined ? undefined : live(this.key(id)));
    }

    consume(id: string): Promise<void> {
      const payload = live(this.key(id));
      if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
      return Promise.resolve();
    }

    destroy(id: string): Promise<void> {
      entries.delete(this.key(id));
      return Promise.resolve();
    }

    revokeByGrantId(grantId: string): Promise<void> {
      for (const key of byGrant.get(grantId) ?? []) entries.delete(key);
      byGrant.delete(grantId);
      return Promise.resolve();
    }
  };
}
