import { TIMELINE_PAGE_SIZE } from '../src/answer/index.js';
import { suggestTopics } from '../src/answer/suggest.js';
import { answerOf, EVERYWHERE, optionalText, pageNumber, pageOption, textOption } from './shared.js';
import { filterOptions, withOutlets } from './filters.js';
import type { Command } from './types.js';

export default {
  data: {
    name: 'timeline',
    description: 'Dated events across the articles, in date order',
    ...EVERYWHERE,
    options: [
      textOption('topic', 'Only events about this topic (leave empty for all)', {
        required: false,
        autocomplete: true,
      }),
      pageOption,
      ...filterOptions,
    ],
  },
  question: true,
  run: (options, ctx) =>
    answerOf(
      ctx,
      'timeline',
      optionalText(options, 'topic'),
      options,
      (pageNumber(options) - 1) * TIMELINE_PAGE_SIZE,
    ),
  autocomplete: withOutlets((focused, ctx) =>
    suggestTopics(ctx.index(), focused.value).map((n) => ({ name: n, value: n })),
  ),
} satisfies Command;
