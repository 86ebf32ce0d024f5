/**
 * Carries the wire protocol over Electron IPC: one `ipcMain.handle` channel per client message
 * kind (call, stream-open, stream-ack, stream-cancel); results return from the invoke, stream
 * items and events go out with webContents.send on their own channels. Every message is
 * checked to come from the main frame of an app window showing our page before it is parsed,
 * so an iframe or a navigated page cannot reach the contract.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { AppContract } from '../shared/contract';
import type { Dispatcher } from '../shared/ipc/dispatcher';
import type { EventHub } from '../shared/ipc/event-hub';
import { openServerConnection, type ServerConnection } from '../shared/ipc/server-connection';
import {
  wireChannel,
  type ClientMessage,
  type ServerMessage,
  type WireKind,
} from '../shared/ipc/wire';
import { asClientMessage } from '../shared/ipc/wire-guard';
import type { Logger } from './core/ports';
import { isTrustedSender } from './sender-check';

/** Options of {@link createIpcBinding}. */
export interface IpcBindingOptions {
  readonly dispatcher: Dispatcher;
  readonly hub: EventHub<AppContract>;
  /** True when a URL is our own page (file:// of out/renderer, or the dev server). */
  readonly isAppUrl: (url: string) => boolean;
  readonly logger: Logger;
}

/** The IPC side of the app. */
export interface IpcBinding {
  /** Serves `window` until it closes. */
  attach(window: BrowserWindow): void;
  /** Removes the channels (on quit). */
  dispose(): void;
}

const CLIENT_KINDS = [
  'call',
  'stream-open',
  'stream-ack',
  'stream-cancel',
] as const satisfies readonly ClientMessage['kind'][];

/** Registers the channels; windows are attached as they are created. */
export function createIpcBinding(options: IpcBindingOptions): IpcBinding {
  const { dispatcher, hub, isAppUrl, logger } = options;
  /** One connection per attached window's web contents, keyed by its id. */
  const connections = new Map<number, { contents: WebContents; connection: ServerConnection }>();

  function post(contents: WebContents, message: ServerMessage): void {
    // A window closing mid-call: nobody is left to receive.
    if (contents.isDestroyed()) return;
    contents.send(wireChannel(message.kind), message);
  }

  function open(contents: WebContents): ServerConnection {
    return openServerConnection(dispatcher, {
      transport: 'electron',
      sendItem: (message) => post(contents, message),
    });
  }

  /** The connection of a trusted sender, or null (logged) for anyone else. */
  function connectionFor(event: IpcMainInvokeEvent): ServerConnection | null {
    const entry = connections.get(event.sender.id);
    const frame = event.senderFrame;
    const facts = {
      attached: entry !== undefined,
      frame,
      mainFrameToken: event.sender.mainFrame.frameToken,
    };
    if (entry === undefined || !isTrustedSender(facts, isAppUrl)) {
      logger.warn('ipc: refused a message from an unknown frame', {
        contents: event.sender.id,
        mainFrame: frame?.parent === null,
      });
      return null;
    }
    return entry.connection;
  }

  function handle(kind: WireKind & ClientMessage['kind']) {
    return async (event: IpcMainInvokeEvent, raw: unknown): Promise<ServerMessage | undefined> => {
      const connection = connectionFor(event);
      // An Error (not data): the sender is not our page, so it learns nothing but "refused".
      if (connection === null) throw new Error('Refused');
      const message = asClientMessage(raw);
      if (message === null || message.kind !== kind) throw new Error('Not a protocol message');
      return connection.handle(message);
    };
  }

  for (const kind of CLIENT_KINDS) ipcMain.handle(wireChannel(kind), handle(kind));

  const unsubscribe = hub.subscribe((message) => {
    for (const { contents } of connections.values()) post(contents, message);
  });

  return {
    attach(window) {
      const contents = window.webContents;
      const id = contents.id;
      connections.set(id, { contents, connection: open(contents) });
      // A reload or a crashed renderer starts a new page: what the old one had open ends there.
      const restart = (): void => {
        const entry = connections.get(id);
        if (entry === undefined) return;
        entry.connection.close();
        connections.set(id, { contents, connection: open(contents) });
      };
      contents.on('did-navigate', restart);
      contents.on('render-process-gone', restart);
      contents.once('destroyed', () => {
        connections.get(id)?.connection.close();
        connections.delete(id);
      });
    },
    dispose() {
      unsubscribe();
      for (const kind of CLIENT_KINDS) ipcMain.removeHandler(wireChannel(kind));
      for (const { connection } of connections.values()) connection.close();
      connections.clear();
    },
  };
}
