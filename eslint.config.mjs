// Lint: typescript-eslint with type information, plus the dependency rule of ARCHITECTURE.md as
// one `no-restricted-imports` fence per folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SDKS = [
  'botbuilder', 'botbuilder-*', 'botframework-*', 'restify', 'restify-*', '@azure/*', '@microsoft/*',
  'better-sqlite3', 'adaptivecards', 'adaptivecards-templating', 'adaptive-expressions',
];
const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'child_process', 'net', 'url'];

const fence = (message, group) => ({
  'no-restricted-imports': ['error', { patterns: [{ group, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**', 'test-artifacts/**', '**/*.cjs', '**/*.mjs', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: fence('core/ imports zod and other core files only (ARCHITECTURE.md dependency rule)', [
      ...SDKS, ...NODE_BUILTINS, '**/infra/**', '**/bot/**', '**/cards/**', '**/flows/**',
    ]),
  },
  {
    files: ['cards/**/*.ts'],
    rules: fence('cards/ may import core types and adaptivecards-templating only', [
      ...SDKS.filter((s) => s !== 'adaptivecards-templating'), '**/infra/**', '**/bot/**', '**/flows/**',
    ]),
  },
  {
    files: ['flows/**/*.ts'],
    rules: fence('flows/ reaches I/O through ports only; no SDKs, bot or infra', [...SDKS, '**/infra/**', '**/bot/**']),
  },
  {
    files: ['bot/**/*.ts'],
    ignores: ['bot/main.ts'],
    rules: fence('bot/ translates only; infra is composed in bot/main.ts', ['**/infra/**', '@azure/*', 'better-sqlite3']),
  },
  {
    files: ['infra/**/*.ts'],
    rules: fence('infra/ implements core ports; it must not import bot, cards or flows', ['**/bot/**', '**/cards/**', '**/flows/**']),
  },
  {
    // Tests and benchmarks exercise everything; jest's expect(...) patterns are fine there.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/explicit-module-boundary-types': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      // Fakes implement async ports with synchronous bodies.
      '@typescript-eslint/require-await': 'off',
    },
  },
);
