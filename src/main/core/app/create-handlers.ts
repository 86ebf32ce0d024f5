/**
 * The main-side implementation of every call in the contract. The Electron main process, the
 * browser bridge and tests all serve this one object, each over its own transport (which
 * validates inputs against the contract's schemas before calling in).
 */
import type { AppContract } from '../../../shared/contract';
import { fail } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc/define';
import { createAccountService, type AccountService } from '../accounts/account-service';
import type { CoreDeps } from '../ports';
import { createSyncService, type SyncService } from '../sync/sync-service';

/** Only web pages leave the app: file:, javascript:, custom schemes could run or open anything. */
const EXTERNAL_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

/**
 * Parses and checks a URL before it goes to the system browser; returns the normalised href.
 * Throws INVALID_INPUT for anything but an absolute http(s) URL.
 */
export function checkExternalUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('INVALID_INPUT', 'This link is not a valid web address, so it was not opened.');
  }
  if (!EXTERNAL_PROTOCOLS.has(url.protocol)) {
    fail(
      'INVALID_INPUT',
      `Only web links (http, https) can be opened; this one is ${url.protocol} and was not opened.`,
    );
  }
  return url.href;
}

/**
 * Builds the handlers over the core ports. `accounts` and `sync` may be passed to share one
 * service; a composition root that passes its own `sync` calls `sync.close()` on exit, so no
 * IMAP connection outlives the app.
 */
export function createHandlers(
  deps: CoreDeps,
  accounts: AccountService = createAccountService(deps),
  sync: SyncService = createSyncService(deps, accounts),
): Handlers<AppContract> {
  return {
    'app.info': async () => ({
      version: deps.appVersion,
      runtime: deps.runtime,
      secretStore: await deps.secrets.probe(),
    }),
    'app.openExternal': async ({ url }) => {
      await deps.browser.open(checkExternalUrl(url));
    },
    'accounts.list': () => accounts.list(),
    'accounts.detect': ({ address }) => accounts.detect(address),
    'accounts.testConnection': ({ draft, credentials, accountId }) =>
      accounts.testConnection(draft, credentials, accountId),
    'accounts.create': ({ draft, credentials }) => accounts.create(draft, credentials),
    'accounts.update': ({ id, draft, credentials }) => accounts.update(id, draft, credentials),
    'accounts.setEnabled': ({ id, enabled }) => accounts.setEnabled(id, enabled),
    'accounts.duplicate': ({ id }) => accounts.duplicate(id),
    'accounts.remove': ({ id }) => accounts.remove(id),

    'sync.folders': ({ accountId }) => sync.folders(accountId),
    'sync.selectFolders': ({ accountId, folders }) => sync.selectFolders(accountId, folders),
    'sync.watch': ({ accountId }) => sync.watch(accountId),
    'sync.unwatch': ({ accountId }) => sync.unwatch(accountId),
    'sync.drift': ({ accountId, folder, sampleMessageIds }) =>
      sync.drift(accountId, folder, sampleMessageIds),
    'messages.body': (ref) => sync.body(ref),
    'messages.apply': ({ ref, action }) => sync.apply(ref, action),
    'messages.search': ({ accountId, folder, criteria }) =>
      sync.search(accountId, folder, criteria),
    'messages.saveAttachment': ({ ref, partId }) => sync.saveAttachment(ref, partId),
    'messages.inlinePart': ({ ref, partId }) => sync.inlinePart(ref, partId),
    'sync.folder': ({ accountId, folder, checkpoint }, sink, context) =>
      sync.syncFolder({ accountId, folder, checkpoint }, sink, context.signal),
  };
}
