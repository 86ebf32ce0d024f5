/**
 * Whether the open message may load remote content: blocked by default; allowed once (for as
 * long as this message stays open) or always for its sender or the sender's domain (a rule in
 * Dexie, followed live, so allowing one message shows the sender's other mail too).
 */
import { useCallback, useState } from 'react';
import { toAppError, type AppError } from '../../../shared/errors';
import { getMailDb } from '../../db/mail-db';
import {
  allowRemoteContent,
  domainOf,
  findRemoteContentRule,
  revokeRemoteContent,
  type RemoteContentRule,
  type RemoteContentScope,
} from '../../db/remote-content';
import { useLiveQuery } from '../../db/useLiveQuery';

/** The remote-content state of one message and what the user can do about it. */
export interface RemoteContent {
  /** Remote content loads: allowed once, or by `rule`. */
  readonly allowed: boolean;
  /** The rule that allows it, when it is not just this once. */
  readonly rule?: RemoteContentRule;
  readonly sender: string;
  readonly domain: string;
  /** The last failure to store or remove a rule. */
  readonly error?: AppError;
  readonly allowOnce: () => void;
  readonly allowAlways: (scope: RemoteContentScope) => void;
  /** Removes the rule: this sender's (or domain's) remote content is blocked again. */
  readonly blockAgain: () => void;
}

/** Follows the rule for `sender` (lower-cased address; "" when the message has none). */
export function useRemoteContent(sender: string): RemoteContent {
  const [once, setOnce] = useState(false);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const query = useCallback(() => findRemoteContentRule(getMailDb(), sender), [sender]);
  const result = useLiveQuery(query);
  const rule = result.status === 'ready' ? result.value : undefined;
  const domain = domainOf(sender);
  const fail = (thrown: unknown): void => setError(toAppError(thrown));

  return {
    allowed: once || rule !== undefined,
    ...(rule !== undefined ? { rule } : {}),
    sender,
    domain,
    ...(error !== undefined
      ? { error }
      : result.status === 'failed'
        ? { error: result.error }
        : {}),
    allowOnce: () => setOnce(true),
    allowAlways: (scope) => {
      const value = scope === 'sender' ? sender : domain;
      allowRemoteContent(getMailDb(), scope, value, Date.now()).catch(fail);
    },
    blockAgain: () => {
      setOnce(false);
      if (rule !== undefined) revokeRemoteContent(getMailDb(), rule.rule).catch(fail);
    },
  };
}
