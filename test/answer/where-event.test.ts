/**
 * /where answers with the place of the event the question asks about: of the clauses of the
 * passages on the question, one that tells that event ("was hospitalized in the county of Huade")
 * outweighs others that tell other events of the story ("killed a rabbit in China"), however often
 * those name their place; and a place that only contains another of its clause ("in Arlow in
 * northern Vellmark") is named beside it, not in its stead.
 */
import { describe, expect, it } from 'vitest';
import { answerAsk } from '../../src/answer/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import { article } from '../index/fixtures.js';

const index = buildIndex({
  articles: [
    article(
      'hunter-one',
      [
        'A hunter who killed and ate a wild rabbit in Vellmark has caught bubonic plague.',
        'Bubonic plague is rare in Vellmark, health officials in Vellmark said.',
        'The man, who was not named, was hospitalized in the county of Arlow in northern Vellmark, the agency said.',
      ].join('\n'),
      '2019-11-17',
      'Hunter with bubonic plague',
    ),
    article(
      'hunter-two',
      [
        'A second case of bubonic plague was reported in Vellmark over the weekend.',
        'The hunter with bubonic plague is in a stable condition, officials in Vellmark said.',
      ].join('\n'),
      '2019-11-18',
      'Second plague case in Vellmark',
    ),
  ],
  errors: [],
});

describe('where an event happened', () => {
  it('is the place of the clause telling the event the question asks about', () => {
    const a = answerAsk(index, 'Where was the hunter with bubonic plague hospitalized?');
    expect(a.text).toMatch(/^Arlow\b/);
    // The larger place of that clause is named beside it.
    expect(a.text).toContain('Vellmark');
    expect(a.citations[0]?.text).toContain('hospitalized in the county of Arlow');
  });

  it('is read from every clause alike when none tells the event', () => {
    expect(answerAsk(index, 'Where was the hunter with bubonic plague reported?').text).toMatch(
      /^Vellmark\b/,
    );
  });
});
