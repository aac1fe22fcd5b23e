// Lint: typescript-eslint's recommended rules, plus the architecture boundaries (docs/architecture.md):
//   src/core/**            no `vscode`, no Node built-in, nothing outside src/core (no adapters, no messaging, no bench/)
//   src/messaging/*.ts     no `vscode`, no Node built-in; from src/ only src/core. The shared layer
//                          (channel, protocol, diagnostics) is bundled into the webview, so it takes
//                          only *type* imports from src/core
//   webview/**             no `vscode`, no Node built-in; from project code only the shared layer
// Static imports and re-exports are checked by @typescript-eslint/no-restricted-imports; dynamic
// `import()` and `require()` by no-restricted-syntax. test/unit/lint/boundaries.test.ts checks each rule fires.
// Relative paths are checked as written: a file d folders below src/core/ (or webview/) leaves it with
// d + 1 leading '../', so each depth gets its own block (up to MAX_DEPTH).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const MAX_DEPTH = 5;
const NODE_BUILTINS = builtinModules.filter(m => !m.startsWith('_'));
const NODE_RE = `^(node:.*|(${NODE_BUILTINS.join('|')}))$`;
const VSCODE_RE = '^vscode$';

const MSG = {
  vscode: 'src/core, src/messaging and webview/ must not depend on the VS Code API.',
  node: 'src/core, src/messaging and webview/ are pure: no Node built-ins (file, process and network I/O belong in the adapters under src/).',
  core: 'src/core imports only src/core and libraries: no adapters (src/*), no messaging, no bench/.',
  webview: 'webview/ imports only its own files, libraries and the shared message layer (src/messaging/channel, protocol, diagnostics, investigationProtocol).',
  messaging: 'src/messaging imports only itself, src/core and libraries: no adapters.',
  shared: 'src/messaging/{channel,protocol,diagnostics}.ts are bundled into the webview: from src/core they may only import types.',
};

/** One boundary: static imports via the typescript-eslint rule, dynamic import()/require() via selectors. */
function boundary(files, restricted) {
  const patterns = restricted.map(([regex, message, allowTypeImports]) => ({
    regex,
    message,
    caseSensitive: true,
    ...(allowTypeImports ? { allowTypeImports } : {}),
  }));
  // Dynamic imports: the same regexes (type-only imports cannot be dynamic, so none is allowed).
  const selectors = restricted.flatMap(([regex, message]) => {
    const re = `/${regex.replaceAll('/', '\\/')}/`;
    return [
      { selector: `ImportExpression[source.value=${re}]`, message },
      { selector: `CallExpression[callee.name='require'][arguments.0.value=${re}]`, message },
    ];
  });
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
      'no-restricted-syntax': ['error', ...selectors],
    },
  };
}

const depths = Array.from({ length: MAX_DEPTH + 1 }, (_, d) => d);
const up = d => `(\\.\\./){${d + 1}}`;

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'bench/out/**', 'test-results/**', 'demo/**', '*.vsix', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  ...depths.map(d =>
    boundary(
      [`src/core/${'*/'.repeat(d)}*.ts`],
      [
        [VSCODE_RE, MSG.vscode],
        [NODE_RE, MSG.node],
        [`^${up(d)}`, MSG.core], // leaving src/core: adapters, protocol, bench/
      ],
    ),
  ),
  ...depths.map(d =>
    boundary(
      [`webview/${'*/'.repeat(d)}*.ts`],
      [
        [VSCODE_RE, MSG.vscode],
        [NODE_RE, MSG.node],
        [`^${up(d)}(?!src/messaging/(channel|protocol|diagnostics|investigationProtocol)$)`, MSG.webview],
      ],
    ),
  ),
  boundary(
    ['src/messaging/*.ts'],
    [
      [VSCODE_RE, MSG.vscode],
      [NODE_RE, MSG.node],
      ['^\\.\\./(?!core/)', MSG.messaging],
    ],
  ),
  // A later block replaces the earlier one's options for the same rule, so it repeats them.
  boundary(
    ['src/messaging/channel.ts', 'src/messaging/protocol.ts', 'src/messaging/diagnostics.ts'],
    [
      [VSCODE_RE, MSG.vscode],
      [NODE_RE, MSG.node],
      ['^\\.\\./(?!core/)', MSG.messaging],
      ['^\\.\\./core/', MSG.shared, true],
    ],
  ),
  // Layout is prettier's (.prettierrc.json, checked by `npm run lint`): no ESLint rule may disagree with it.
  prettier,
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
