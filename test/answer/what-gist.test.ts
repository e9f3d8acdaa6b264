/**
 * /what: a sentence that opens with the topic and defines it ("X is where …", "X is a …") is the
 * gist, and the passage the gist comes from is always cited first.
 */
import { describe, expect, it } from 'vitest';
import { answerWhat } from '../../src/answer/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import { article } from '../index/fixtures.js';

const index = buildIndex({
  articles: [
    article(
      'levy',
      [
        'The harbour levy rose again this year, and the harbour levy will rise next year, the board said. The harbour levy was discussed for hours.',
        'Fishermen said the harbour levy hurt them, and the harbour levy board met the fishermen twice.',
        'The harbour levy is a charge on every boat that moors in the port for more than a week.',
      ].join('\n'),
      '2024-03-05',
    ),
  ],
  errors: [],
});

describe('/what gist', () => {
  it('prefers the sentence that defines the topic, and cites its passage first', () => {
    const a = answerWhat(index, 'harbour levy');
    expect(a.text).toMatch(/^The harbour levy is a charge on every boat/);
    expect(a.citations[0]?.paragraph).toBe(3);
  });
});
