/**
 * A transport double for the app contract: it answers calls from per-test handlers, emits
 * events on demand and feeds 'sync.folder' streams with real SyncBatch data. Like the real
 * client it acknowledges an item only after onItem resolved, and it sends items through JSON as
 * the wire does. Everything behind it (Dexie, IndexedDB) is real.
 */
import type { AppContract } from '../../../src/shared/contract';
import { AppFailure, appError } from '../../../src/shared/errors';
import type {
  CallInput,
  CallOutput,
  Client,
  EventPayload,
  StreamDone,
  StreamInput,
  StreamItem,
} from '../../../src/shared/ipc/define';
import type { FolderSyncSummary, SyncBatch } from '../../../src/shared/sync';

type CallName = keyof AppContract['calls'];
type EventName = keyof AppContract['events'];

/** Handlers for the calls a test needs; any other call fails with UNKNOWN_CALL. */
export type CallHandlers = {
  [K in CallName]?: (input: CallInput<AppContract, K>) => Promise<CallOutput<AppContract, K>>;
};

/** Plays one folder sync: `send` resolves once the renderer stored (acknowledged) the batch. */
export type FolderStream = (
  input: StreamInput<AppContract, 'sync.folder'>,
  send: (batch: SyncBatch) => Promise<void>,
) => Promise<FolderSyncSummary>;

/** The double; `acked` and `calls` let tests see what crossed. */
export class FakeApi implements Client<AppContract> {
  readonly calls: { readonly name: string; readonly input: unknown }[] = [];
  readonly acked: SyncBatch[] = [];
  readonly streamsOpened: StreamInput<AppContract, 'sync.folder'>[] = [];
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  constructor(
    public handlers: CallHandlers = {},
    public folderStream: FolderStream = () => Promise.reject(new Error('no stream handler')),
  ) {}

  call<K extends CallName>(
    name: K,
    input: CallInput<AppContract, K>,
  ): Promise<CallOutput<AppContract, K>> {
    this.calls.push({ name, input });
    const handler = this.handlers[name];
    if (handler === undefined) {
      return Promise.reject(new AppFailure(appError('UNKNOWN_CALL', `No fake for ${name}`)));
    }
    return handler(input);
  }

  on<K extends EventName>(
    name: K,
    listener: (payload: EventPayload<AppContract, K>) => void,
  ): () => void {
    const set = this.listeners.get(name) ?? new Set();
    const wrapped = (payload: unknown) => listener(payload as EventPayload<AppContract, K>);
    set.add(wrapped);
    this.listeners.set(name, set);
    return () => set.delete(wrapped);
  }

  emit<K extends EventName>(name: K, payload: EventPayload<AppContract, K>): void {
    for (const listener of this.listeners.get(name) ?? []) listener(payload);
  }

  async stream<K extends keyof AppContract['streams']>(
    _name: K,
    input: StreamInput<AppContract, K>,
    onItem: (item: StreamItem<AppContract, K>) => Promise<void> | void,
  ): Promise<StreamDone<AppContract, K>> {
    // The contract has one stream, 'sync.folder'; the casts below name its types.
    this.streamsOpened.push(input);
    const summary = await this.folderStream(input, async (batch) => {
      const overTheWire = JSON.parse(JSON.stringify(batch)) as StreamItem<AppContract, K>;
      await onItem(overTheWire);
      this.acked.push(batch);
    });
    return summary as StreamDone<AppContract, K>;
  }
}
