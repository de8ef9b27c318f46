// Lint for the whole repository (`npm run lint`, part of `npm test`). Besides typescript-eslint's
// recommended rules it holds the architecture in place, as VS Code's and Signal's lint holds theirs:
//   - no import cycles, anywhere (type imports included: a cycle of types is still a knot to untie);
//   - the desktop's layers: shared ← core ← main / dev-bridge; the renderer knows only shared and
//     browser-safe packages; only main and preload import electron; the tunnel service is its own
//     privileged program; nothing shipped imports the region harness (the demo) or tests;
//   - the backend's domain modules never import the RPC layer, the admin CLI or the benchmarks, and the SS-MIX2
//     reader (backend/src/interop/ssmix2) imports nothing of the backend at all; the desktop sees
//     the backend only through @renkei/backend/test-support;
//   - @renkei/proto (the contract) and @renkei/wireguard (the driver) import no package of ours.
// Formatting is Prettier's (.prettierrc.json); eslint-config-prettier turns off what would clash.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** A zone of import-x/no-restricted-paths: files in `target` may not import from `from`. */
const zone = (target, from, message) => ({ target, from, message });

const DESKTOP_LAYERS = ['core', 'main', 'preload', 'renderer', 'dev-bridge', 'tunnel-service', 'shared'];
const otherDesktopLayers = (...allowed) => DESKTOP_LAYERS.filter((layer) => !allowed.includes(layer)).map((layer) => `./desktop/src/${layer}`);

