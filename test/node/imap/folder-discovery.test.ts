/**
 * Folder discovery on Dovecot: SPECIAL-USE folders, counts, the default selection (Inbox and
 * Sent), and the refusal of \Noselect and groupware folders with a reason.
 */
import { describe, expect, inject, it } from 'vitest';
import {
  applySelection,
  checkSelection,
  defaultSelection,
  discoverFolders,
} from '../../../src/main/core/imap/folder-discovery';
import { classifyFolder } from '../../../src/main/core/imap/folder-kind';
import { AppFailure } from '../../../src/shared/errors';
import { addRigUser } from '../../servers/rig-users';
import { appendAll, rawMail, rigClient } from './helpers';

const rig = inject('rig');

describe('folder discovery', () => {
  it('classifies folders, selects Inbox and Sent by default, and refuses what is not mail', async () => {
    const user = await addRigUser(rig);
    const client = await rigClient(rig, user);
    try {
      for (const path of ['Calendar', 'Contacts', 'Calendar/Birthdays', 'Projects/Notes'])
        await client.mailboxCreate(path);
      await appendAll(client, 'INBOX', [
        rawMail({ subject: 'one' }, 1),
        rawMail({ subject: 'two' }, 2),
      ]);
      const folders = await discoverFolders(client);
      const byPath = new Map(folders.map((folder) => [folder.path, folder]));

      expect(byPath.get('INBOX')).toMatchObject({ kind: 'mail', messages: 2, unseen: 2 });
      expect(byPath.get('Sent')).toMatchObject({ kind: 'mail', specialUse: '\\Sent' });
      expect(byPath.get('Calendar')).toMatchObject({ kind: 'calendar' });
      expect(byPath.get('Calendar/Birthdays')).toMatchObject({ kind: 'calendar' });
      expect(byPath.get('Contacts')).toMatchObject({ kind: 'contacts' });
      expect(byPath.get('Projects/Notes')).toMatchObject({ kind: 'mail' });
      // Dovecot's maildir++ layout has no "Projects" folder of its own: only a hierarchy level.
      expect(byPath.get('Projects')).toMatchObject({ kind: 'noselect' });
      expect(byPath.get('Projects')?.refusal).toMatch(/cannot hold messages/);

      const selection = defaultSelection(folders, {});
      expect(selection).toEqual(['INBOX', 'Sent']);
      const shown = applySelection(folders, selection);
      expect(shown.filter((folder) => folder.selected).map((folder) => folder.path)).toEqual([
        'INBOX',
        'Sent',
      ]);

      let refusal: unknown;
      try {
        checkSelection(folders, ['INBOX', 'Calendar']);
      } catch (thrown) {
        refusal = thrown;
      }
      expect(refusal).toBeInstanceOf(AppFailure);
      expect((refusal as AppFailure).error.code).toBe('INVALID_INPUT');
      expect((refusal as AppFailure).error.message).toMatch(/"Calendar".*calendar entries/);
      expect(() => checkSelection(folders, ['Projects'])).toThrow(/"Projects".*\\Noselect/);
      expect(() => checkSelection(folders, ['Nope'])).toThrow(/"Nope" does not exist/);
      expect(checkSelection(folders, ['INBOX', 'Projects/Notes', 'INBOX'])).toEqual([
        'INBOX',
        'Projects/Notes',
      ]);
    } finally {
      await client.logout();
    }
  });
});

describe('folder kinds', () => {
  const entry = (path: string, flags: string[] = [], specialUse?: string) => ({
    path,
    delimiter: '/',
    flags,
    ...(specialUse !== undefined ? { specialUse } : {}),
  });

  it.each([
    ['Kalender', 'calendar'],
    ['Kontakte', 'contacts'],
    ['Aufgaben', 'tasks'],
    ['Notizen', 'notes'],
    ['Journal', 'notes'],
    ['Tâches', 'tasks'],
    ['INBOX/Calendar', 'calendar'],
    ['Archive/Calendar', 'mail'],
    ['Newsletters', 'mail'],
  ])('%s is %s', (path, kind) => {
    expect(classifyFolder(entry(path)).kind).toBe(kind);
  });

  it('trusts a SPECIAL-USE flag over a name, and \\NonExistent over both', () => {
    expect(classifyFolder(entry('Notes', [], '\\Archive')).kind).toBe('mail');
    expect(classifyFolder(entry('Old', ['\\NonExistent', '\\HasChildren'])).kind).toBe('noselect');
  });
});
