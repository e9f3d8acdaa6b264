import { SEARCH_PAGE_SIZE } from '../src/answer/index.js';
import { answerOf, EVERYWHERE, pageNumber, pageOption, requireText, textOption } from './shared.js';
import type { Command } from './types.js';

export default {
  data: {
    name: 'search',
    description: 'Ranked passages that match your words',
    ...EVERYWHERE,
    options: [textOption('terms', 'Words to look for (spelling mistakes are tolerated)'), pageOption],
  },
  question: true,
  run: (options, ctx) =>
    answerOf(
      ctx,
      'search',
      requireText(options, 'terms', '/search ceasefire'),
      (pageNumber(options) - 1) * SEARCH_PAGE_SIZE,
    ),
} satisfies Command;