/** What the sandboxed renderer may import besides its own modules and src/shared: browser code without network or Node. */
const RENDERER_PACKAGES = [
  'react',
  'react/jsx-runtime',
  'react-dom/client',
  '@tanstack/react-query',
  'react-intl',
  '@formatjs/intl',
  '@formatjs/icu-messageformat-parser',
  '@renkei/proto/labels',
  '@renkei/proto/japanese-search',
  '@renkei/proto/error-reasons',
  '@renkei/proto/document-limits',
  '@renkei/proto/field-violations',
  '@renkei/proto/password-rule',
  '@renkei/proto/template-forms',
  '@renkei/proto/calendar',
  '@renkei/proto/chart-rules',
  '@renkei/proto/regional-number',
  '@renkei/proto/care-team-order',
  '@renkei/proto/audit-actions',
  'pdfjs-dist',
  'pdfjs-dist/build/pdf.worker.min.mjs?worker&url',
  'utif2',
  'uplot',
  'uplot/dist/uPlot.min.css',
  'diff',
];
const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export default tseslint.config(
  {
    // coverage/: the test-coverage report at the root only; backend/src/coverage is code.
    ignores: ['**/node_modules/', '**/dist/', '**/generated/', '**/release/', 'desktop/test-results/', 'desktop/playwright-report/', 'coverage/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    plugins: { 'import-x': importX },
    settings: {
      // import-x reads the modules it follows (for cycles) only with these: TypeScript's parser and extensions.
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['proto/tsconfig.json', 'proto/wireguard/tsconfig.json', 'backend/tsconfig.json', 'desktop/tsconfig*.json', 'installer/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Handlers are typed per service by their callers (rpc/dispatcher.ts); `any` is kept to those seams.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-control-regex': 'off',
      // The ideographic space (U+3000) is real Japanese text: allowed in strings, templates, regular
      // expressions and comments, never as code's own whitespace.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipRegExps: true, skipComments: true }],
    },
  },
  // Node scripts and configs written in plain JavaScript.
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // ---- proto: the contract ----
  {
    files: ['proto/src/**', 'proto/scripts/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@renkei/*'], message: 'The contract imports no package of ours.' }] }],
    },
  },
  {
    files: ['proto/wireguard/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@renkei/*'], message: 'The WireGuard driver imports no package of ours.' }] }],
    },
  },

  // ---- backend: domain modules below the RPC layer and the CLI ----
  {
    files: ['backend/src/**'],
    ignores: ['backend/src/rpc/**', 'backend/src/cli/**', 'backend/src/server/**'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zone('./backend/src', './backend/src/rpc', 'Domain modules do not know the RPC layer: the dispatcher and services call them.'),
            zone('./backend/src', './backend/src/cli', 'Domain modules do not know the admin CLI.'),
            zone('./backend/src', './backend/src/server', 'Domain modules do not know the server process.'),
            zone('./backend/src', './backend/bench', 'Nothing shipped imports the benchmarks.'),
            {
              target: './backend/src/interop/ssmix2',
              from: './backend/src',
              except: ['./interop/ssmix2'],
              message:
                'The SS-MIX2 reader is a pure layer (files in, typed facts out): no database, no access rules, no audit. The importer above it does those.',
            },
          ],
        },
      ],
    },
  },

  // ---- desktop: process layers ----
  {
    files: ['desktop/src/**'],
    ignores: ['desktop/src/main/**', 'desktop/src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only main and preload import electron; the rest runs in plain Node or the browser.' }] },
      ],
    },
  },
  {
    // Main's pure helpers run in plain Node tests.
    files: ['desktop/src/main/window-bounds.ts', 'desktop/src/main/tray-status.ts', 'desktop/src/main/tray-icon.ts', 'desktop/src/main/navigation-policy.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: "Main's pure helpers stay free of electron so they run in Node tests." }] }],
    },
  },
  {
    // One list of zones for the whole desktop package: a later config object would replace this rule, not add to it.
    files: ['desktop/**'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zone('./desktop/src/shared', otherDesktopLayers('shared'), 'src/shared is pure types and helpers every layer may use; it imports none of them.'),
            zone(
              './desktop/src/core',
              otherDesktopLayers('core', 'shared'),
              'The core is plain Node: it never reaches into the Electron, renderer, bridge or tunnel-service layers.',
            ),
            zone('./desktop/src/tunnel-service', otherDesktopLayers('tunnel-service'), 'The tunnel service is a separate privileged program.'),
            zone('./desktop/src/renderer', otherDesktopLayers('renderer', 'shared'), 'The renderer knows only the DesktopApi (src/shared).'),
            zone('./desktop/src/preload', otherDesktopLayers('preload', 'shared'), 'The preload exposes DesktopApi over IPC and nothing else.'),
            zone(
              './desktop/src/main',
              ['./desktop/src/renderer', './desktop/src/dev-bridge', './desktop/src/tunnel-service'],
              'Main adapts the core to Electron.',
            ),
            zone(
              './desktop/src/dev-bridge',
              ['./desktop/src/renderer', './desktop/src/main', './desktop/src/preload', './desktop/src/tunnel-service'],
              'The bridge adapts the core to a browser.',
            ),
            zone(
              './desktop/src',
              ['./desktop/region', './desktop/test', './desktop/bench'],
              'Nothing shipped imports the region harness (the demo), tests or benchmarks.',
            ),
            zone(
              './desktop',
              './backend/src',
              "The desktop reaches the backend's code only through its package entry points (@renkei/backend/test-support in tests).",
            ),
            // The package entry resolves to backend/test/support/index.ts: that one file is the way in.
            {
              ...zone(
                './desktop',
                './backend/test',
                "The desktop reaches the backend's code only through its package entry points (@renkei/backend/test-support in tests).",
              ),
              except: ['./support/index.ts'],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['desktop/src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\.|electron$)', message: 'The preload exposes the DesktopApi over IPC: it imports electron and src/shared only.' }] },
      ],
    },
  },
  {
    files: ['desktop/src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./)',
              message: 'src/shared is pure types and helpers that every layer, the sandboxed renderer included, may load: it imports only its own modules.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['desktop/src/renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer knows only the DesktopApi.' }],
          patterns: [
            {
              regex: `^(?!\\.|(${RENDERER_PACKAGES.map(escapeRegex).join('|')})$)`,
              message:
                'The sandboxed renderer imports only React, its own modules, src/shared and browser-safe packages (see RENDERER_PACKAGES in eslint.config.js).',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
