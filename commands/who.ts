import { suggestNames } from '../src/answer/suggest.js';
import { answerOf, EVERYWHERE, requireText, textOption } from './shared.js';
import { filterOptions, withOutlets } from './filters.js';
import type { Command } from './types.js';

export default {
  data: {
    name: 'who',
    description: 'Who a person is, according to the articles',
    ...EVERYWHERE,
    options: [
      textOption('name', 'The person’s name (any spelling)', { autocomplete: true }),
      ...filterOptions,
    ],
  },
  question: true,
  run: (options, ctx) => answerOf(ctx, 'who', requireText(options, 'name', '/who Macron'), options),
  autocomplete: withOutlets((focused, ctx) =>
    suggestNames(ctx.index(), focused.value, 'person').map((n) => ({ name: n, value: n })),
  ),
} satisfies Command;
