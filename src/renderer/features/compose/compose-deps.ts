/**
 * What the compose pane reaches outside itself, behind one context so tests render the pane on
 * their own database and contract double: the cache, the contract, the outbox, a clock and a
 * source of random Message-ID parts.
 */
import { createContext, useContext } from 'react';
import type { OutgoingMessage } from '../../../shared/compose';
import type { AppContract } from '../../../shared/contract';
import type { Client } from '../../../shared/ipc/define';
import type { OutboxItem } from '../../../shared/outbox';
import { api } from '../../api/client';
import { getMailDb, type MailDb } from '../../db/mail-db';
import { queueOutgoing, type QueueOutgoingOptions } from '../outbox/outbox-queue';

export interface ComposeDeps {
  readonly db: MailDb;
  readonly api: Pick<Client<AppContract>, 'call'>;
  readonly queue: (message: OutgoingMessage, options: QueueOutgoingOptions) => Promise<OutboxItem>;
  readonly now: () => Date;
  readonly random: () => string;
  /** Draft store timings; the defaults suit people, tests shorten them. */
  readonly draftLocalDelayMs?: number;
  readonly draftServerDelayMs?: number;
}

function randomPart(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

let appDeps: ComposeDeps | undefined;

/** The app's own dependencies (one object, so effects that depend on it run once). */
export function appComposeDeps(): ComposeDeps {
  appDeps ??= {
    db: getMailDb(),
    api,
    queue: queueOutgoing,
    now: () => new Date(),
    random: randomPart,
  };
  return appDeps;
}

export const ComposeDepsContext = createContext<ComposeDeps | undefined>(undefined);

/** The deps given by a provider, else the app's. */
export function useComposeDeps(): ComposeDeps {
  const given = useContext(ComposeDepsContext);
  return given ?? appComposeDeps();
}
