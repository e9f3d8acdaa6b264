import { suggestTopics } from '../src/answer/suggest.js';
import { answerOf, EVERYWHERE, requireText, textOption } from './shared.js';
import { filterOptions, withOutlets } from './filters.js';
import type { Command } from './types.js';

export default {
  data: {
    name: 'when',
    description: 'When something happened or will happen, with dates from the articles',
    ...EVERYWHERE,
    options: [
      textOption('event', 'The event, e.g. a meeting or an announcement', { autocomplete: true }),
      ...filterOptions,
    ],
  },
  question: true,
  run: (options, ctx) => answerOf(ctx, 'when', requireText(options, 'event', '/when summit'), options),
  autocomplete: withOutlets((focused, ctx) =>
    suggestTopics(ctx.index(), focused.value).map((n) => ({ name: n, value: n })),
  ),
} satisfies Command;
