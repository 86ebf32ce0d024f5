// Type-aware lint with layer rules: each folder may import only what its runtime has.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const project = (name) => (name ? `./tsconfig.${name}.json` : './tsconfig.json');

const electronImports = {
  group: ['electron', 'electron/*'],
  message: 'Only src/main and src/preload may import electron.',
};
const nodeImports = {
  group: [
    'node:*',
    'fs',
    'path',
    'os',
    'net',
    'tls',
    'child_process',
    'crypto',
    'keytar',
    'imapflow',
    'nodemailer',
    'mailparser',
    'conf',
    'electron-store',
    'ws',
  ],
  message: 'This layer runs without Node.',
};
const mainImports = {
  group: ['**/main/**', '**/core/**', '**/web/**', '**/cli/**'],
  message: 'The renderer reaches main only through the contract.',
};
const domImports = {
  group: ['react', 'react-dom', 'dexie', 'zustand', '**/renderer/**'],
  message: 'Main-side code never imports renderer code.',
};

/** Layer rule: a folder, its tsconfig project and the imports it must not use. */
function layer(files, tsProject, forbidden) {
  return {
    files,
    languageOptions: { parserOptions: { project: project(tsProject) } },
    rules: { 'no-restricted-imports': ['error', { patterns: forbidden }] },
  };
}

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { project: project(''), tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-expressions': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  layer(['src/shared/**/*.ts'], 'shared', [electronImports, nodeImports, mainImports, domImports]),
  layer(['src/main/core/**/*.ts'], 'core', [electronImports, domImports]),
  layer(['src/main/*.ts', 'src/main/adapters/**/*.ts'], 'main', [domImports]),
  layer(['src/preload/**/*.ts'], 'preload', [nodeImports, mainImports, domImports]),
  {
    ...layer(['src/renderer/**/*.{ts,tsx}'], 'renderer', [
      electronImports,
      nodeImports,
      mainImports,
    ]),
    plugins: { 'react-hooks': reactHooks },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  layer(['src/web/**/*.ts'], 'web', [electronImports, domImports]),
  layer(['src/cli/**/*.ts'], 'cli', [electronImports, domImports]),
  layer(['test/**/*.ts', 'bench/**/*.ts'], 'test', [electronImports]),
  layer(['test/browser/**/*.{ts,tsx}'], 'browser-test', [
    electronImports,
    nodeImports,
    mainImports,
  ]),
);
