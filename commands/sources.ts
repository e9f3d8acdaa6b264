import { answerOf, EVERYWHERE } from './shared.js';
import type { Command } from './types.js';

export default {
  data: {
    name: 'sources',
    description: 'The articles Dossier answers from',
    ...EVERYWHERE,
  },
  question: true,
  run: (_options, ctx) => answerOf(ctx, 'sources', ''),
} satisfies Command;
