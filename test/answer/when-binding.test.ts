/**
 * /when binds a date to the event asked about: the sentence holding more of the question's words
 * wins over another event's date in the same paragraph, and a question about a statement ("when did
 * X announce …") takes the statement's own date, which is otherwise discounted as a reporting date.
 */
import { describe, expect, it } from 'vitest';
import { answerAsk, answerWhen } from '../../src/answer/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import { article } from '../index/fixtures.js';

const index = buildIndex({
  articles: [
    article(
      'port',
      [
        'The harbour board said on Tuesday that the new ferry terminal would open in June.',
        'The board announced on March 3 that it had chosen three builders for the terminal. In January, the board had fired the old contractor.',
        "Although the chairman was born in 1991, the board, the chairman and the chairman's family left the board's town in 1958.",
      ].join('\n'),
      '2024-03-12',
    ),
  ],
  errors: [],
});

/** Published Tuesday 12 March 2024: in each, a date before it and one after, both beside the question's words. */
const published = '2024-03-12';
const sentencing = buildIndex({
  articles: [
    article(
      'court',
      [
        'The driver and his lawyers argued about the sentencing in court on Friday.',
        "The driver's sentencing is scheduled for April 19.",
      ].join('\n'),
      published,
    ),
  ],
  errors: [],
});
const crash = buildIndex({
  articles: [
    article(
      'crash',
      [
        "The driver's crash into a bus shelter happened on March 1.",
        'A crash inquiry will question the driver on May 2.',
      ].join('\n'),
      published,
    ),
  ],
  errors: [],
});

describe("/when reads the question's tense against the article's date", () => {
  it('"when will …" looks ahead: April 19 alone, not also last Friday', () => {
    expect(answerWhen(sentencing, "When will the driver's sentencing be?").text).toBe(
      'Friday 19 April 2024.',
    );
  });

  it('"when did …" looks back: March 1, not the inquiry to come', () => {
    expect(answerWhen(crash, 'When did the driver crash?').text).toBe('Friday 1 March 2024.');
  });

  it('a date the question gives to name the event is not its answer: "the July 25 call"', () => {
    const call = buildIndex({
      articles: [
        article(
          'call',
          [
            'The transcript of the July 25 call between the two presidents was released on September 25.',
            'Witnesses said the July 25 call was unusual.',
          ].join('\n'),
          '2019-11-18',
        ),
      ],
      errors: [],
    });
    expect(answerWhen(call, 'the transcript of the July 25 call was released').text).toBe(
      'Wednesday 25 September 2019.',
    );
  });

  it('"when is X planned?" looks ahead too: the planned year, not the day of the announcement', () => {
    const moon = buildIndex({
      articles: [
        article(
          'moon',
          ['NASA on Monday hired three companies to prepare for its planned 2024 crewed moon mission.'].join(
            '\n',
          ),
          '2019-11-19',
        ),
      ],
      errors: [],
    });
    expect(answerWhen(moon, "When is NASA's crewed moon mission planned?").text).toMatch(/^2024\b/);
  });

  it('a question that does not say keeps both', () => {
    expect(answerWhen(crash, 'driver crash').text).toMatch(/2 May 2024/);
  });
});

describe('/when binds the date to the event', () => {
  it('"when did the board announce the builders" → the announcement\'s date, not the firing in January', () => {
    const a = answerWhen(index, 'when did the board announce the builders for the terminal');
    expect(a.text).toMatch(/^Sunday 3 March 2024\b/);
  });

  it('the clause that holds the question\'s words dates the event: "born in 1991, … left … in 1958"', () => {
    expect(answerWhen(index, 'when was the chairman born').text).toMatch(/^1991\b/);
  });

  it('"when will the terminal open" → June, not the day the board said so', () => {
    expect(answerWhen(index, 'when will the ferry terminal open').text).toMatch(/^June 2024\b/);
  });
});

describe('/when: "start" and "begin" ask the same', () => {
  const strike = buildIndex({
    articles: [
      article(
        'strike',
        ['The walkout at the docks began in June.', 'Talks to end the walkout started again on Monday.'].join(
          '\n',
        ),
        '2024-11-20',
      ),
    ],
    errors: [],
  });

  it('"When did the walkout start?" is answered by "The walkout … began in June"', () => {
    expect(answerWhen(strike, 'When did the walkout start?').text).toMatch(/^June 2024\b/);
  });
});

