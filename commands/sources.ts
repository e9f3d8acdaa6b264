import { answerOf, EVERYWHERE } from './shared.js';
import { filterOptions, withOutlets } from './filters.js';
import type { Command } from './types.js';

export default {
  data: {
    name: 'sources',
    description: 'The articles Dossier answers from',
    ...EVERYWHERE,
    options: [...filterOptions],
  },
  question: true,
  run: (options, ctx) => answerOf(ctx, 'sources', '', options),
  autocomplete: withOutlets(),
} satisfies Command;
