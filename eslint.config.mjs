// Lint config. Its main job is DESIGN.md's import rules, enforced here rather than by discipline:
// core/, local/ and cli/ never import vscode, extension/host or webviews/; webviews/ never imports
// extension/; webviews/protocol/ imports nothing but itself.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const vscodeBan = { name: 'vscode', message: 'Only extension/host and extension/main.ts may import vscode (DESIGN.md import rules).' };
const hostBan = { group: ['**/host', '**/host/**'], message: 'core/, local/ and cli/ must not depend on extension/host.' };
const webviewsBan = { group: ['**/webviews', '**/webviews/**'], message: 'Extension code must not import webview code.' };

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.vscode-test/**', 'test-results/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        fetch: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits or catches, a promise where a callback's result
    // is ignored, a switch that forgets a case of a union, an assertion the types already prove.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
    },
  },
  {
    // CommonJS files loaded by mocha or VS Code with require(): the reporter and the test-runner extension.
    files: ['**/*.cjs', 'test/tools/integrationRunner/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['extension/core/**/*.ts'],
    rules: {
      // core/ is the bottom layer: local/ (the daemon) and cli/ build on it, never the reverse.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [vscodeBan],
          patterns: [hostBan, webviewsBan, { group: ['**/local/**', '**/cli/**'], message: 'core/ must not depend on local/ or cli/.' }],
        },
      ],
    },
  },
  {
    files: ['extension/local/**/*.ts', 'extension/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [vscodeBan], patterns: [hostBan, webviewsBan] }],
    },
  },
  {
    // extension/host speaks to its panels through the typed messages of webviews/protocol, and
    // through nothing else of webviews/.
    files: ['extension/**/*.ts'],
    ignores: ['extension/core/**', 'extension/local/**', 'extension/cli/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)webviews(/(?!protocol(/|$)).*)?$',
              message: 'extension/host may import webviews/protocol only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['webviews/**/*.ts'],
    ignores: ['webviews/protocol/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [vscodeBan],
          patterns: [
            { group: ['**/extension', '**/extension/**'], message: 'Webviews talk to the extension through webviews/protocol only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['webviews/protocol/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [vscodeBan],
          patterns: [
            { regex: '^(?!\\./)', message: 'webviews/protocol imports nothing but itself.' },
            { group: ['../*'], message: 'webviews/protocol imports nothing but itself.' },
          ],
        },
      ],
    },
  },
);
