/**
 * A figure stated of someone the question does not name is not its answer: "Home Depot reported
 * $2.53 …" tells nothing of what Lowe's earned, and "nothing found" is the right reply. Subjects are
 * read from the clause the figure stands in; attributions, possessives, short forms of the asked
 * name and back references ("the car") keep a figure as the asked subject's.
 */
import { describe, expect, it } from 'vitest';
import { answerAsk } from '../../src/answer/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import { article } from '../index/fixtures.js';

const index = buildIndex({
  articles: [
    article(
      'earnings',
      [
        'Shares of home goods chain Brevik Depot fell in early trading after the company cut its forecast.',
        'Brevik Depot (ticker: BD) reported $2.53 in per-share earnings for the third quarter. Analysts had predicted $2.52.',
        'Still, the stock has slid, and peer Orland Stores (ORL) stock is off too, down 1.8%. Orland Stores reports earnings Wednesday.',
      ].join('\n'),
      '2019-11-19',
    ),
    article(
      'manager',
      [
        'Ennio Castellan has agreed a deal to become the new manager of Palmer Rovers.',
        'Palmer Rovers said in a statement: "Ennio is one of the most accomplished managers in the game, having won 25 senior trophies."',
      ].join('\n'),
      '2019-11-20',
    ),
    article(
      'campaign',
      [
        'Norland launched a new anti-drug advertising campaign this month.',
        "The state's Department of Social Services paid an ad agency $449,000 for its work on the campaign.",
      ].join('\n'),
      '2019-11-21',
    ),
    article(
      'fight',
      [
        'The fight led to suspensions for Grayton linebacker Ovie Marsh and Harlow center Dane Pruitt.',
        'Grayton DL Lars Ekdahl also received a one-game suspension for shoving a quarterback, and both teams received $250,000 fines.',
      ].join('\n'),
      '2019-11-18',
    ),
    article(
      'coupe',
      [
        'The Vanta Coupe is the new electric model from Korvel.',
        'Korvel will offer the car in thirteen different colours, including a new blue exclusive to the Vanta Coupe.',
      ].join('\n'),
      '2019-11-22',
    ),
    article(
      'deals',
      [
        'Deals on the new 13-inch Lumen Book Pro laptops start next week.',
        'Northwind Electronics via Parcelly is offering the Lumen Tab Pro 12.9-inch for $799.',
      ].join('\n'),
      '2019-11-18',
    ),
    article(
      'moon',
      [
        'Guam is a United States territory in the western Pacific, and its beaches draw many travellers.',
        'Hawaii ― located some 2,400 miles from the mainland ― draws even more travellers than Guam does.',
      ].join('\n'),
      '2019-11-19',
    ),
    article(
      'extradition',
      ['Prosecutors in Varnholm want Harlow to extradite Tomas Aske, 47, over the leaked files.'].join('\n'),
      '2019-11-19',
    ),
  ],
  errors: [],
});

describe('a figure of another subject', () => {
  it('is not the answer for the name the question asks about', () => {
    const asked = answerAsk(index, 'How much were Orland Stores earnings in the third quarter?');
    expect(asked.text).toBeNull();
    // The same sentence answers for its own subject.
    expect(answerAsk(index, 'How much did Brevik Depot earn in the third quarter?').text).toMatch(
      /^\$2\.53\b/,
    );
  });

  it('is not a suspension of someone else in the same sentence', () => {
    expect(answerAsk(index, 'How many games was Dane Pruitt suspended for?').text).toBeNull();
    expect(answerAsk(index, 'How many games was Lars Ekdahl suspended for?').text).toMatch(/one-game/);
  });

  it('is told of a name that shares only a word with the one asked ("Tab Pro" is not "Book Pro")', () => {
    expect(answerAsk(index, 'How much will the new 13-inch Lumen Book Pro cost?').text).toBeNull();
    expect(answerAsk(index, 'How much is the Lumen Tab Pro?').text).toMatch(/^\$799\b/);
  });

  it("is a place's when the place opens its clause set off by a dash, as its subject", () => {
    expect(answerAsk(index, 'How far is Guam from the mainland?').text).toBeNull();
    expect(answerAsk(index, 'How far is Hawaii from the mainland?').text).toMatch(/2,400 miles/);
  });

  it('is the place a clause is set in: "In Essex, … 215 active cases" is not Norfolk\'s', () => {
    const flu = buildIndex({
      articles: [
        article(
          'flu',
          [
            'Lockdowns will begin this week in several counties of England, including Norfolk, Essex and Surrey.',
            'In Essex, the worst-affected county with a tally of 693, including 215 active cases, the restrictions start on Thursday.',
            'In Norfolk, officials said a three-day lockdown would begin on Friday.',
          ].join('\n'),
          '2020-07-08',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(flu, 'How many flu cases has Norfolk county had so far?').text).toBeNull();
    expect(answerAsk(flu, 'How many active cases has Essex county had?').text).toMatch(/^215 active cases\b/);
  });

  it('is not named by the currency of a sum ("US$60-million" names no one)', () => {
    const dish = buildIndex({
      articles: [
        article(
          'telescope',
          [
            'Astronomers in Pellan unveiled KESTREL, the largest radio dish on the continent, on Monday.',
            'The U.S. Science Foundation paid for part of it, and US engineers helped.',
            'KESTREL cost more than planned. The 900-million-rand (US$60-million) dish, also known as the Eye of Pellan, took four years to build in a remote valley.',
            'A smaller dish nearby took ten years to build.',
          ].join('\n'),
          '2019-11-20',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(dish, 'How long did it take to build KESTREL?').text).toMatch(/^four years\b/);
  });

  it("is the asked person's when the clause names them by any of their names", () => {
    expect(answerAsk(index, 'How old is Tomas Aske?').text).toMatch(/^47\b/);
  });

  it('is the asked one when a speaker says it of a short form of the name', () => {
    expect(answerAsk(index, 'How many senior trophies has Castellan won?').text).toMatch(/^25\b/);
  });

  it('is the asked one after a possessive or a back reference', () => {
    expect(answerAsk(index, 'How much did Norland pay the ad agency?').text).toMatch(/^\$449,000\b/);
    expect(answerAsk(index, 'In how many colours will the Vanta Coupe be offered?').text).toMatch(
      /^(thirteen|13)\b/,
    );
  });
});
