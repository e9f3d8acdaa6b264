import { suggestNames } from '../src/answer/suggest.js';
import { answerOf, EVERYWHERE, requireText, textOption } from './shared.js';
import { filterOptions, withOutlets } from './filters.js';
import type { Command } from './types.js';

export default {
  data: {
    name: 'where',
    description: 'Where something is or took place, according to the articles',
    ...EVERYWHERE,
    options: [
      textOption('thing', 'The event, group or thing to place', { autocomplete: true }),
      ...filterOptions,
    ],
  },
  question: true,
  run: (options, ctx) => answerOf(ctx, 'where', requireText(options, 'thing', '/where talks'), options),
  autocomplete: withOutlets((focused, ctx) =>
    suggestNames(ctx.index(), focused.value, 'place').map((n) => ({ name: n, value: n })),
  ),
} satisfies Command;