describe('the event a when-question names', () => {
  const football = buildIndex({
    articles: [
      article(
        'fight',
        [
          'The league suspended defensive end Tomas Varga on Friday after Thursday night’s brawl.',
          'Varga was ejected on Thursday night, and Varga apologised to his team on Friday.',
        ].join('\n'),
        '2019-11-16',
      ),
      article(
        'profile',
        [
          'Varga, the first pick of the 2017 draft, had not been suspended before.',
          'Coaches praised Varga on Friday.',
        ].join('\n'),
        '2019-11-17',
      ),
      article(
        'gadget',
        ['Since the Orbit earbuds first launched on September 7, 2016, buyers have asked for more.'].join(
          '\n',
        ),
        '2019-11-18',
      ),
      article('deal', ['The Orbit earbuds are on sale on Monday for $129.'].join('\n'), '2019-11-18'),
      article(
        'deals',
        ['Monday’s best deals include the Orbit earbuds at $129 on Monday only.'].join('\n'),
        '2019-11-18',
      ),
    ],
    errors: [],
  });

  it('is looked for in the form the articles use: "drafted" finds "the 2017 draft"', () => {
    expect(answerWhen(football, 'when was Varga drafted').text).toMatch(/^2017\b/);
  });

  it('is dated by a sentence that holds it, not by one that only names who it happened to', () => {
    expect(answerWhen(football, 'when did the Orbit earbuds launch').text).toMatch(/7 September 2016/);
  });
});

/** A year from the passage that tells the event, against a day from a passage that only shares a word. */
const years = buildIndex({
  articles: [
    article(
      'scanner',
      [
        'Since the company first launched its handheld scanner in 2016, buyers have asked for a longer battery.',
        'The new model keeps the same case and the same price.',
      ].join('\n'),
      '2024-03-12',
    ),
    article(
      'deals',
      [
        'The first of Monday’s deals is a scanner stand for $30.',
        'The store also cut the price of its cables on Monday.',
        'Monday’s first deal, a scanner case, sold out by noon.',
      ].join('\n'),
      '2024-03-11',
    ),
    article(
      'draft',
      [
        'The pitcher was ejected on Thursday after a brawl at the stadium, the league said.',
        'The pitcher, the first pick of the 2017 draft, faces a long suspension.',
        'The league will rule on the pitcher on Friday.',
      ].join('\n'),
      '2024-03-09',
    ),
  ],
  errors: [],
});

describe('/when weighs a year against a day', () => {
  it('a year from the passage that tells the event beats a day from a passage that shares a word', () => {
    expect(answerWhen(years, 'When did the first handheld scanner launch?').text).toMatch(/^2016\b/);
  });
  it('"what year …" asks for a year: the draft year beats the days of the story', () => {
    expect(answerWhen(years, 'What year was the pitcher drafted?').text).toMatch(/^2017\b/);
    expect(answerAsk(years, 'In which year was the pitcher drafted?').text).toMatch(/^2017\b/);
  });
});

describe('/when searches the past of the question’s verb', () => {
  const app = buildIndex({
    articles: [
      article(
        'app',
        [
          'Harbour Bank launched its Tidewater app on March 3, the bank said.',
          'The app had a rocky start: customers waited hours on the phone.',
          'A Tidewater launch party for staff is planned for Friday.',
        ].join('\n'),
        '2024-03-12',
      ),
    ],
    errors: [],
  });
  it('"When did Tidewater launch?" finds "launched its Tidewater app on March 3"', () => {
    expect(answerAsk(app, 'When did Tidewater launch?').text).toMatch(/^Sunday 3 March 2024\b/);
  });
});

describe('/when finds the noun of a verb in -ed: "injured" → "injury"', () => {
  const hockey = buildIndex({
    articles: [
      article(
        'hockey',
        [
          'Everyone at the Harbour Giants is devastated by the passing of Tom Ashdown, the club said on Sunday.',
          'He died after a freak incident in a match on Saturday night in which he suffered a severe neck injury.',
        ].join('\n'),
        '2023-10-29',
        'Tom Ashdown dies after freak injury',
      ),
    ],
    errors: [],
  });
  it('"When was Tom Ashdown fatally injured?" cites the sentence of the injury', () => {
    const a = answerAsk(hockey, 'When was Tom Ashdown fatally injured?');
    expect(a.text).toMatch(/^Saturday 28 October 2023\b/);
    expect(a.citations[0]?.text).toMatch(/neck injury/);
  });
});

describe('/when finds the noun news makes of a closing participle: "sentenced" → "sentencing"', () => {
  const court = buildIndex({
    articles: [
      article(
        'court',
        [
          'Dale Brennick, 55, pleaded guilty to fraud in a Buffalo court. His sentencing is scheduled for February 14.',
          'Brennick wrote to the judge on Tuesday, asking that his sentence be a light one.',
        ].join('\n'),
        '2019-11-18',
      ),
    ],
    errors: [],
  });
  it('"When is Brennick to be sentenced?" gives the day of the sentencing', () => {
    const a = answerAsk(court, 'When is Brennick to be sentenced?');
    expect(a.text).toMatch(/^Friday 14 February 2020\b/);
    expect(a.citations[0]?.text).toMatch(/sentencing is scheduled/);
  });
});

describe("the question's own date words are not its answer", () => {
  it('"When did this year\'s festival begin?" is not answered "this year"', () => {
    const ix = buildIndex({
      articles: [
        article(
          'festival',
          'This year the lantern festival in Harwick began on October 27 this year, a week early.',
          '2019-11-08',
        ),
      ],
      errors: [],
    });
    const a = answerWhen(ix, "When did this year's lantern festival begin?");
    expect(a.text).toMatch(/^Sunday 27 October 2019/);
    expect(a.text).not.toMatch(/also/);
  });
});
