/**
 * The wire protocol every transport carries (Electron IPC, the browser bridge's WebSocket, the
 * in-memory test transport): one discriminated union of plain, serialisable messages. Errors are
 * inside `result` as AppError data, never as Error objects, so their codes survive any transport.
 */
import type { AppError, Result } from '../errors';

/** Client → server: invoke a call. `id` is chosen by the client and unique per connection. */
export interface CallMessage {
  readonly kind: 'call';
  readonly id: number;
  readonly name: string;
  readonly input: unknown;
}

/** Server → client: the outcome of a call, or the final outcome of a stream with the same id. */
export interface ResultMessage {
  readonly kind: 'result';
  readonly id: number;
  readonly result: Result<unknown>;
}

/** Server → client: an event, sent to every connected client. */
export interface EventMessage {
  readonly kind: 'event';
  readonly name: string;
  readonly payload: unknown;
}

/** Client → server: open a stream. */
export interface StreamOpenMessage {
  readonly kind: 'stream-open';
  readonly id: number;
  readonly name: string;
  readonly input: unknown;
}

/** Server → client: one stream item; `seq` counts from 0 within the stream. */
export interface StreamItemMessage {
  readonly kind: 'stream-item';
  readonly id: number;
  readonly seq: number;
  readonly item: unknown;
}

/** Client → server: the item `seq` has been handled (stored) by the receiver. */
export interface StreamAckMessage {
  readonly kind: 'stream-ack';
  readonly id: number;
  readonly seq: number;
}

/** Client → server: the receiver gives up on the stream (its handler is told through its signal). */
export interface StreamCancelMessage {
  readonly kind: 'stream-cancel';
  readonly id: number;
}

/** Every message of the protocol. */
export type WireMessage =
  | CallMessage
  | ResultMessage
  | EventMessage
  | StreamOpenMessage
  | StreamItemMessage
  | StreamAckMessage
  | StreamCancelMessage;

/** The kinds of message, e.g. to name one Electron channel per kind. */
export type WireKind = WireMessage['kind'];

/** Messages a client may send. */
export type ClientMessage =
  CallMessage | StreamOpenMessage | StreamAckMessage | StreamCancelMessage;

/** Messages a server may send. */
export type ServerMessage = ResultMessage | EventMessage | StreamItemMessage;

/** Every kind, in a fixed order. */
export const WIRE_KINDS: readonly WireKind[] = [
  'call',
  'result',
  'event',
  'stream-open',
  'stream-item',
  'stream-ack',
  'stream-cancel',
];

/** The Electron channel that carries one kind of message ("mailcrm:call", ...). */
export function wireChannel(kind: WireKind): `mailcrm:${WireKind}` {
  return `mailcrm:${kind}`;
}

/** A failed Result. */
export function failure(error: AppError): Result<never> {
  return { ok: false, error };
}
