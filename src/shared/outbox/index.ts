/** The outbox state machine and the user's decisions about it; see ../outbox.ts. */
export { newOutboxItem, type NewOutboxItemOptions } from './new-item';
export { advanceOutboxItem, UNSURE_MESSAGE, type OutboxDeps } from './advance';
export { resolveUnsure, retryHeld, type UnsureDecision } from './decisions';
export { dueItems, processOutbox, type ProcessOptions, type ProcessResult } from './process-outbox';
export { retryDelayMs, sendFailureKind, type SendFailureKind } from './retry-policy';
