import { answerOf, EVERYWHERE, requireText, textOption } from './shared.js';
import { filterOptions, withOutlets } from './filters.js';
import type { Command } from './types.js';

export default {
  data: {
    name: 'ask',
    description: 'Ask a question in plain English (who, when, where, how many, what…)',
    ...EVERYWHERE,
    options: [
      textOption('question', 'Your question, e.g. How many troops are near the border?'),
      ...filterOptions,
    ],
  },
  question: true,
  run: (options, ctx) =>
    answerOf(ctx, 'ask', requireText(options, 'question', '/ask Who met on Thursday?'), options),
  autocomplete: withOutlets(),
} satisfies Command;
