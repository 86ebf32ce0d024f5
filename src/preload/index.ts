/**
 * The preload: exposes exactly the app contract as `window.mailcrm` (call, on, stream) and
 * nothing else — no ipcRenderer, no channel names. Names outside the contract are refused here
 * before anything reaches main, and main checks the sender again. Built as CommonJS for the
 * sandbox with its dependencies bundled in (a sandboxed preload can require only electron).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { contract, type AppContract } from '../shared/contract';
import { contractNames } from '../shared/ipc/contract-names';
import { createRemoteClient } from '../shared/ipc/remote-client';
import { bridgeFromClient } from '../shared/ipc/result-bridge';
import { wireChannel, type ClientMessage } from '../shared/ipc/wire';

/** Server → renderer kinds that arrive by webContents.send rather than as an invoke's reply. */
const PUSHED_KINDS = ['event', 'stream-item'] as const;

const listeners = new Set<(message: unknown) => void>();

function deliver(message: unknown): void {
  for (const listener of [...listeners]) listener(message);
}

for (const kind of PUSHED_KINDS) {
  ipcRenderer.on(wireChannel(kind), (_event: IpcRendererEvent, message: unknown) =>
    deliver(message),
  );
}

const client = createRemoteClient<AppContract>({
  send(message: ClientMessage) {
    ipcRenderer.invoke(wireChannel(message.kind), message).then(
      // A call's or stream's result comes back as the invoke's reply.
      (reply: unknown) => {
        if (reply !== undefined && reply !== null) deliver(reply);
      },
      (error: unknown) => {
        // Main refused the message (it never does for our own page) or the window is closing.
        const text = error instanceof Error ? error.message : String(error);
        client.failPending({
          code: 'CONNECTION_RESET',
          message: `The app's main process refused a request (${text}). Restart mailcrm.`,
          retryable: false,
        });
      },
    );
  },
  onMessage(listener) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
});

contextBridge.exposeInMainWorld('mailcrm', bridgeFromClient(client, contractNames(contract)));
