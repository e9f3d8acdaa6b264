// @ts-check
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { includeIgnoreFile } from '@eslint/compat';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Small files with one job and functions a reader can hold (docs/DESIGN.md, style). */
const sizeLimits = {
  files: ['src/**/*.ts', 'src/**/*.mjs', 'commands/**/*.ts'],
  rules: {
    'max-lines': ['error', { max: 600 }],
    'max-lines-per-function': ['error', { max: 120 }],
  },
};

/** process.env is read in one place only. */
const envOnlyInConfig = {
  files: ['src/**', 'commands/**'],
  ignores: ['src/config.ts'],
  rules: {
    'no-restricted-properties': [
      'error',
      { object: 'process', property: 'env', message: 'Read configuration through src/config.ts.' },
    ],
  },
};

/**
 * Regexes on the answer path are module-level constants: V8 drops the compiled code of a regex
 * literal inside a function after two major collections without use and compiles it again on its
 * next use (1-10 ms on the first question after a reindex). See docs/DESIGN.md.
 */
const regexConstantsOnAnswerPath = {
  files: ['src/corpus/**', 'src/index/**', 'src/answer/**', 'src/render/**'],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector: ':function Literal[regex]',
        message:
          'Hoist this regex to a module-level constant (docs/DESIGN.md: V8 recompiles idle regex literals).',
      },
      {
        selector: "CallExpression[callee.property.name='matchAll']",
        message:
          'Use matchesOf(re, text) (src/corpus/text.ts): matchAll runs a copy of the pattern, recompiled after two idle GCs.',
      },
    ],
  },
};

/**
 * The layers (docs/DESIGN.md): corpus → index → answer → commands and render → serve → the surfaces
 * (bot, cli, playground). A layer imports only from below it; the surfaces reach the core through
 * serve, commands and render. config, log and errors sit below everything.
 */
const layer = (files, forbidden, why, { discord = false, ignores = [] } = {}) => ({
  files,
  ignores,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        // The core never knows about Discord: only the bot and the Discord renderer may import it.
        paths: discord
          ? []
          : [{ name: 'discord.js', message: 'The core stays surface-free (docs/DESIGN.md).' }],
        patterns: [
          { group: forbidden.map((dir) => `**/${dir}/**`), message: `${why} (docs/DESIGN.md, layers).` },
          ...(discord ? [] : [{ group: ['@discordjs/*'], message: 'The core stays surface-free.' }]),
        ],
      },
    ],
  },
});
const surfaces = ['bot', 'cli', 'playground'];
const layerRules = [
  layer(
    ['src/corpus/**'],
    ['index', 'answer', 'render', 'commands', 'serve', ...surfaces],
    'corpus is the bottom layer',
  ),
  layer(
    ['src/index/**'],
    ['answer', 'render', 'commands', 'serve', ...surfaces],
    'the index never imports what answers',
  ),
  layer(
    ['src/answer/**'],
    ['render', 'commands', 'serve', ...surfaces],
    'answer knows no surface, renderer or service',
  ),
  layer(['src/render/**'], ['commands', 'serve', ...surfaces], 'render only formats answers', {
    ignores: ['src/render/discord/**'],
  }),
  layer(['src/render/discord/**'], ['commands', 'serve', ...surfaces], 'render only formats answers', {
    discord: true,
  }),
  layer(['commands/**'], ['serve', ...surfaces], 'commands are surface-free'),
  layer(['src/serve/**'], surfaces, 'serve stands below the surfaces'),
  layer(
    ['src/bot/**', 'src/cli/**', 'src/playground/**'],
    ['index', 'answer', 'corpus'],
    'surfaces import only serve, commands and render',
    { discord: true },
  ),
];

export default tseslint.config(
  includeIgnoreFile(path.join(path.dirname(fileURLToPath(import.meta.url)), '.gitignore')),
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...layerRules,
  sizeLimits,
  envOnlyInConfig,
  regexConstantsOnAnswerPath,
);
