import { answerSearch } from '../src/answer/index.js';
import { answer, EVERYWHERE, pageNumber, pageOption, requireText, textOption } from './shared.js';
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
    answer(
      answerSearch(ctx.index(), requireText(options, 'terms', '/search ceasefire'), pageNumber(options)),
    ),
} satisfies Command;
