/**
 * The one IPC contract: every call, event and stream between main and the renderer, declared
 * once. The Electron binding, the preload bridge, the browser bridge, the in-memory transport
 * and the renderer client are all typed from this object; no channel name is written elsewhere.
 */
import { z } from 'zod';
import {
  accountDraftSchema,
  credentialsSchema,
  type AccountView,
  type ConnectionTestResult,
  type DetectionResult,
} from './account';
import { call, event, type ContractShape } from './ipc/define';

const accountId = z.object({ id: z.string().min(1).max(100) });

/** Facts about the running app the UI needs at start. */
export interface AppInfo {
  readonly version: string;
  /** 'electron' in the desktop app, 'web' through the browser bridge. */
  readonly runtime: 'electron' | 'web';
  /** Whether the OS keychain can be reached; without it passwords cannot be saved. */
  readonly secretStore: { readonly available: boolean; readonly message?: string };
}

export const contract = {
  calls: {
    'app.info': call<AppInfo>()(z.object({})),
    /** Opens an http(s) URL in the system browser after main has parsed and checked it. */
    'app.openExternal': call<void>()(z.object({ url: z.string().max(4096) })),

    'accounts.list': call<readonly AccountView[]>()(z.object({})),
    /** Suggests server settings for an address: preset, then MX, then SRV, then a probed guess. */
    'accounts.detect': call<DetectionResult>()(
      z.object({ address: z.string().trim().max(320).email('Enter a valid email address') }),
    ),
    /**
     * Checks IMAP and SMTP separately without sending mail. With `accountId` and no password,
     * the stored secret is used.
     */
    'accounts.testConnection': call<ConnectionTestResult>()(
      z.object({
        draft: accountDraftSchema,
        credentials: credentialsSchema,
        accountId: z.string().max(100).optional(),
      }),
    ),
    /** Saves a new account; without a password it is "awaiting password". */
    'accounts.create': call<AccountView>()(
      z.object({ draft: accountDraftSchema, credentials: credentialsSchema }),
    ),
    /** Replaces an account's settings; passwords given replace the stored ones. */
    'accounts.update': call<AccountView>()(
      accountId.extend({ draft: accountDraftSchema, credentials: credentialsSchema }),
    ),
    'accounts.setEnabled': call<AccountView>()(accountId.extend({ enabled: z.boolean() })),
    /** Creates a copy with the same settings and no password ("awaiting password"). */
    'accounts.duplicate': call<AccountView>()(accountId),
    /** Deletes the account and its secrets. */
    'accounts.remove': call<void>()(accountId),
  },
  events: {
    /** The full account list after any change. */
    'accounts.changed': event<readonly AccountView[]>(),
  },
  streams: {},
} as const satisfies ContractShape;

/** The app's contract type. */
export type AppContract = typeof contract;
