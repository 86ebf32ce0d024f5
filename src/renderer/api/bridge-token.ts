/**
 * The browser bridge's per-run token: printed by `npm run web` in the page URL's fragment
 * (`#token=…`, which never reaches HTTP logs or a Referer). It is taken out of the visible URL
 * at once, so it is not shared by copying the address bar, and kept in sessionStorage so a
 * reload of this tab still connects.
 */

const STORAGE_KEY = 'mailcrm.bridgeToken';

/** The parts of `window` this module uses, so tests can pass their own. */
export interface TokenSources {
  readonly location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  readonly history: Pick<History, 'replaceState' | 'state'>;
  readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null;
}

/** Reads the token from the fragment (then removes it) or from this tab's storage. */
export function takeBridgeToken(sources: TokenSources): string | null {
  const fragment = new URLSearchParams(sources.location.hash.replace(/^#/, ''));
  const fromUrl = fragment.get('token');
  if (fromUrl !== null && fromUrl !== '') {
    fragment.delete('token');
    const rest = fragment.toString();
    sources.history.replaceState(
      sources.history.state,
      '',
      `${sources.location.pathname}${sources.location.search}${rest === '' ? '' : `#${rest}`}`,
    );
    sources.storage?.setItem(STORAGE_KEY, fromUrl);
    return fromUrl;
  }
  return sources.storage?.getItem(STORAGE_KEY) ?? null;
}

/** This tab's sessionStorage, or null where the browser refuses it (e.g. storage disabled). */
export function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch (error) {
    console.warn(
      'mailcrm: sessionStorage is unavailable; a reload will need the link again',
      error,
    );
    return null;
  }
}
