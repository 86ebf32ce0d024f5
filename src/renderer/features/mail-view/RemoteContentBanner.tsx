/**
 * The note above a message: remote content blocked (with "Load once", "Always for <sender>",
 * "Always for <domain>"), or allowed by a rule (with "Block again"); tracking images that stay
 * blocked; links whose text names another host.
 */
import { countOf as plural } from '../../../shared/text/counts';
import type { SanitizedMail } from './sanitize-mail-html';
import type { RemoteContent } from './useRemoteContent';

export function RemoteContentBanner({
  remote,
  mail,
}: {
  remote: RemoteContent;
  mail: SanitizedMail;
}) {
  const blocked = !remote.allowed && mail.blockedRemote > 0;
  const notes: string[] = [];
  if (mail.blockedTrackers > 0) {
    notes.push(`${plural(mail.blockedTrackers, 'tracking image', 'tracking images')} blocked.`);
  }
  if (mail.flaggedLinks > 0) {
    notes.push(
      `⚠ ${plural(mail.flaggedLinks, 'link goes', 'links go')} somewhere other than its text says; hover to see where.`,
    );
  }
  if (!blocked && remote.rule === undefined && notes.length === 0 && remote.error === undefined) {
    return null;
  }
  return (
    <div className="mail-blocked" role="note" aria-label="Remote content">
      {blocked && (
        <p>
          Remote images and styles in this message are blocked to protect your privacy.{' '}
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={remote.allowOnce}
          >
            Load once
          </button>{' '}
          {remote.sender !== '' && (
            <button
              type="button"
              className="button button-small button-secondary"
              onClick={() => remote.allowAlways('sender')}
            >
              Always for {remote.sender}
            </button>
          )}{' '}
          {remote.domain !== '' && (
            <button
              type="button"
              className="button button-small button-secondary"
              onClick={() => remote.allowAlways('domain')}
            >
              Always for {remote.domain}
            </button>
          )}
        </p>
      )}
      {remote.rule !== undefined && (
        <p>
          Remote content is shown: you allowed it for {remote.rule.value}.{' '}
          <button type="button" className="link-button" onClick={remote.blockAgain}>
            Block again
          </button>
        </p>
      )}
      {notes.map((note) => (
        <p key={note}>{note}</p>
      ))}
      {remote.error !== undefined && (
        <p role="alert" className="field-error">
          {remote.error.message}
        </p>
      )}
    </div>
  );
}
