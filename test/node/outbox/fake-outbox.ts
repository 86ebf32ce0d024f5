/**
 * Test doubles for the outbox state machine: a store that records every write, and a remote
 * that answers from a script and records every call, both into one shared log, so a test can
 * assert that each state was written before the network step it announces.
 */
import type {
  LocateResult,
  OutgoingMessage,
  SendReceipt,
  SentCopy,
} from '../../../src/shared/compose';
import { AppFailure, appError, type ErrorCode } from '../../../src/shared/errors';
import type { OutboxItem, OutboxRemote, OutboxStore } from '../../../src/shared/outbox';

/** One entry of the shared log. */
export type LogEntry =
  | { readonly kind: 'put'; readonly state: OutboxItem['state']; readonly item: OutboxItem }
  | { readonly kind: 'send' | 'fileSent' | 'locate'; readonly messageId: string };

/** An answer the scripted remote gives once (or for ever, when it is the last one left). */
type Answer<T> = T | { readonly fail: ErrorCode; readonly response?: string };

/** What the remote answers, one entry per call; the last answer repeats. */
export interface RemoteScript {
  send?: Answer<SendReceipt>[];
  locate?: Answer<LocateResult>[];
  fileSent?: Answer<SentCopy>[];
}

export interface Fakes {
  readonly log: LogEntry[];
  readonly store: OutboxStore & { readonly items: Map<string, OutboxItem>; failNext: number };
  readonly remote: OutboxRemote;
  /** The log's put/call kinds in order, e.g. ['put:sending', 'send', 'put:accepted']. */
  readonly steps: () => string[];
  readonly calls: (kind: 'send' | 'fileSent' | 'locate') => number;
}

function answer<T>(list: Answer<T>[] | undefined, name: string): T {
  const next = list === undefined ? undefined : list.length > 1 ? list.shift() : list[0];
  if (next === undefined) throw new Error(`remote.${name} was not expected`);
  if (typeof next === 'object' && next !== null && 'fail' in next) {
    throw new AppFailure(
      appError(
        next.fail,
        `${name} failed: ${next.fail}`,
        next.response === undefined ? {} : { serverResponse: next.response },
      ),
    );
  }
  return next;
}

/** A recording store and a scripted remote sharing one log. */
export function createFakes(script: RemoteScript): Fakes {
  const log: LogEntry[] = [];
  const items = new Map<string, OutboxItem>();
  const store = {
    items,
    failNext: 0,
    put(item: OutboxItem): Promise<void> {
      if (store.failNext > 0) {
        store.failNext -= 1;
        return Promise.reject(new AppFailure(appError('DISK_FULL', 'The disk is full.')));
      }
      log.push({ kind: 'put', state: item.state, item });
      items.set(item.messageId, item);
      return Promise.resolve();
    },
  };
  const remote: OutboxRemote = {
    send(message: OutgoingMessage) {
      log.push({ kind: 'send', messageId: message.messageId });
      return Promise.resolve().then(() => answer(script.send, 'send'));
    },
    locate(_accountId: string, messageId: string) {
      log.push({ kind: 'locate', messageId });
      return Promise.resolve().then(() => answer(script.locate, 'locate'));
    },
    fileSent(message: OutgoingMessage) {
      log.push({ kind: 'fileSent', messageId: message.messageId });
      return Promise.resolve().then(() => answer(script.fileSent, 'fileSent'));
    },
  };
  return {
    log,
    store,
    remote,
    steps: () => log.map((entry) => (entry.kind === 'put' ? `put:${entry.state}` : entry.kind)),
    calls: (kind) => log.filter((entry) => entry.kind === kind).length,
  };
}

/** A valid outgoing message with the given Message-ID local part. */
export function message(local: string): OutgoingMessage {
  return {
    accountId: 'account-1',
    messageId: `<${local}@example.test>`,
    date: '2026-01-02T03:04:05.000Z',
    from: { name: 'Anna', address: 'anna@example.test' },
    to: [{ name: '', address: 'ben@example.test' }],
    cc: [],
    bcc: [],
    subject: 'Hello',
    text: 'Hi Ben',
    references: [],
    attachments: [],
    readReceipt: false,
  };
}

export const RECEIPT: SendReceipt = {
  messageId: '<m@example.test>',
  accepted: ['ben@example.test'],
  response: '250 2.0.0 Ok: queued',
};
