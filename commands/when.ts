import { suggestTopics } from '../src/answer/suggest.js';
import { answerOf, EVERYWHERE, requireText, textOption } from './shared.js';
import type { Command } from './types.js';

export default {
  data: {
    name: 'when',
    description: 'When something happened or will happen, with dates from the articles',
    ...EVERYWHERE,
    options: [textOption('event', 'The event, e.g. a meeting or an announcement', { autocomplete: true })],
  },
  question: true,
  run: (options, ctx) => answerOf(ctx, 'when', requireText(options, 'event', '/when summit')),
  autocomplete: (focused, ctx) =>
    suggestTopics(ctx.index(), focused.value).map((n) => ({ name: n, value: n })),
} satisfies Command;
