/**
 * `api`: the renderer's one entry to the app contract. In Electron it wraps `window.mailcrm`
 * (the preload); in a browser it connects to the browser bridge's WebSocket with the token from
 * the page URL. Either way failures reject with an AppFailure whose `error.code` is one of ours.
 */
import { AppFailure, appError, type AppError } from '../../shared/errors';
import type { AppContract } from '../../shared/contract';
import type { Client } from '../../shared/ipc/define';
import { clientFromBridge } from '../../shared/ipc/result-bridge';
import { browserSocket } from './browser-socket';
import { sessionStorageOrNull, takeBridgeToken } from './bridge-token';
import { connectSocketClient, type BridgeStatus } from './socket-client';

/** The connection behind `api`, for a status banner. */
export interface ApiConnection {
  status(): BridgeStatus;
  onStatus(listener: (status: BridgeStatus) => void): () => void;
}

const NO_TOKEN: AppError = appError(
  'CONNECTION_REFUSED',
  'This page was opened without its access token. Open the link that `npm run web` printed (it ends with #token=…).',
  { retryable: false },
);

/** A client whose every call fails with `error` (nothing to connect to). */
function failingClient(error: AppError): Client<AppContract> {
  return {
    call: () => Promise.reject(new AppFailure(error)),
    on: () => () => undefined,
    stream: () => Promise.reject(new AppFailure(error)),
  };
}

function always(status: BridgeStatus): ApiConnection {
  return { status: () => status, onStatus: () => () => undefined };
}

function create(): { api: Client<AppContract>; connection: ApiConnection } {
  const bridge = window.mailcrm;
  if (bridge !== undefined)
    return { api: clientFromBridge(bridge), connection: always({ state: 'open' }) };

  const token = takeBridgeToken({
    location: window.location,
    history: window.history,
    storage: sessionStorageOrNull(),
  });
  if (token === null) {
    return {
      api: failingClient(NO_TOKEN),
      connection: always({ state: 'failed', error: NO_TOKEN }),
    };
  }
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${scheme}//${window.location.host}/ipc?token=${encodeURIComponent(token)}`;
  const client = connectSocketClient<AppContract>({ url, createSocket: browserSocket });
  return { api: client, connection: client };
}

const created = create();

/** The app contract's client. */
export const api: Client<AppContract> = created.api;

/** The state of the connection behind {@link api}. */
export const apiConnection: ApiConnection = created.connection;
