/**
 * "What was the final score …?": a result as news writes one, or nothing found — never a sentence
 * about the game (issue #16, "nothing found" before a wrong answer). Invented articles.
 */
import { describe, expect, it } from 'vitest';
import { answerAsk } from '../../src/answer/index.js';
import type { Article } from '../../src/corpus/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import { md as article } from './helpers.js';

const md = (file: string, title: string, body: string): Article =>
  article(file, title, 'Sports Desk', '2024-05-02', body);

const index = buildIndex({
  articles: [
    md(
      'harriers.md',
      'Harriers beat Carrow',
      'The Harriers beat Carrow 21-7 on Saturday, their third win in a row since the 2019-20 season.',
    ),
    md(
      'review.md',
      'Quarry Run review',
      'Quarry Run is the best game of the year. We give it 9/10 for its story alone.',
    ),
    md(
      'snaps.md',
      'Wexford snap counts',
      'Below, we look at the snap counts for the Wexford defense in its game against the Owls.',
    ),
  ],
  errors: [],
});

describe('what the score was', () => {
  it('is the result or the mark the passages give', () => {
    expect(answerAsk(index, 'What was the final score of the Harriers game against Carrow?').text).toBe(
      '21-7.',
    );
    expect(answerAsk(index, 'What score did the review give Quarry Run?').text).toBe('9/10.');
  });

  it('is nothing found when the passages on the game give none', () => {
    const a = answerAsk(index, 'What was the final score of the Wexford game against the Owls?');
    expect(a.text).toBeNull();
    expect(a.message).toMatch(/^No score found/);
  });
});
