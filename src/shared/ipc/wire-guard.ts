/**
 * Run-time checks for messages arriving from the other side of a transport. The server side
 * treats every client as untrusted (a WebSocket peer, a compromised renderer), so a malformed
 * message is refused before anything looks at its fields. Written by hand rather than with zod
 * so the sandboxed preload can use it without bundling a schema library.
 */
import { isAppError } from '../errors';
import type { Result } from '../errors';
import type { ClientMessage, ServerMessage } from './wire';

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Ids and sequence numbers are non-negative safe integers. */
function isCounter(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Names are short dotted identifiers; anything longer is not in any contract. */
function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 200;
}

/** Returns the message typed when it is a well-formed client → server message, else null. */
export function asClientMessage(value: unknown): ClientMessage | null {
  if (!isRecord(value) || !isCounter(value.id)) return null;
  const id = value.id;
  switch (value.kind) {
    case 'call':
    case 'stream-open':
      if (!isName(value.name)) return null;
      return { kind: value.kind, id, name: value.name, input: value.input };
    case 'stream-ack':
      return isCounter(value.seq) ? { kind: 'stream-ack', id, seq: value.seq } : null;
    case 'stream-cancel':
      return { kind: 'stream-cancel', id };
    default:
      return null;
  }
}

function isResult(value: unknown): value is Result<unknown> {
  if (!isRecord(value)) return false;
  if (value.ok === true) return true;
  return value.ok === false && isAppError(value.error);
}

/** Returns the message typed when it is a well-formed server → client message, else null. */
export function asServerMessage(value: unknown): ServerMessage | null {
  if (!isRecord(value)) return null;
  switch (value.kind) {
    case 'event':
      return isName(value.name)
        ? { kind: 'event', name: value.name, payload: value.payload }
        : null;
    case 'result':
      if (!isCounter(value.id) || !isResult(value.result)) return null;
      return { kind: 'result', id: value.id, result: value.result };
    case 'stream-item':
      if (!isCounter(value.id) || !isCounter(value.seq)) return null;
      return { kind: 'stream-item', id: value.id, seq: value.seq, item: value.item };
    default:
      return null;
  }
}
