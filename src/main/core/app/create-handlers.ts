/**
 * The main-side implementation of every call in the contract. The Electron main process, the
 * browser bridge and tests all serve this one object, each over its own transport (which
 * validates inputs against the contract's schemas before calling in).
 */
import type { AppContract } from '../../../shared/contract';
import { fail } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc/define';
import { openAttachment } from '../mime/open-attachment';
import type { CoreDeps } from '../ports';
import { createCoreServices, type HandlerServices } from './create-services';

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
 * Builds the handlers over the core ports. Services given are shared (a composition root passes
 * its createCoreServices() and closes them on exit, so no IMAP or SMTP connection outlives the
 * app); the missing ones are built here over the same ports (tests).
 */
export function createHandlers(
  deps: CoreDeps,
  given: Partial<HandlerServices> = {},
): Handlers<AppContract> {
  const { accounts, sync, send, signIn } = createCoreServices(deps, {}, given);
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
    'accounts.update': async ({ id, draft, credentials }) => {
      const updated = await accounts.update(id, draft, credentials);
      // A new password may end a refused login: push tries again at once.
      sync.reconnect(id);
      return updated;
    },
    'accounts.setEnabled': ({ id, enabled }) => accounts.setEnabled(id, enabled),
    'accounts.duplicate': ({ id }) => accounts.duplicate(id),
    'accounts.remove': async ({ id }) => {
      const account = (await accounts.list()).find((candidate) => candidate.id === id);
      // An OAuth grant ends at the provider too; a failed revocation is logged and reported by
      // the token manager, and must not keep the user from removing the account.
      if (account?.auth === 'oauth') await signIn.signOut(id);
      await accounts.remove(id);
    },
    'accounts.signIn': async ({ id }) => {
      await signIn.signIn(id);
      // Push stopped at the refused (or missing) token; it connects with the new one now.
      sync.reconnect(id);
      const account = (await accounts.list()).find((candidate) => candidate.id === id);
      return (
        account ?? fail('NOT_FOUND', 'This account no longer exists. Reload the account list.')
      );
    },
    'accounts.signOut': ({ id }) => signIn.signOut(id),

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
    'messages.openAttachment': ({ ref, partId }) =>
      openAttachment((dir) => sync.saveAttachment(ref, partId, dir), deps.files),
    'messages.inlinePart': ({ ref, partId }) => sync.inlinePart(ref, partId),
    'sync.folder': ({ accountId, folder, checkpoint }, sink, context) =>
      sync.syncFolder({ accountId, folder, checkpoint }, sink, context.signal),

    'outbox.send': ({ message }) => send.send(message),
    'outbox.locate': ({ accountId, messageId }) => send.locate(accountId, messageId),
    'outbox.fileSent': async ({ message }) => ({ sentCopy: await send.fileSent(message) }),
    'drafts.save': ({ message, replaces }) => send.saveDraft(message, replaces),
    'drafts.remove': (ref) => send.removeDraft(ref),
    'attachments.begin': ({ filename, contentType, size }) =>
      send.staging.begin(filename, contentType, size),
    'attachments.append': ({ token, offset, base64 }) => send.staging.append(token, offset, base64),
    'attachments.finish': ({ token }) => send.staging.finish(token),
    'attachments.discard': ({ token }) => send.staging.discard(token),
  };
}
