/**
 * A plain-text body: links clickable (opened by main after its URL check, never by the page),
 * quoted runs folded behind "Show quoted text".
 */
import { useState, type MouseEvent } from 'react';
import { toAppError } from '../../../shared/errors';
import { api } from '../../api/client';
import { linkify, splitQuotes, type TextBlock } from './plain-text';

function openLink(event: MouseEvent<HTMLAnchorElement>, href: string): void {
  event.preventDefault();
  if (href.startsWith('mailto:')) return;
  api.call('app.openExternal', { url: href }).catch((thrown: unknown) => {
    console.error('The link could not be opened', toAppError(thrown));
  });
}

function LinkedText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((segment, index) =>
        segment.kind === 'text' ? (
          <span key={index}>{segment.text}</span>
        ) : (
          <a
            key={index}
            href={segment.href}
            target="_blank"
            rel="noopener noreferrer"
            title={
              segment.href.startsWith('mailto:')
                ? `Write to ${segment.host}`
                : `Opens ${segment.host}`
            }
            onClick={(event) => openLink(event, segment.href)}
          >
            {segment.text}
          </a>
        ),
      )}
    </>
  );
}

function QuotedBlock({ block }: { block: TextBlock }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="mail-quote">
      <button
        type="button"
        className="link-button"
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
      >
        {open ? 'Hide quoted text' : 'Show quoted text'}
      </button>
      {open && (
        <blockquote className="mail-text mail-quoted">
          <LinkedText text={block.text} />
        </blockquote>
      )}
    </div>
  );
}

export function PlainTextBody({ text }: { text: string }) {
  return (
    <div className="mail-text" aria-label="Message text">
      {splitQuotes(text).map((block, index) =>
        block.quoted ? (
          <QuotedBlock key={index} block={block} />
        ) : (
          <LinkedText key={index} text={block.text} />
        ),
      )}
    </div>
  );
}
