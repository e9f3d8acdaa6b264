import { answerOf, EVERYWHERE, requireText, textOption } from './shared.js';
import { filterOptions, withOutlets } from './filters.js';
import type { Command } from './types.js';

export default {
  data: {
    name: 'what',
    description: 'The best passages on a topic, with a one-line gist',
    ...EVERYWHERE,
    options: [textOption('topic', 'The topic, e.g. sanctions or ceasefire'), ...filterOptions],
  },
  question: true,
  run: (options, ctx) => answerOf(ctx, 'what', requireText(options, 'topic', '/what ceasefire'), options),
  autocomplete: withOutlets(),
} satisfies Command;
