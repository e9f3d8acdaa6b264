/**
 * /what: a sentence that opens with the topic and defines it ("X is where …", "X is a …"), or
 * names it after what it is ("a new alarm system called X"), is the gist (not a quoted "X is …"), and the passage the gist comes from is always cited first. A gist whose subject is a
 * pronoun ("This is …") comes with the sentence before it, which says what it stands for.
 */
import { describe, expect, it } from 'vitest';
import { answerAsk, answerWhat } from '../../src/answer/index.js';
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
    article(
      'compiler',
      [
        'To many people, Quill is an alternative to older systems languages. The biggest benefit Quill brings is the loan auditor. This is the part of the compiler responsible for ensuring that references do not outlive the data they refer to.',
      ].join('\n'),
      '2024-03-06',
    ),
    article(
      'monitor',
      [
        'For more on the Larkspur Ward Monitor, see the vendor’s site, where the Larkspur Ward Monitor is listed.',
        '“The Larkspur Ward Monitor is an important addition to our range of products,” a company director said of the Larkspur Ward Monitor.',
        'Hospitals praised the Larkspur Ward Monitor at a trade fair in Lyon this week.',
        'Nurses who tried the Larkspur Ward Monitor said it was easy to learn.',
        'The new bedside alarm system called Larkspur Ward Monitor gathers readings from every device at the bed.',
      ].join('\n'),
      '2024-03-07',
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

  it('takes "a … called X" as a definition, and a quoted "X is …" as what someone said of it', () => {
    const a = answerWhat(index, 'Larkspur Ward Monitor');
    expect(a.text).toMatch(/^The new bedside alarm system called Larkspur Ward Monitor gathers/);
    expect(a.citations[0]?.paragraph).toBe(5);
  });

  it('shows a sentence opening on "This is" with the sentence before, which says what it is', () => {
    const a = answerAsk(index, 'What part of the compiler makes sure references do not outlive their data?');
    expect(a.text).toMatch(/^The biggest benefit Quill brings is the loan auditor\. This is the part/);
  });
});

describe('"What <noun> …?" is answered by a sentence that names one', () => {
  const death = buildIndex({
    articles: [
      article(
        'hockey',
        [
          'Tonight’s game between the Harbour Giants and the Tarrow Stars has been postponed after the death of Tom Ashdown.',
          'The league paid tribute to Tom Ashdown, who died on Saturday, and postponed three games.',
          'Everyone at the Harbour Giants is devastated by the passing of Tom Ashdown, the club said.',
          'The league said Tom Ashdown’s family had asked for privacy.',
          'Tom Ashdown’s teammates will wear black armbands.',
          'He passed away after a freak incident on Saturday night in which he suffered a severe neck injury.',
        ].join('\n'),
        '2023-10-29',
        'Tom Ashdown: Giants postpone game after death of player in freak injury',
      ),
    ],
    errors: [],
  });
  it('"What injury killed Tom Ashdown?" takes the sentence with the injury, not his name', () => {
    expect(answerAsk(death, 'What injury killed Tom Ashdown?').text).toMatch(/severe neck injury/);
  });
});
