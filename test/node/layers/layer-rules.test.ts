import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The layer rules in eslint.config.js, checked on probe files that break them. The probes are not
// in any tsconfig project, so type-aware rules are switched off for them.
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: tseslint.configs.disableTypeChecked,
});

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('layer rules', () => {
  it.each([
    ['src/shared/probe.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['src/shared/probe.ts', "import { readFile } from 'node:fs';\nexport const x = readFile;\n"],
    ['src/main/core/probe.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['src/renderer/probe.ts', "import { readFile } from 'node:fs';\nexport const x = readFile;\n"],
    [
      'src/renderer/probe.ts',
      "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
    ],
    [
      'src/renderer/probe.ts',
      "import { createHandlers } from '../main/core/app/create-handlers';\nexport const x = createHandlers;\n",
    ],
  ])('%s refuses %s', async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toHaveLength(1);
  });

  it('lets core use Node and the renderer use the contract', async () => {
    expect(
      await restrictedImports(
        'src/main/core/probe.ts',
        "import { readFile } from 'node:fs';\nexport const x = readFile;\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        'src/renderer/probe.ts',
        "import { contract } from '../shared/contract';\nexport const x = contract;\n",
      ),
    ).toEqual([]);
  });
});
