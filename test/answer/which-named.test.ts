/**
 * "Which journal …", "which film …", "which comet …": the name the passages give a thing of that
 * kind, however English news writes it (the kind then the name, the name ending on the kind, the
 * name then the kind in apposition), never a name the question holds, and never the words that only
 * describe it ("World War One film “1917”").
 */
import { describe, expect, it } from 'vitest';
import { answerAsk } from '../../src/answer/index.js';
import { namesOfKind } from '../../src/answer/which-named.js';
import { buildIndex } from '../../src/index/build/build.js';
import { article } from '../index/fixtures.js';

const index = buildIndex({
  articles: [
    article(
      'sleep-study',
      [
        'Monkeys deciding when to stop working weigh how tired they are, a new study of decision making suggests.',
        'The scientists were led by Ada Morrow of Kestrel University, and the findings were published in the journal Neural Letters.',
      ].join('\n'),
      '2019-11-18',
    ),
    article(
      'forests',
      [
        'A new research paper published in Frontiers in Soil and the Climate journal suggests that land rights protect carbon sinks.',
        'Intact forest landscapes on Indigenous lands were lost more slowly than other forests, the study found.',
        'The study of Indigenous lands and intact forests covered 50 countries.',
      ].join('\n'),
      '2019-11-19',
    ),
    article(
      'awards',
      [
        'The nominations left out several favourites.',
        'Those left out include immersive World War One film “1917,” the big winner at the Producers Circle Awards on Saturday.',
      ].join('\n'),
      '2020-01-26',
    ),
    article(
      'meteors',
      [
        'The Orionids meteor shower traces its origins to the dust left by Tarrant’s Comet.',
        'Tarrant’s Comet orbits the sun once every 76 years, leaving behind a trail of debris that becomes the Orionids.',
      ].join('\n'),
      '2023-10-17',
    ),
  ],
  errors: [],
});

describe('which-kind questions', () => {
  it('read the name each way news gives one', () => {
    expect(namesOfKind('the findings were published in the journal Neural Letters.', ['journal'])).toEqual([
      'Neural Letters',
    ]);
    expect(
      namesOfKind('published in Frontiers in Soil and the Climate journal suggests', ['journal']),
    ).toEqual(['Frontiers in Soil and the Climate']);
    expect(namesOfKind('Zolgensma, a gene therapy drug, costs more.', ['drug'])).toEqual(['Zolgensma']);
    expect(namesOfKind('immersive World War One film “1917,” the big winner', ['film'])).toEqual(['1917']);
    expect(namesOfKind('the dust left by Tarrant’s Comet.', ['comet'])).toEqual(['Tarrant’s Comet']);
  });

  it('read "kinds … such as X" and take no sentence-opening quantifier for a name', () => {
    expect(
      namesOfKind(
        'Some hotel groups even offer a discount to train travellers, such as The Hoxton with its Good Rate.',
        ['hotel'],
      ),
    ).toEqual(['Hoxton']);
    expect(namesOfKind('Many hotels were full.', ['hotel'])).toEqual([]);
  });

  it('answer with the name the passages on the question give', () => {
    expect(answerAsk(index, 'Which journal published the findings on decision making?').text).toMatch(
      /^Neural Letters\b/,
    );
    expect(answerAsk(index, 'Which comet leaves the debris behind the Orionids?').text).toMatch(
      /^Tarrant’s Comet\b/,
    );
    // "movie" asked, "film" written.
    expect(answerAsk(index, 'Which movie was the big winner at the Producers Circle Awards?').text).toMatch(
      /^1917\b/,
    );
  });

  it('read the story of the passages on the question when none of them names one', () => {
    const a = answerAsk(
      index,
      'In which journal did the study on Indigenous lands and intact forests appear?',
    );
    expect(a.text).toMatch(/^Frontiers in Soil and the Climate\b/);
    expect(a.citations[0]?.paragraph).toBe(1);
  });
});
