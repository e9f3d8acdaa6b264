/**
 * A quantity question is about its rarest noun: "How much would a hibernation mission to Mars
 * cost?" is not answered by what a Mars mission costs in a story that never mentions hibernation,
 * when the best passage's story does. Verbs are not such words (the articles word them otherwise:
 * "lose" for "a loss of"), and a word the best passage's story does not use leaves the rule out.
 * A question with one such word holds to it only the passages found by a near spelling of it.
 */
import { describe, expect, it } from 'vitest';
import { answerAsk } from '../../src/answer/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import { article } from '../index/fixtures.js';

const index = buildIndex({
  articles: [
    article(
      'sleep',
      [
        'Space agencies are studying hibernation for long missions to Mars.',
        'Putting a crew into hibernation for a mission to Mars would cut the mass of the spacecraft by a third, the study found.',
        'The researchers did not say what such a mission would cost.',
      ].join('\n'),
      '2019-11-19',
    ),
    article(
      'audit',
      [
        'An audit of the agency found that the planned crewed mission to Mars is years behind schedule.',
        'The auditors said the Mars mission would cost $22.6 billion over the next decade.',
      ].join('\n'),
      '2019-11-20',
    ),
    article(
      'loss',
      [
        'Harwell Media, a chain of 30 newspapers, posted its results for the third quarter on Tuesday.',
        'Harwell Media reported a loss of $304.7 million for the quarter.',
      ].join('\n'),
      '2019-11-21',
    ),
    article(
      'vapour',
      [
        'Astronomers have detected water vapor above the icy moon Calypsa for the first time.',
        'The team found that Calypsa releases 5,200 pounds of water vapor every second.',
        'Earlier studies of water and ice on the moon were less certain.',
      ].join('\n'),
      '2019-11-22',
    ),
    article(
      'storm',
      [
        'Forecasters warned of heavy snow across the northern hills from Friday night.',
        'Officials said roads over the passes may close until the storm passes.',
      ].join('\n'),
      '2019-11-23',
    ),
    article(
      'checkup',
      [
        'We already know the governor weighed 243 pounds at his last checkup.',
        'He is expected to run again next year.',
      ].join('\n'),
      '2019-11-24',
    ),
  ],
  errors: [],
});

describe('the key word of a quantity question', () => {
  it('keeps a figure from a story that never names it out of the answer', () => {
    const a = answerAsk(index, 'How much would a hibernation mission to Mars cost?');
    expect(a.text).toBeNull();
    // Asked without the word, the audit's figure answers.
    expect(answerAsk(index, 'How much would the Mars mission cost?').text).toContain('$22.6 billion');
  });

  it('is never a verb, which the article may word otherwise', () => {
    expect(answerAsk(index, 'How much did Harwell Media lose in the third quarter?').text).toContain(
      '$304.7 million',
    );
  });

  it('keeps out a figure whose passage was found by a near spelling of the one such word alone', () => {
    // "snow" finds the checkup's "know" as a misspelling would: its figure is not about snow.
    expect(answerAsk(index, 'How much snow is expected?').text).toBeNull();
    expect(answerAsk(index, 'How much did the governor weigh at his checkup?').text).toContain('243 pounds');
  });

  it('is the same word in British and American spelling: "vapour" is "vapor"', () => {
    const moons = buildIndex({
      articles: [
        article(
          'plume-uk',
          [
            'Researchers say they can now detect water vapour above the moon Kestra from the ground.',
            'The European observatory did not say how much water vapour the researchers detect there.',
          ].join('\n'),
          '2019-11-18',
        ),
        article(
          'plume-us',
          [
            'Researchers detected about 2,300 tons of water vapor above Kestra, according to their calculations.',
          ].join('\n'),
          '2019-11-19',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(moons, 'How much water vapour did the researchers detect above Kestra?').text).toMatch(
      /^about 2,300 tons\b/,
    );
  });

  it('counts only when the best passage’s story uses it (another spelling, another word)', () => {
    expect(answerAsk(index, 'How much water vapour is Calypsa releasing every second?').text).toContain(
      '5,200 pounds',
    );
  });
});
