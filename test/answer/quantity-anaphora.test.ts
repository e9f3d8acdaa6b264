/**
 * Ages told of a pronoun ("At 16, he went to college", "He was 68."): the person is the one named
 * last before, skipping names that cannot be that pronoun's — someone the text calls "his aunt", a
 * title in quote marks, a nickname of the person already named.
 */
import { describe, expect, it } from 'vitest';
import { answerAsk } from '../../src/answer/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import { article } from '../index/fixtures.js';

const index = buildIndex({
  articles: [
    article(
      'obituary',
      [
        'Writer Tobias Wren has died at his home in Harlow.',
        'Tobias Wren was born in 1957. Everyone called him Toby. According to his aunt, Mara Lindqvist, “He was reading at an adult level in kindergarten.” At 16, he went to Eastbrook University.',
      ].join('\n'),
      '2019-11-18',
    ),
    article(
      'band',
      [
        'Desmond "Dez" Okafor, co-founder of the soul band Velvet Route and co-writer of the hits "Silver Lane" and "Lucy Marlowe," has died. He was 71.',
      ].join('\n'),
      '2019-11-19',
    ),
  ],
  errors: [],
});

describe('an age told of a pronoun', () => {
  it('skips a woman named after him and his nickname: "his aunt, NAME, … At 16, he"', () => {
    expect(answerAsk(index, 'How old was Tobias Wren when he went to university?').text).toMatch(/^16\b/);
  });

  it('skips a song title in quote marks: "co-writer of “Lucy Marlowe,” has died. He was 71."', () => {
    expect(answerAsk(index, 'How old was Desmond Okafor when he died?').text).toMatch(/^71\b/);
  });
});

describe('a figure told of a pronoun', () => {
  it('"The third quarter belonged to Varga. He poured in 13 points" counts for the third quarter', () => {
    const game = buildIndex({
      articles: [
        article(
          'game',
          [
            'First quarter: Ilan Varga was the only Harlow player who got going. Varga scored 10 points in the quarter, a third of them against Holm.',
            'Third quarter: The third quarter belonged to Varga. He poured in 13 points, carrying a slow Harlow offense.',
          ].join('\n'),
          '2023-11-08',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(game, 'How many points did Varga put up in the third quarter?').text).toMatch(/^13\b/);
  });
});

describe('an age of someone a lede describes', () => {
  it('"arrested a Harlow University rower accused of …", then "… took Ilan Varga, 21, into custody"', () => {
    const story = buildIndex({
      articles: [
        article(
          'arrest',
          [
            'Marshals in Norland have arrested a Harlow University rower accused of killing a man in Tarrow.',
            'Federal agents took Ilan Varga, 21, into custody at a home in Kestria on Monday, a spokesman said.',
            'Varga was charged with first-degree murder in the July 21 shooting of Oren Holm.',
          ].join('\n'),
          '2020-09-30',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(story, 'How old is the Harlow University rower charged with murder?').text).toMatch(
      /^21\b/,
    );
  });
});
