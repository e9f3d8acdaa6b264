// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The core never knows about Discord: only the bot and the Discord renderer may import it. */
const noDiscordInCore = {
  files: ['src/corpus/**', 'src/index/**', 'src/answer/**', 'src/render/**'],
  ignores: ['src/render/discord.ts', 'src/render/discord/**'],
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
);
