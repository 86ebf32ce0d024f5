/**
 * Building blocks of the contract: a call (request → result), an event (main → renderer) and an
 * acknowledged stream (request → many items, each acknowledged, → a final result). Inputs carry a
 * zod schema because every call is validated where it is handled; outputs are types only.
 */
import type { z } from 'zod';

/** A request/response call whose input is validated by `input`. */
export interface CallSpec<I extends z.ZodType, O> {
  readonly kind: 'call';
  readonly input: I;
  /** Phantom: carries the output type; never set at run time. */
  readonly output?: O;
}

/** A one-way notification from main to the renderer. */
export interface EventSpec<P> {
  readonly kind: 'event';
  /** Phantom: carries the payload type. */
  readonly payload?: P;
}

/**
 * A stream: the handler sends items and waits when more than `window` are unacknowledged
 * (backpressure); the receiver acknowledges each item after it has stored it.
 */
export interface StreamSpec<I extends z.ZodType, Item, Done> {
  readonly kind: 'stream';
  readonly input: I;
  /** How many items may be in flight before the sender waits. */
  readonly window: number;
  readonly item?: Item;
  readonly done?: Done;
}

/** Declares a call returning O. Usage: `call<Output>()(inputSchema)`. */
export function call<O>() {
  return <I extends z.ZodType>(input: I): CallSpec<I, O> => ({ kind: 'call', input });
}

/** Declares an event carrying P. */
export function event<P>(): EventSpec<P> {
  return { kind: 'event' };
}

/** Declares an acknowledged stream of Item ending with Done. */
export function stream<Item, Done>(window = 4) {
  return <I extends z.ZodType>(input: I): StreamSpec<I, Item, Done> => ({
    kind: 'stream',
    input,
    window,
  });
}

/** The shape every contract has. */
export interface ContractShape {
  readonly calls: Readonly<Record<string, CallSpec<z.ZodType, unknown>>>;
  readonly events: Readonly<Record<string, EventSpec<unknown>>>;
  readonly streams: Readonly<Record<string, StreamSpec<z.ZodType, unknown, unknown>>>;
}

type CallOf<C extends ContractShape, K extends keyof C['calls']> = C['calls'][K];
type StreamOf<C extends ContractShape, K extends keyof C['streams']> = C['streams'][K];

/** What the caller passes (before validation and defaults). */
export type CallInput<C extends ContractShape, K extends keyof C['calls']> = z.input<
  CallOf<C, K>['input']
>;
/** What the handler receives (after validation). */
export type CallParsed<C extends ContractShape, K extends keyof C['calls']> = z.output<
  CallOf<C, K>['input']
>;
export type CallOutput<C extends ContractShape, K extends keyof C['calls']> =
  CallOf<C, K> extends CallSpec<z.ZodType, infer O> ? O : never;
export type EventPayload<C extends ContractShape, K extends keyof C['events']> =
  C['events'][K] extends EventSpec<infer P> ? P : never;
export type StreamInput<C extends ContractShape, K extends keyof C['streams']> = z.input<
  StreamOf<C, K>['input']
>;
export type StreamParsed<C extends ContractShape, K extends keyof C['streams']> = z.output<
  StreamOf<C, K>['input']
>;
export type StreamItem<C extends ContractShape, K extends keyof C['streams']> =
  StreamOf<C, K> extends StreamSpec<z.ZodType, infer Item, unknown> ? Item : never;
export type StreamDone<C extends ContractShape, K extends keyof C['streams']> =
  StreamOf<C, K> extends StreamSpec<z.ZodType, unknown, infer Done> ? Done : never;

/** The part of AbortSignal that handlers use (shared/ has no DOM or Node types). */
export interface CancelSignal {
  readonly aborted: boolean;
}

/** Who is calling: the transport fills it in (Electron frame, WebSocket, in-memory). */
export interface CallContext {
  readonly transport: 'electron' | 'web' | 'memory' | 'cli';
  /** Aborted when the caller goes away (window closed, socket dropped). */
  readonly signal: CancelSignal;
}

/** Sends stream items; `send` resolves once the item fits inside the acknowledgement window. */
export interface StreamSink<Item> {
  send(item: Item): Promise<void>;
}

/** The main-side implementation of every call and stream of a contract. */
export type Handlers<C extends ContractShape> = {
  readonly [K in keyof C['calls']]: (
    input: CallParsed<C, K>,
    context: CallContext,
  ) => Promise<CallOutput<C, K>>;
} & {
  readonly [K in keyof C['streams']]: (
    input: StreamParsed<C, K>,
    sink: StreamSink<StreamItem<C, K>>,
    context: CallContext,
  ) => Promise<StreamDone<C, K>>;
};

/** Lets main emit events to every connected renderer. */
export interface EventEmitterPort<C extends ContractShape> {
  emit<K extends keyof C['events'] & string>(name: K, payload: EventPayload<C, K>): void;
}

/** The renderer-side view of a contract; failures reject with an AppFailure carrying the code. */
export interface Client<C extends ContractShape> {
  call<K extends keyof C['calls'] & string>(
    name: K,
    input: CallInput<C, K>,
  ): Promise<CallOutput<C, K>>;
  on<K extends keyof C['events'] & string>(
    name: K,
    listener: (payload: EventPayload<C, K>) => void,
  ): () => void;
  /** Opens a stream; each item is acknowledged after `onItem` resolves. */
  stream<K extends keyof C['streams'] & string>(
    name: K,
    input: StreamInput<C, K>,
    onItem: (item: StreamItem<C, K>) => Promise<void> | void,
  ): Promise<StreamDone<C, K>>;
}
