/**
 * "Which <role> said <words>?": whoever the passages quote saying those words, though the articles
 * never call them by that role; nothing found when no one is quoted saying them.
 */
import { describe, expect, it } from 'vitest';
import { answerAsk } from '../../src/answer/index.js';
import type { Article } from '../../src/corpus/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import { md as article } from './helpers.js';

const md = (file: string, title: string, body: string): Article =>
  article(file, title, 'Weather Desk', '2024-11-02', body);

const index = buildIndex({
  articles: [
    md(
      'storm.md',
      'Storm Ciaran batters the coast',
      [
        'Storm Ciaran brought winds of 100 mph to the coast on Thursday.',
        '“Autumn storms like this are more damaging because of climate change,” said Dr Hana Velt, of the Marsh Institute at Carrow College.',
        'Forecasters at the Met Office said the rain would ease by Friday.',
      ].join('\n\n'),
    ),
  ],
  errors: [],
});

describe('who said it', () => {
  it('is the person quoted saying the words, whatever the question calls them', () => {
    const a = answerAsk(
      index,
      'Which Carrow College scientist said climate change makes these storms more damaging?',
    );
    expect(a.text).toMatch(/^Hana Velt\b/);
    expect(a.citations[0]?.text).toContain('more damaging because of climate change');
  });

  it('is no one when nobody is quoted saying them', () => {
    const a = answerAsk(index, 'Which Carrow College scientist said the storm surge broke the sea wall?');
    expect(a.text).toBeNull();
  });
});
