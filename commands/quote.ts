import { suggestNames } from '../src/answer/suggest.js';
import { answerOf, EVERYWHERE, requireText, textOption } from './shared.js';
import { filterOptions, withOutlets } from './filters.js';
import type { Command } from './types.js';

export default {
  data: {
    name: 'quote',
    description: 'What a person said, quoted from the articles',
    ...EVERYWHERE,
    options: [
      textOption('name', 'The person’s name (any spelling)', { autocomplete: true }),
      ...filterOptions,
    ],
  },
  question: true,
  run: (options, ctx) => answerOf(ctx, 'quote', requireText(options, 'name', '/quote Macron'), options),
  autocomplete: withOutlets((focused, ctx) =>
    suggestNames(ctx.index(), focused.value, 'person').map((n) => ({ name: n, value: n })),
  ),
} satisfies Command;
