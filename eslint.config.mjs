// Lint for the whole repository: TypeScript sources and tests, plus the Node and browser scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import litPlugin from 'eslint-plugin-lit';
import wcPlugin from 'eslint-plugin-wc';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'examples/**/dist/**', 'examples/**/.angular/**', 'bench/results.json', 'custom-elements.json'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    plugins: { lit: litPlugin, wc: wcPlugin },
    rules: {
      ...litPlugin.configs.recommended.rules,
      ...wcPlugin.configs.recommended.rules,
      ...wcPlugin.configs['best-practice'].rules,
    },
    settings: { wc: { elementBaseClasses: ['ReactiveElement'] } },
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/server/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.tsx', 'test/fixtures/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.mocha } },
    rules: { '@typescript-eslint/no-unused-expressions': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Test and bench scripts run in Node but hand callbacks to the browser (page.evaluate).
    files: ['test/**/*.mjs', 'bench/**/*.mjs', 'examples/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { 'no-redeclare': ['error', { builtinGlobals: false }] },
  },
  {
    files: ['demo/**/*.js', 'demo/dittofeed/public/**'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'module' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
