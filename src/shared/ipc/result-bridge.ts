/**
 * The shape the preload exposes as `window.mailcrm`: the contract with every outcome returned
 * as a Result. contextBridge copies only an Error's message, so failures cross it as data and
 * the renderer turns them back into AppFailure ({@link clientFromBridge}).
 */
import {
  AppFailure,
  appError,
  isAppError,
  toAppError,
  type AppError,
  type Result,
} from '../errors';
import type {
  CallInput,
  CallOutput,
  Client,
  ContractShape,
  EventPayload,
  StreamDone,
  StreamInput,
  StreamItem,
} from './define';
import type { ContractNames } from './contract-names';

/** The contract as exposed through contextBridge. */
export interface ResultBridge<C extends ContractShape> {
  call<K extends keyof C['calls'] & string>(
    name: K,
    input: CallInput<C, K>,
  ): Promise<Result<CallOutput<C, K>>>;
  on<K extends keyof C['events'] & string>(
    name: K,
    listener: (payload: EventPayload<C, K>) => void,
  ): () => void;
  /**
   * `onItem` resolves with undefined once the item is stored, or with an AppError (data, since
   * an Error would lose its code) to cancel the stream with that error.
   */
  stream<K extends keyof C['streams'] & string>(
    name: K,
    input: StreamInput<C, K>,
    onItem: (item: StreamItem<C, K>) => Promise<AppError | undefined>,
  ): Promise<Result<StreamDone<C, K>>>;
}

async function settle<T>(promise: Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (thrown) {
    return { ok: false, error: toAppError(thrown) };
  }
}

function refused(kind: string, name: unknown): Result<never> {
  const shown = typeof name === 'string' ? name.slice(0, 200) : typeof name;
  return { ok: false, error: appError('UNKNOWN_CALL', `"${shown}" is not a ${kind} of this app.`) };
}

/**
 * Wraps a client for the preload. Names not in `names` are refused before anything is sent, so
 * a compromised page cannot use the bridge for anything the contract does not declare.
 */
export function bridgeFromClient<C extends ContractShape>(
  client: Client<C>,
  names: ContractNames,
): ResultBridge<C> {
  return {
    call(name, input) {
      if (typeof name !== 'string' || !names.calls.has(name)) {
        return Promise.resolve(refused('call', name));
      }
      return settle(client.call(name, input));
    },
    on(name, listener) {
      if (typeof name !== 'string' || !names.events.has(name) || typeof listener !== 'function') {
        throw new Error(`"${String(name)}" is not an event of this app.`);
      }
      return client.on(name, listener);
    },
    stream(name, input, onItem) {
      if (typeof name !== 'string' || !names.streams.has(name) || typeof onItem !== 'function') {
        return Promise.resolve(refused('stream', name));
      }
      return settle(
        client.stream(name, input, async (item) => {
          const error: unknown = await onItem(item);
          if (isAppError(error)) throw new AppFailure(error);
        }),
      );
    },
  };
}

function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new AppFailure(result.error);
}

/** The renderer's Client over the preload's bridge: failures become AppFailure again. */
export function clientFromBridge<C extends ContractShape>(bridge: ResultBridge<C>): Client<C> {
  return {
    async call(name, input) {
      return unwrap(await bridge.call(name, input));
    },
    on(name, listener) {
      return bridge.on(name, listener);
    },
    async stream(name, input, onItem) {
      const done = await bridge.stream(name, input, async (item) => {
        try {
          await onItem(item);
          return undefined;
        } catch (thrown) {
          return toAppError(thrown);
        }
      });
      return unwrap(done);
    },
  };
}
