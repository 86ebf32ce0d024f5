/** The contract handlers: app.info, the app.openExternal URL check, and accounts.* wiring. */
import { describe, expect, it, inject } from 'vitest';
import { createHandlers } from '../../../src/main/core/app/create-handlers';
import type { CallContext } from '../../../src/shared/ipc/define';
import { createTestCore, firstUser, rigDraft } from './core-deps';

const rig = inject('rig');
const context: CallContext = { transport: 'memory', signal: { aborted: false } };

describe('app.openExternal', () => {
  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'mailto:someone@example.test',
    'not a url',
    '/relative/path',
  ])('refuses %s', async (url) => {
    const core = await createTestCore(rig);
    const handlers = createHandlers(core.deps);
    await expect(handlers['app.openExternal']({ url }, context)).rejects.toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });
    expect(core.opened).toEqual([]);
  });

  it('passes http and https URLs to the browser, normalised', async () => {
    const core = await createTestCore(rig);
    const handlers = createHandlers(core.deps);
    await handlers['app.openExternal']({ url: 'https://Example.test/a b?x=1' }, context);
    await handlers['app.openExternal']({ url: 'http://example.test' }, context);
    expect(core.opened).toEqual(['https://example.test/a%20b?x=1', 'http://example.test/']);
  });
});

describe('app.info', () => {
  it('reports the version, the runtime and that the keychain is reachable', async () => {
    const core = await createTestCore(rig);
    const info = await createHandlers(core.deps)['app.info']({}, context);
    expect(info).toEqual({
      version: '0.0.0-test',
      runtime: 'web',
      secretStore: { available: true },
    });
  });
});

describe('accounts.*', () => {
  it('creates, lists, duplicates, disables and removes through the handlers', async () => {
    const core = await createTestCore(rig);
    const handlers = createHandlers(core.deps);
    const anna = firstUser(rig);
    const detected = await handlers['accounts.detect']({ address: anna.email }, context);
    expect(detected.imap.host).toBe(rig.hostname);

    const draft = rigDraft(rig, anna);
    const created = await handlers['accounts.create'](
      { draft, credentials: { password: anna.password } },
      context,
    );
    const copy = await handlers['accounts.duplicate']({ id: created.id }, context);
    await handlers['accounts.setEnabled']({ id: copy.id, enabled: false }, context);
    const updated = await handlers['accounts.update'](
      { id: created.id, draft: { ...draft, name: 'Work' }, credentials: {} },
      context,
    );
    expect(updated.name).toBe('Work');
    const tested = await handlers['accounts.testConnection'](
      { draft, credentials: {}, accountId: created.id },
      context,
    );
    expect(tested.imap.ok).toBe(true);
    expect((await handlers['accounts.list']({}, context)).map((a) => [a.name, a.status])).toEqual([
      ['Work', 'active'],
      [`${draft.name} (copy)`, 'disabled'],
    ]);
    await handlers['accounts.remove']({ id: copy.id }, context);
    await handlers['accounts.remove']({ id: created.id }, context);
    expect(await handlers['accounts.list']({}, context)).toEqual([]);
  });
});
