// Lint, including the design's import rules: client and server meet only through src/shared.
import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const restrict = (patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] })
const group = (group, message, allowTypeImports = false) => ({ group, message, allowTypeImports })

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/out/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/no-v-html': 'off',
    },
  },
  {
    files: ['src/shared/**'],
    rules: restrict([
      group(['**/client/**', '**/server/**', '**/sw/**'], 'src/shared imports nothing else in src'),
      group(['node:*', 'vue', 'dexie', 'fastify'], 'src/shared holds pure code: no node:, no framework'),
    ]),
  },
  {
    files: ['src/client/**'],
    rules: restrict([group(['**/server/**', '**/sw/**', 'node:*'], 'the client meets the server only through src/shared')]),
  },
  {
    files: ['src/client/db/**', 'src/client/sync/**', 'src/client/media/**'],
    rules: restrict([
      group(['**/server/**', '**/sw/**', 'node:*'], 'the client meets the server only through src/shared'),
      group(['vue', 'pinia', 'vue-router', '**/stores/**', '**/components/**', '**/views/**', '**/composables/**'], 'db/, sync/ and media/ hold no Vue, so they test in Node'),
    ]),
  },
  {
    files: ['src/client/search/**'],
    rules: restrict([
      group(['**/server/**', '**/sw/**', 'node:*'], 'the client meets the server only through src/shared'),
      group(['vue', 'pinia', 'vue-router', '**/stores/**', '**/components/**', '**/views/**', '**/composables/**'], 'search/ holds no Vue, so it tests in Node'),
      group(['dexie', '**/db/**'], 'the search worker reads IndexedDB itself: Dexie would add 25 KB to it', true),
    ]),
  },
  {
    files: ['src/client/components/**', 'src/client/views/**'],
    rules: restrict([
      group(['**/server/**', '**/sw/**', 'node:*'], 'the client meets the server only through src/shared'),
      group(['**/db/instances', '**/db/*-db', '**/db/user-actions', '../sync/*', '../../sync/*', 'dexie'], 'components and views reach data through stores and composables', true),
    ]),
  },
  {
    files: ['src/sw/**'],
    rules: restrict([group(['**/client/**', '**/server/**'], 'the service worker imports only src/shared')]),
  },
  {
    files: ['src/server/**'],
    rules: restrict([group(['**/client/**', '**/sw/**'], 'the server meets the client only through src/shared')]),
  },
  {
    files: ['src/server/routes/**'],
    rules: restrict([
      group(['**/client/**', '**/sw/**'], 'the server meets the client only through src/shared'),
      group(['kysely', 'better-sqlite3', 'pg'], 'routes never build SQL: call a repository'),
    ]),
  },
)
