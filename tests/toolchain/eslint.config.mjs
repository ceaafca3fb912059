// ESLint for forgewright's own JavaScript: the runtime copied into generated apps, its static frontends, the
// runtime's tests, and the studio's page. Run from the repository root: eslint --config tests/toolchain/eslint.config.mjs PATH...
import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.jsx'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      parserOptions: { ecmaFeatures: { jsx: true } },
      globals: { ...globals.node },
    },
    rules: {
      'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-shadow': 'error',
    },
  },
  {
    // JSX names are used by the JSX itself; eslint's core rules cannot see that without a React plugin.
    files: ['**/*.jsx'],
    rules: { 'no-unused-vars': ['error', { varsIgnorePattern: '^[A-Z]|^React$', args: 'after-used' }] },
  },
  {
    // the studio's page runs in the browser, not in Node
    files: ['forgewright/studio/static/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
];
