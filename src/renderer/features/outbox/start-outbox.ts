/**
 * Starts the app's outbox with the real client and database. The app calls startOutbox() once
 * at start, next to startSync(); queueOutgoing and the Outbox panel find the runner here.
 */
import { toAppError } from '../../../shared/errors';
import { api } from '../../api/client';
import { useConnection } from '../../app/connectionSlice';
import { getMailDb } from '../../db/mail-db';
import { recordTemplateUse } from '../../db/template-store';
import { afterSentHook } from './after-sent';
import { contractRemote } from './contract-remote';
import { createOutboxRunner, type OutboxRunner } from './outbox-runner';

let running: OutboxRunner | undefined;

/** The app's outbox runner, or undefined before startOutbox(). */
export function appOutbox(): OutboxRunner | undefined {
  return running;
}

/** Starts the app's outbox runner on first call and returns it. */
export function startOutbox(): OutboxRunner {
  if (running !== undefined) return running;
  const db = getMailDb();
  const runner = createOutboxRunner({
    db,
    remote: contractRemote(api),
    afterSent: afterSentHook(api, {
      recordTemplateUse: (use) =>
        recordTemplateUse(db, use.templateId, use.accountId, use.messageId, new Date(use.usedAt)),
    }),
    onProblem: (error) => useConnection.getState().noteFailure(error),
  });
  running = runner;
  runner.start().catch((thrown: unknown) => {
    useConnection.getState().noteFailure(toAppError(thrown));
  });
  // Back in touch with main: whatever waited only for a connection goes now.
  useConnection.subscribe((now, before) => {
    if (now.status === 'connected' && before.status !== 'connected') {
      void runner.connectionBack();
    }
  });
  // An account's server answers again: its SMTP is most likely reachable too.
  api.on('sync.connection', (connection) => {
    if (connection.state === 'connected') void runner.connectionBack(connection.accountId);
  });
  return runner;
}
