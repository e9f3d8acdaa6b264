// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The core never knows about Discord: only the bot and the Discord renderer may import it. */
const noDiscordInCore = {
  files: ['src/corpus/**', 'src/index/**', 'src/answer/**', 'src/serve/**', 'src/render/**'],
  ignores: ['src/render/discord/**'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [{ name: 'discord.js', message: 'The core stays surface-free (see docs/DESIGN.md).' }],
        patterns: [{ group: ['@discordjs/*'], message: 'The core stays surface-free.' }],
      },
    ],
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
    ],
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', '.cache/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  noDiscordInCore,
  envOnlyInConfig,
  regexConstantsOnAnswerPath,
);
