/**
 * The Outbox entry's count: messages still on their way or waiting for the user, marked when
 * any of them needs the user (held, or unsure whether it went).
 */
import { useCallback } from 'react';
import { formatCount } from '../../../shared/text/counts';
import { getMailDb, type MailDb } from '../../db/mail-db';
import { outboxInStates, UNFINISHED_STATES } from '../../db/outbox-store';
import { useLiveQuery } from '../../db/useLiveQuery';
import './outbox.css';

/** Props of {@link OutboxBadge}. */
export interface OutboxBadgeProps {
  readonly db?: MailDb;
}

/** Renders nothing while the outbox is empty. */
export function OutboxBadge(props: OutboxBadgeProps) {
  const db = props.db ?? getMailDb();
  const query = useCallback(async () => {
    const items = await outboxInStates(db, UNFINISHED_STATES);
    return {
      count: items.length,
      attention: items.some((item) => item.state === 'unsure' || item.held),
    };
  }, [db]);
  const result = useLiveQuery(query);
  if (result.status !== 'ready' || result.value.count === 0) return null;
  const { count, attention } = result.value;
  const words = `${count} ${count === 1 ? 'message' : 'messages'} in the outbox${attention ? ', some need you' : ''}`;
  return (
    <span
      className={`outbox-badge${attention ? ' outbox-badge-attention' : ''}`}
      aria-label={words}
      title={words}
    >
      {formatCount(count)}
    </span>
  );
}
