/**
 * The outbox's network steps (OutboxRemote) over the app contract: main speaks SMTP and IMAP,
 * the renderer only asks.
 */
import type { AppContract } from '../../../shared/contract';
import type { Client } from '../../../shared/ipc/define';
import type { OutboxRemote } from '../../../shared/outbox';

/** The contract client the outbox uses (the app's `api`, or a test double). */
export type OutboxApi = Pick<Client<AppContract>, 'call' | 'on'>;

/** OutboxRemote over 'outbox.send', 'outbox.locate' and 'outbox.fileSent'. */
export function contractRemote(api: OutboxApi): OutboxRemote {
  return {
    send: (message) => api.call('outbox.send', { message }),
    locate: (accountId, messageId) => api.call('outbox.locate', { accountId, messageId }),
    async fileSent(message) {
      const { sentCopy } = await api.call('outbox.fileSent', { message });
      return sentCopy;
    },
  };
}
