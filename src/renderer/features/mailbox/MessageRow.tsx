/**
 * One line of the message list: sender, date, subject, snippet and the unread, flag and
 * attachment marks, with a checkbox for bulk actions (ctrl-click and shift-click check too).
 */
import type { MouseEvent } from 'react';
import type { FolderRow } from '../../db/cache-queries';
import { listDate, shortName } from './format';

interface MessageRowProps {
  readonly id: string;
  readonly row: FolderRow;
  readonly index: number;
  readonly total: number;
  readonly top: number;
  readonly height: number;
  readonly selected: boolean;
  /** Show recipients instead of the sender (the Sent folder). */
  readonly outgoing: boolean;
  /** The account's name, in a list that mixes accounts. */
  readonly accountName?: string;
  readonly onOpen: (row: FolderRow, index: number) => void;
  /** Checked for a bulk action; without onCheck the row has no checkbox. */
  readonly checked?: boolean;
  /** 'toggle' for the checkbox and ctrl-click, 'range' for shift-click. */
  readonly onCheck?: (row: FolderRow, index: number, mode: 'toggle' | 'range') => void;
  /** Messages in the row's conversation, when more than one. */
  readonly threadSize?: number;
}

function PaperclipIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" className="row-icon">
      <path
        d="M10.5 4.5 5.8 9.2a1.2 1.2 0 0 0 1.7 1.7l5-5a2.6 2.6 0 0 0-3.7-3.7l-5 5a4 4 0 0 0 5.7 5.7l4.2-4.2"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
      />
    </svg>
  );
}

function FlagIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" className="row-icon flag">
      <path d="M3 14V2.5h8.5l-1.8 3 1.8 3H4.3V14z" fill="currentColor" />
    </svg>
  );
}

export function MessageRow(props: MessageRowProps) {
  const { row, index, selected } = props;
  const { membership, message } = row;
  const unread = membership.unread === 1;
  const flagged = membership.flagged === 1;
  const who = props.outgoing ? `To: ${shortName(message.to)}` : shortName(message.from);
  const pending = membership.uid <= 0;
  const { onCheck } = props;
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    if (onCheck !== undefined && (event.shiftKey || event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      onCheck(row, index, event.shiftKey ? 'range' : 'toggle');
      return;
    }
    props.onOpen(row, index);
  };
  return (
    <div
      id={props.id}
      role="option"
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={props.total}
      className={`message-row${unread ? ' unread' : ''}${selected ? ' selected' : ''}${props.checked ? ' checked' : ''}`}
      style={{ top: props.top, height: props.height }}
      onClick={onClick}
    >
      {onCheck !== undefined && (
        <input
          type="checkbox"
          className="row-check"
          checked={props.checked ?? false}
          aria-label={`Select ${message.subject || '(no subject)'}`}
          tabIndex={-1}
          onClick={(event) => {
            event.stopPropagation();
            onCheck(row, index, event.shiftKey ? 'range' : 'toggle');
          }}
          onChange={() => undefined}
        />
      )}
      <span className="row-dot" aria-hidden="true" />
      <div className="row-main">
        <div className="row-line">
          <span className="row-from">{who}</span>
          {props.accountName && <span className="row-account">{props.accountName}</span>}
          <span className="row-marks">
            {flagged && <FlagIcon />}
            {message.hasAttachments && <PaperclipIcon />}
          </span>
          <time className="row-date" dateTime={message.date}>
            {listDate(membership.time)}
          </time>
        </div>
        <div className="row-subject">
          {message.subject || '(no subject)'}
          {props.threadSize !== undefined && props.threadSize > 1 && (
            <span className="row-thread-count" aria-label={`${props.threadSize} in conversation`}>
              {props.threadSize}
            </span>
          )}
        </div>
        <div className="row-snippet">{pending ? 'Moving…' : (message.snippet ?? '')}</div>
      </div>
      <span className="visually-hidden">
        {[
          unread ? 'unread' : '',
          flagged ? 'flagged' : '',
          message.hasAttachments ? 'has attachment' : '',
        ]
          .filter(Boolean)
          .join(', ')}
      </span>
    </div>
  );
}
