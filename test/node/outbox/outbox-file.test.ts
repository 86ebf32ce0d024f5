/** The CLI's outbox file: items, attachments and sent memory survive a reopen, writes are whole. */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultOutboxPath, openOutboxFile } from '../../../src/cli/outbox-file';
import { newOutboxItem } from '../../../src/shared/outbox/index';
import { message } from './fake-outbox';

const NOW = new Date('2026-03-01T10:00:00.000Z');

async function tempFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'outbox-file-')), 'nested', 'outbox.json');
}

describe('outbox file', () => {
  it('keeps items, attachment files and sent memory across a reopen', async () => {
    const path = await tempFile();
    const outbox = await openOutboxFile(path);
    const item = newOutboxItem(message('a'), { now: NOW });
    await outbox.queue(item, { tokenAAAAAAAAAAAAAAAA: '/tmp/report.pdf' });
    await outbox.put({ ...item, state: 'sending', attempts: 1 });
    await outbox.setSentMemory('account-1', true);
    const reopened = await openOutboxFile(path);
    expect(reopened.items()).toEqual([{ ...item, state: 'sending', attempts: 1 }]);
    expect(reopened.attachmentPath('tokenAAAAAAAAAAAAAAAA')).toBe('/tmp/report.pdf');
    expect(reopened.sentMemory('account-1')).toBe(true);
    expect(reopened.sentMemory('other')).toBeUndefined();
  });

  it('commits concurrent puts together and leaves no temp file behind', async () => {
    const path = await tempFile();
    const outbox = await openOutboxFile(path);
    const items = Array.from({ length: 200 }, (_, index) =>
      newOutboxItem(message(`m${index}`), { now: NOW }),
    );
    await Promise.all(items.map((item) => outbox.put(item)));
    await Promise.all(items.map((item) => outbox.put({ ...item, state: 'accepted' })));
    const saved = JSON.parse(await readFile(path, 'utf8')) as { items: { state: string }[] };
    expect(saved.items).toHaveLength(200);
    expect(saved.items.every((item) => item.state === 'accepted')).toBe(true);
    expect(await readdir(join(path, '..'))).toEqual(['outbox.json']);
  });

  it('refuses a file that is not an outbox', async () => {
    const path = await tempFile();
    await openOutboxFile(path).then((outbox) => outbox.setSentMemory('x', false));
    await writeFile(path, '{"hello":1}');
    await expect(openOutboxFile(path)).rejects.toThrow(/not a mailcrm outbox file/);
    await writeFile(path, '{"ver');
    await expect(openOutboxFile(path)).rejects.toThrow(/not JSON/);
  });

  it('defaults to the XDG state folder', () => {
    expect(defaultOutboxPath({ XDG_STATE_HOME: '/state' }, '/home/a')).toBe(
      '/state/mailcrm/cli-outbox.json',
    );
    expect(defaultOutboxPath({}, '/home/a')).toBe('/home/a/.local/state/mailcrm/cli-outbox.json');
  });
});
