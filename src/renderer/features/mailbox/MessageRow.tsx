/** One line of the message list: sender, date, subject, snippet and the unread, flag and attachment marks. */
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
  return (
    <div
      id={props.id}
      role="option"
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={props.total}
      className={`message-row${unread ? ' unread' : ''}${selected ? ' selected' : ''}`}
      style={{ top: props.top, height: props.height }}
      onClick={() => props.onOpen(row, index)}
    >
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
        <div className="row-subject">{message.subject || '(no subject)'}</div>
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
