/**
 * The renderer takes the bridge token out of the page URL at once and keeps it for reloads.
 */
import { describe, expect, it } from 'vitest';
import { takeBridgeToken, type TokenSources } from '../../../src/renderer/api/bridge-token';

function sources(hash: string, stored: Record<string, string> = {}) {
  const replaced: string[] = [];
  const storage = new Map(Object.entries(stored));
  const value: TokenSources = {
    location: { hash, pathname: '/', search: '' },
    history: {
      state: null,
      replaceState: (_state, _title, url) => void replaced.push(String(url)),
    },
    storage: {
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, item) => void storage.set(key, item),
    },
  };
  return { value, replaced, storage };
}

describe('takeBridgeToken', () => {
  it('reads the token from the fragment and removes it from the visible URL', () => {
    const { value, replaced, storage } = sources('#token=abc_DEF-1');
    expect(takeBridgeToken(value)).toBe('abc_DEF-1');
    expect(replaced).toEqual(['/']);
    expect([...storage.values()]).toEqual(['abc_DEF-1']);
  });

  it('keeps other fragment parameters', () => {
    const { value, replaced } = sources('#token=t1&view=inbox');
    expect(takeBridgeToken(value)).toBe('t1');
    expect(replaced).toEqual(['/#view=inbox']);
  });

  it('falls back to the token kept for this tab after a reload', () => {
    const { value, replaced } = sources('', { 'mailcrm.bridgeToken': 'kept' });
    expect(takeBridgeToken(value)).toBe('kept');
    expect(replaced).toEqual([]);
  });

  it('returns null without any token', () => {
    expect(takeBridgeToken(sources('').value)).toBeNull();
  });
});
