/** The CLI's outbox journal: items, attachments and sent memory survive a reopen and a torn write. */
import { appendFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { defaultOutboxPath, openOutboxFile, type JournalClock } from '../../../src/cli/outbox-file';
import { appError } from '../../../src/shared/errors';
import { newOutboxItem } from '../../../src/shared/outbox/index';
import { withoutFailure } from '../../../src/shared/outbox/item-fields';
import { message } from './fake-outbox';

const NOW = new Date('2026-03-01T10:00:00.000Z');

async function tempFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'outbox-file-')), 'nested', 'outbox.json');
}

/** A clock that moves only when told, and waits that end only when woken. */
function fakeClock() {
  let time = 1000;
  const sleeps: { readonly ms: number; readonly wake: () => void }[] = [];
  const clock: JournalClock = {
    now: () => time,
    sleep: (ms: number) => new Promise<void>((resolve) => sleeps.push({ ms, wake: resolve })),
  };
  return {
    clock,
    sleeps,
    advance: (ms: number): void => {
      time += ms;
    },
  };
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

  it('commits concurrent puts together, appending one line per change, no temp file left', async () => {
    const path = await tempFile();
    const outbox = await openOutboxFile(path);
    const items = Array.from({ length: 200 }, (_, index) =>
      newOutboxItem(message(`m${index}`), { now: NOW }),
    );
    await Promise.all(items.map((item) => outbox.put(item)));
    await Promise.all(items.map((item) => outbox.put({ ...item, state: 'accepted' })));
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    // The header, then each put as its own line: nothing rewritten.
    expect(lines).toHaveLength(1 + 400);
    const reopened = await openOutboxFile(path);
    expect(reopened.items()).toHaveLength(200);
    expect(reopened.items().every((item) => item.state === 'accepted')).toBe(true);
    expect(await readdir(join(path, '..'))).toEqual(['outbox.json']);
  });

  it('spaces appends while changes come faster than appends, never a put awaited alone', async () => {
    const path = await tempFile();
    const { clock, sleeps, advance } = fakeClock();
    const outbox = await openOutboxFile(path, { clock });
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((local) =>
      newOutboxItem(message(local), { now: NOW }),
    );
    if (!a || !b || !c || !d || !e) throw new Error('five items');
    await outbox.put(a);
    const written: string[] = [];
    const put = (item: typeof a): Promise<number> =>
      outbox.put(item).then(() => written.push(item.messageId));
    const second = put(b);
    // Microtasks only: b's append has started and cannot have finished (that takes I/O).
    for (let tick = 0; tick < 20; tick += 1) await Promise.resolve();
    // c arrives during b's append: its own waits until 5 ms after b's started...
    const third = put(c);
    await vi.waitFor(() => expect(sleeps.map((sleep) => sleep.ms)).toEqual([5]));
    // ...and d, made meanwhile, shares it.
    const fourth = put(d);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(written).toEqual([b.messageId]);
    advance(5);
    sleeps[0]?.wake();
    await Promise.all([second, third, fourth]);
    expect(written).toEqual([b, c, d].map((item) => item.messageId));
    // A put awaited on its own is written at once, however soon after the last append.
    advance(1);
    await outbox.put(e);
    expect(sleeps).toHaveLength(1);
    await outbox.close();
    const reopened = await openOutboxFile(path);
    expect(reopened.items().map((item) => item.messageId)).toEqual(
      [a, b, c, d, e].map((item) => item.messageId),
    );
  });

  it('drops a torn last line (a kill mid-append) and compacts a long journal', async () => {
    const path = await tempFile();
    const outbox = await openOutboxFile(path);
    const item = newOutboxItem(message('torn'), { now: NOW });
    await outbox.put(item);
    await appendFile(path, '{"item":{"messageId":"<torn');
    const reopened = await openOutboxFile(path);
    expect(reopened.items()).toEqual([item]);

    for (let round = 0; round < 1100; round += 1) {
      await reopened.put({ ...item, attempts: round });
    }
    const compacted = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(compacted.length).toBeLessThan(1100);
    expect((await openOutboxFile(path)).items()).toEqual([{ ...item, attempts: 1099 }]);
  });

  it('writes a message once: later states leave it out, and a reopen puts it back', async () => {
    const path = await tempFile();
    const outbox = await openOutboxFile(path);
    const item = newOutboxItem(message('once'), { now: NOW });
    await outbox.put(item);
    const failed = {
      ...item,
      lastError: appError('CONNECTION_REFUSED', 'down'),
      retryAt: NOW.toISOString(),
    };
    await outbox.put(failed);
    const sent = withoutFailure({ ...failed, state: 'accepted' });
    await outbox.put(sent);
    await outbox.close();
    const text = await readFile(path, 'utf8');
    expect(text.split(item.message.text ?? 'no text')).toHaveLength(2);
    expect(text.trimEnd().split('\n')).toHaveLength(4);
    // The last state wins whole: fields it no longer has (the failure) are gone.
    expect((await openOutboxFile(path)).items()).toEqual([sent]);

    // A changed message (an edited draft put back) is written whole again.
    const edited = { ...sent, message: { ...sent.message, text: 'edited text' } };
    const again = await openOutboxFile(path);
    await again.put(edited);
    await again.close();
    expect((await openOutboxFile(path)).items()).toEqual([edited]);
  });

  it('refuses an update of an item the journal never had', async () => {
    const path = await tempFile();
    const outbox = await openOutboxFile(path);
    await outbox.put(newOutboxItem(message('known'), { now: NOW }));
    await outbox.close();
    const fields: Record<string, unknown> = { ...newOutboxItem(message('stranger'), { now: NOW }) };
    delete fields.message;
    await appendFile(
      path,
      `${JSON.stringify({ update: fields })}\n{"sentMemory":{"accountId":"y","serverFiles":true}}\n`,
    );
    await expect(openOutboxFile(path)).rejects.toThrow(/damaged at line 3 \(unknown item\)/);
  });

  it('refuses a file that is not an outbox, or one damaged before its last line', async () => {
    const path = await tempFile();
    await openOutboxFile(path).then((outbox) => outbox.setSentMemory('x', false));
    const journal = await readFile(path, 'utf8');
    await writeFile(path, '{"hello":1}');
    await expect(openOutboxFile(path)).rejects.toThrow(/not a mailcrm outbox file/);
    await writeFile(path, `${journal}{"ver\n{"sentMemory":{"accountId":"y","serverFiles":true}}\n`);
    await expect(openOutboxFile(path)).rejects.toThrow(/damaged at line 3/);
  });

  it('defaults to the XDG state folder', () => {
    expect(defaultOutboxPath({ XDG_STATE_HOME: '/state' }, '/home/a')).toBe(
      '/state/mailcrm/cli-outbox.json',
    );
    expect(defaultOutboxPath({}, '/home/a')).toBe('/home/a/.local/state/mailcrm/cli-outbox.json');
  });
});
