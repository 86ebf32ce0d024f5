/** Folder roles from SPECIAL-USE flags and, without them, from well-known names. */
import { describe, expect, it } from 'vitest';
import { detectFolderMapping } from '../../../src/main/core/connection/folder-mapping';
import { toFolderInfo } from '../../../src/main/core/connection/folder-info';
import type { FolderInfo } from '../../../src/shared/account';

/** A LIST entry as imapflow returns it. */
function listed(path: string, flags: readonly string[] = [], delimiter = '/'): FolderInfo {
  const name = path.split(delimiter).at(-1) ?? path;
  return toFolderInfo({ path, name, delimiter, flags: new Set(flags) });
}

describe('toFolderInfo', () => {
  it('normalises special-use flags to RFC 6154 spelling (Cyrus sends \\sent)', () => {
    expect(listed('Sent', ['\\sent']).specialUse).toBe('\\Sent');
    expect(listed('Spam', ['\\Spam']).specialUse).toBe('\\Junk');
    expect(listed('Work', ['\\HasNoChildren']).specialUse).toBeUndefined();
  });

  it('marks \\Noselect and \\NonExistent folders as not selectable', () => {
    expect(listed('[Gmail]', ['\\Noselect', '\\HasChildren']).selectable).toBe(false);
    expect(listed('Gone', ['\\nonexistent']).selectable).toBe(false);
    expect(listed('INBOX').selectable).toBe(true);
  });
});

describe('detectFolderMapping', () => {
  it('takes every role from SPECIAL-USE, whatever the names', () => {
    const mapping = detectFolderMapping([
      listed('INBOX'),
      listed('Outbox 2', ['\\Sent']),
      listed('Concepts', ['\\Drafts']),
      listed('Bin', ['\\Trash']),
      listed('Old', ['\\Archive']),
      listed('Unwanted', ['\\Junk']),
      listed('Sent', []),
    ]);
    expect(mapping).toEqual({
      inbox: 'INBOX',
      sent: 'Outbox 2',
      drafts: 'Concepts',
      trash: 'Bin',
      archive: 'Old',
      junk: 'Unwanted',
    });
  });

  it('falls back to common names: Gmail, Exchange, Courier-style INBOX. prefixes', () => {
    expect(
      detectFolderMapping([
        listed('INBOX'),
        listed('[Gmail]', ['\\Noselect']),
        listed('[Gmail]/Sent Mail'),
        listed('[Gmail]/Spam'),
        listed('[Gmail]/Trash'),
      ]),
    ).toEqual({
      inbox: 'INBOX',
      sent: '[Gmail]/Sent Mail',
      junk: '[Gmail]/Spam',
      trash: '[Gmail]/Trash',
    });
    expect(
      detectFolderMapping([
        listed('Inbox'),
        listed('Sent Items'),
        listed('Deleted Items'),
        listed('Junk E-mail'),
        listed('Drafts'),
      ]),
    ).toEqual({
      inbox: 'Inbox',
      sent: 'Sent Items',
      trash: 'Deleted Items',
      junk: 'Junk E-mail',
      drafts: 'Drafts',
    });
    expect(
      detectFolderMapping([
        listed('INBOX', [], '.'),
        listed('INBOX.Sent Messages', [], '.'),
        listed('INBOX.Archive', [], '.'),
      ]),
    ).toEqual({
      inbox: 'INBOX',
      sent: 'INBOX.Sent Messages',
      archive: 'INBOX.Archive',
    });
  });

  it('prefers a flagged folder over a named one, skips unselectable ones, and leaves unknown roles out', () => {
    const mapping = detectFolderMapping([
      listed('INBOX'),
      listed('Sent', ['\\Noselect']),
      listed('Sent Items'),
      listed('Trash'),
      listed('Papierkorb', ['\\Trash']),
    ]);
    expect(mapping).toEqual({ inbox: 'INBOX', sent: 'Sent Items', trash: 'Papierkorb' });
    expect(detectFolderMapping([])).toEqual({});
  });
});
