/** The conf settings store: one JSON file shared by every process, damage reported. */
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createConfSettingsStore } from '../../../src/main/core/adapters/conf-settings-store';
import { AppFailure } from '../../../src/shared/errors';

const rig = inject('rig');

describe('createConfSettingsStore', () => {
  it("writes electron-store's config.json, owner-only, seen at once by a second store", async () => {
    const cwd = await mkdtemp(join(rig.tempDir, 'conf-'));
    const first = createConfSettingsStore({ cwd });
    const second = createConfSettingsStore({ cwd });
    expect(first.path).toBe(join(cwd, 'config.json'));
    expect(first.get('accounts')).toBeUndefined();

    first.set('accounts', [{ id: 'a' }]);
    first.set('defaultSenderId', null);
    expect(second.get('accounts')).toEqual([{ id: 'a' }]);
    expect(JSON.parse(await readFile(first.path, 'utf8'))).toEqual({
      accounts: [{ id: 'a' }],
      defaultSenderId: null,
    });
    expect((await stat(first.path)).mode & 0o777).toBe(0o600);
  });

  it('uses the given file name', async () => {
    const cwd = await mkdtemp(join(rig.tempDir, 'conf-'));
    const store = createConfSettingsStore({ cwd, configName: 'bridge' });
    store.set('x', 1);
    expect(store.path).toBe(join(cwd, 'bridge.json'));
  });

  it('reports a damaged file instead of starting over', async () => {
    const cwd = await mkdtemp(join(rig.tempDir, 'conf-'));
    const file = join(cwd, 'config.json');
    const store = createConfSettingsStore({ cwd });
    store.set('accounts', []);
    await writeFile(file, '{"accounts": [', 'utf8');

    // Damaged while running, and damaged at start.
    for (const attempt of [() => store.get('accounts'), () => createConfSettingsStore({ cwd })]) {
      let thrown: unknown;
      try {
        attempt();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AppFailure);
      expect((thrown as AppFailure).error.code).toBe('INTERNAL');
      expect((thrown as AppFailure).error.message).toContain(
        `The settings file ${file} cannot be read`,
      );
    }
    // Nothing was overwritten.
    expect(await readFile(file, 'utf8')).toBe('{"accounts": [');
  });
});
