import { SEARCH_PAGE_SIZE } from '../src/answer/index.js';
import { answerOf, EVERYWHERE, pageNumber, pageOption, requireText, textOption } from './shared.js';
import { filterOptions, withOutlets } from './filters.js';
import type { Command } from './types.js';

export default {
  data: {
    name: 'search',
    description: 'Ranked passages that match your words',
    ...EVERYWHERE,
    options: [
      textOption('terms', 'Words to look for (spelling mistakes are tolerated)'),
      pageOption,
      ...filterOptions,
    ],
  },
  question: true,
  run: (options, ctx) =>
    answerOf(
      ctx,
      'search',
      requireText(options, 'terms', '/search ceasefire'),
      options,
      (pageNumber(options) - 1) * SEARCH_PAGE_SIZE,
    ),
  autocomplete: withOutlets(),
} satisfies Command;
