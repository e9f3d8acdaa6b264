/**
 * Quantity questions: the kind of figure comes from the question's wording (how old / how much of /
 * how much did … rise / how much cargo / how long is the <thing> / how far) and the answer's unit must
 * match it. Asked of test/fixtures/quantity-corpus, two short articles written for these cases.
 */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerAsk } from '../../src/answer/index.js';
import { FIGURE, MAY_HOLD_FIGURE, quantitiesIn } from '../../src/answer/quantity-figures.js';
import { quantityQuestion } from '../../src/answer/quantity-question.js';
import { ROOT, expectWellCited, indexOf } from './helpers.js';
import { buildIndex } from '../../src/index/build/build.js';
import { article } from '../index/fixtures.js';

const corpus = () => indexOf(path.join(ROOT, 'test/fixtures/quantity-corpus'));

const CASES: [question: string, answer: RegExp, why: string][] = [
  ['How old is Dana Pell?', /^41 years old\b/, '"Dana Pell, 41 – who manages…"'],
  [
    'How old is Lina Rook?',
    /^27 years old\b/,
    '"the singer, Lina Rook, 27, who…": not Pell\'s 41 in the same sentence',
  ],
  ['How old is Ivo Marsh?', /^63-year-old\b/, '"The 63-year-old Marsh said"'],
  ["How much did Northgate pay for Ivo Marsh's stake?", /^\$96\.5 million\b/, 'the total, not "$12 a share"'],
  [
    'How much does the label owe Lina Rook?',
    /^\$2\.3 million\b/,
    '"owes her $2.3 million in unpaid royalties"',
  ],
  [
    'How much did the Larsport index decline?',
    /^0\.4%/,
    '"declined 0.4%, while the Beltmark index fell 0.9%"',
  ],
  [
    'How much did shares in Ostrava Shipping rise?',
    /^12 percent\b/,
    'a change is answered with a percentage',
  ],
  [
    'How much cargo can the Kestrel carry?',
    /^up to 80 metric tons\b/,
    'an amount of a thing: a measure, not money',
  ],
  ['How much did Mira Holt weigh?', /^150 pounds\b/, '"weigh": pounds of weight, not money'],
  [
    'How many markets did the company launch its tracking service in?',
    /^11 markets\b/,
    '"markets" is not March',
  ],
  ['How long is the coast of Vesna?', /^240-mile\b/, 'how long is a thing: a length'],
  ['How long is each extension of the berth licence?', /^60-day\b/, '"a third 60-day extension"'],
  [
    'How long was the meeting between harbour officials and the crew?',
    /^hourlong\b/,
    '"the hourlong meeting"',
  ],
  ['How far from the dock was the deckhand arrested?', /^a block\b/, '"arrested a block away from the dock"'],
];

describe('quantity questions answer with a figure of the kind asked', () => {
  it.each(CASES)('%s → %s (%s)', async (question, answer) => {
    const index = await corpus();
    const a = answerAsk(index, question);
    expect(a.text, a.message).toMatch(answer);
    expectWellCited(index, a);
  });

  it('an age is only the one given right by the name asked about', async () => {
    const index = await corpus();
    // The captain's age is never given: not the 12 of "aged 12 or older", nor Rose Dunn's 52.
    const a = answerAsk(index, 'How old is the captain Mira Holt?');
    expect(a.text).toBeNull();
    expect(answerAsk(index, 'How old is Rose Dunn?').text).toMatch(/^52 years old\b/);
  });

  it('a story goes on in the next paragraphs: a figure there answers when it names what was asked', async () => {
    const index = await corpus();
    // "the talks between … Brek and … Lind broke up", then "after the three-hour session".
    expect(answerAsk(index, 'How long were the talks between Brek and Lind?').text).toMatch(/^three-hour\b/);
    // A letter opens "My neighbour of more than 30 years"; the question takes its words from the next.
    expect(answerAsk(index, 'How long has the writer known her stubborn neighbour?').text).toMatch(
      /^more than 30 years\b/,
    );
    // A paragraph that shares only the names of the story does not answer: "$310 million" is the
    // fleet's cost, not a fine, and no fine is given.
    expect(answerAsk(index, 'How much was the fine Bayline paid the union Brek leads?').text).toBeNull();
  });

  it('"The 58-year-old said" is the age of the person named just before, and only theirs', async () => {
    const index = await corpus();
    expect(answerAsk(index, 'How old is Tomas Brek?').text).toMatch(/^58-year-old\b/);
    // Lind was named earlier, not last: her age is not given.
    expect(answerAsk(index, 'How old is Sara Lind?').text).toBeNull();
  });

  it('a question that names no one takes the age of what it describes, told of it or standing for it', () => {
    const index = buildIndex({
      articles: [
        article(
          'plague',
          [
            'A hunter who ate a wild rabbit has caught the plague, officials said.',
            'The 55-year-old is the third case this year. The 43-year-old woman who found him is well.',
            'A second case was reported in a 61-year-old man from the same town.',
          ].join('\n'),
          '2019-11-18',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How old is the hunter who ate a rabbit?').text).toMatch(/^55\b/);
    expect(answerAsk(index, 'How old is the man in the second case?').text).toMatch(/^61-year-old\b/);
  });

  it('a name no article holds gets no figure and no passage: "How far is Hanoi from Larsport?"', async () => {
    const index = await corpus();
    const a = answerAsk(index, 'How far is Hanoi from Larsport?');
    expect(a.text).toBeNull();
    expect(a.citations).toEqual([]);
    expect(a.message).toMatch(/Hanoi/);
    expect(answerAsk(index, 'What is Everest?').citations).toEqual([]);
  });

  it('a sum answers only the question about what it is for; a count only the thing it counts', () => {
    const index = buildIndex({
      articles: [
        article(
          'worth',
          [
            'A post claimed that the senator has a net worth of $17 million.',
            'Analysts expect four to six streaming services to survive, each with millions of subscribers.',
          ].join('\n'),
          '2019-11-18',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How much is the senator worth?').text).toMatch(/^\$17 million\b/);
    expect(answerAsk(index, "How much is the senator's salary?").text).toBeNull();
    expect(answerAsk(index, 'How many streaming services will survive?').text).toMatch(/^four to six/);
    expect(answerAsk(index, 'How many paid subscribers does the streaming service have?').text).toBeNull();
    expect(quantityQuestion('How many people get the disease each year?')).toMatchObject({ head: 'people' });
  });

  it('a number after a name inside a sentence is a label ("Corso Monforte 15", "Flight 370"), not a count', () => {
    const many = quantityQuestion('How many light installations are in the showroom?')!;
    expect(quantitiesIn('The showroom in Corso Monforte 15 features a light installation.', many)).toEqual(
      [],
    );
    expect(
      quantitiesIn('The search for Flight 370 went on.', quantityQuestion('How many searches were there?')!),
    ).toEqual([]);
    // Not a weekday, a possessive, a qualifier or a capital that opens the sentence.
    const people = quantityQuestion('How many people died?')!;
    expect(quantitiesIn('Police said Tuesday 15 people died.', people)).toMatchObject([{ value: 15 }]);
    expect(quantitiesIn('Only 12 people died.', people)).toMatchObject([{ value: 12 }]);
    expect(
      quantitiesIn(
        'It is one of Jupiter’s 79 moons.',
        quantityQuestion('How many moons does Jupiter have?')!,
      ),
    ).toMatchObject([{ value: 79 }]);
    expect(
      quantitiesIn(
        'They meet in Atlanta just 75 days before voting.',
        quantityQuestion('How long until voting?')!,
      ),
    ).toMatchObject([{ value: 75 }]);
  });

  it('"30 minutes" and "a 30-minute period" are one figure, reported by both articles', () => {
    const three = buildIndex({
      articles: [
        article(
          'a',
          'Mara Quell collapsed during the match. Her heart stopped for 20 minutes before medics revived her, her coach said.',
          '2023-11-02',
        ),
        article(
          'b',
          'Mara Quell collapsed on the pitch. Her heart stopped for 30 minutes, the hospital said.',
          '2023-11-03',
        ),
        article(
          'c',
          'Doctors said Mara Quell had her heart stopped for a 30-minute period after she collapsed.',
          '2023-11-04',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(three, 'How long did Mara Quell’s heart stop?').text).toMatch(
      /^30[ -]minutes? \(reported in 2 of 3 articles\)/,
    );
  });

  it('the thing counted is the plural the question opens on, not the verb after it', () => {
    const head = (q: string) => quantityQuestion(q)?.head;
    expect(head('How many young children died of fentanyl poisoning?')).toBe('children');
    expect(head('How many bus passengers were hurt?')).toBe('passenger');
    expect(head('How many people get free tickets each year?')).toBe('people');
    const ask = quantityQuestion(
      'How many young children died of fentanyl poisoning between 1999 and 2021?',
    )!;
    const found = quantitiesIn(
      'A study found that just over 340 children younger than 5 died from fentanyl poisoning between 1999 and 2021.',
      ask,
    );
    expect(found.find((f) => f.fit === 1)).toMatchObject({ value: 340 });
  });

  it('an epithet stands for the person named just before it: "… the 37-year-old small-city mayor"', () => {
    const index = buildIndex({
      articles: [
        article(
          'race',
          [
            'Voters met Pete Buttigieg in Iowa on Monday.',
            "Buttigieg stepped into the race, but donors remain skeptical of the 37-year-old small-city mayor's chances.",
            'Joe Biden, Buttigieg and Amy Klobuchar spoke, and the 77-year-old senator left early.',
          ].join('\n'),
          '2019-11-18',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How old is Pete Buttigieg?').text).toMatch(/^37-year-old\b/);
    // Klobuchar is named last before "the 77-year-old senator": not Biden's age, nor Buttigieg's.
    expect(answerAsk(index, 'How old is Joe Biden?').text).toBeNull();
  });

  it('a neighbouring paragraph may hold the thing counted that its passage lacks', () => {
    const index = buildIndex({
      articles: [
        article(
          'slogan',
          [
            "Remember New Jersey's epic quest to find a state slogan?",
            'We never did settle on one, unlike our 565 municipalities, which are packed with them.',
          ].join('\n'),
          '2019-11-18',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How many municipalities does New Jersey have?').text).toMatch(
      /^565 municipalities\b/,
    );
  });

  it('an age right before the name asked is that person’s, whatever stands on its other side', () => {
    const index = buildIndex({
      articles: [
        article(
          'trial',
          [
            'Prosecutors say the coach assaulted 16-year-old Mara Lind, a player on his team, in 2019.',
            'The coach, who denies the charges, was arrested in Halden last spring.',
          ].join('\n'),
          '2024-02-01',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How old was Mara Lind when the coach assaulted her?').text).toMatch(
      /^16-year-old\b/,
    );
  });

  it('people of a kind are counted by a word for any people; other things are not', () => {
    const index = buildIndex({
      articles: [
        article(
          'mission',
          [
            'The agency studied how to send six humans to a distant moon and back in a sleeping state.',
            'The rover will carry four cameras to the same moon.',
          ].join('\n'),
          '2024-02-01',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How many astronauts would the agency send to the moon?').text).toMatch(/^six\b/);
    expect(answerAsk(index, 'How many rovers would the agency send to the moon?').text ?? '').not.toMatch(
      /six/,
    );
  });

  it('"How much in X …" asks the sum X comes to, not a share', () => {
    const index = buildIndex({
      articles: [
        article(
          'levies',
          [
            'Ostland wants Velmar to drop the 15% levies on Ostlandic machine parts and the 25% levies on its steel.',
            'Velmar also cancelled a planned March 1 levy on some $156 billion in Ostlandic farm goods.',
            'Analysts say the 25% levies on steel hurt most.',
          ].join('\n'),
          '2019-11-20',
        ),
      ],
      errors: [],
    });
    const a = answerAsk(index, 'How much in Ostlandic farm goods would the March levy hit?');
    expect(a.text).toMatch(/^some \$156 billion\b/);
    expect(quantityQuestion('How much in damages did the jury award?')!.kinds.has('share')).toBe(false);
  });

  it('"What share of X …" is a share of it, not a difference between two', () => {
    const index = buildIndex({
      articles: [
        article(
          'ads',
          [
            'Banner units are the most profitable, and in-feed units are 20% less profitable than banner units.',
            'Banner units are the most common form of ad units (38%), followed by in-feed units (30%).',
          ].join('\n'),
          '2024-02-01',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'What share of ad units are banner units?').text).toMatch(/^38%/);
    expect(answerAsk(index, 'How much less profitable are in-feed units than banner units?').text).toMatch(
      /^20%/,
    );
  });

  it('"…, according to X?" takes the figure that source gives', () => {
    const index = buildIndex({
      articles: [
        article(
          'polls',
          [
            'A new Harbour Post poll shows support for the levy. Fifty-one percent of Velmont voters say they back it. A rival Metro Wire poll has lower numbers: 44 percent of Velmont voters say they back the levy outright.',
          ].join('\n'),
          '2024-02-01',
        ),
      ],
      errors: [],
    });
    expect(
      answerAsk(index, 'What share of Velmont voters back the levy, according to the Harbour Post?').text,
    ).toMatch(/^Fifty-one percent/);
    expect(
      answerAsk(index, 'What share of Velmont voters back the levy, according to Metro Wire?').text,
    ).toMatch(/^44 percent/);
  });

  it('"one of the only platforms" is a member of a group, not a count', () => {
    const index = buildIndex({
      articles: [
        article(
          'apps',
          'Snapgram is one of the only major platforms to hide likes, and teenagers use it most.',
          '2024-02-01',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How many teenagers use Snapgram?').text).toBeNull();
  });

  it('a count over a period of years that holds none of the years asked is not the answer', () => {
    const index = buildIndex({
      articles: [
        article(
          'overdoses',
          [
            'A study found that 340 children died of overdoses in Orrin from 1999 to 2021.',
            'The state has not yet published its figures for 2022.',
          ].join('\n'),
          '2023-11-08',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How many children died of overdoses in Orrin in 2022?').text).toBeNull();
    expect(answerAsk(index, 'How many children died of overdoses in Orrin in 2015?').text).toMatch(/^340\b/);
  });

  it('ages in brackets, as British and Irish news give them, and the age of "X’s father"', () => {
    const index = buildIndex({
      articles: [
        article(
          'sentenced',
          [
            'Nora Quill (40) and her father, Ted Quill (73), have been sentenced for the manslaughter of her husband.',
            'Mr Quill (73) told the court he was sorry.',
          ].join('\n'),
          '2023-11-08',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How old is Nora Quill?').text).toMatch(/^40 years old\b/);
    // "Nora Quill (40)" is not Ted's age, though the surname is his.
    expect(answerAsk(index, 'How old is Ted Quill?').text).toMatch(/^73 years old\b/);
    // Her father's age stands by "father", not by her name.
    expect(answerAsk(index, 'How old is Nora Quill’s father?').text).toMatch(/^73 years old\b/);
  });

  it('"the Tallis reviewer" names no one: a capitalised word after "the" modifies the noun', () => {
    const index = buildIndex({
      articles: [
        article(
          'manual',
          [
            'I have worked on my own cars since I was 19, but this is my first time with a Tallis workshop manual.',
            'The manual starts with the basics.',
          ].join('\n'),
          '2024-02-01',
          'Tallis workshop manual: a reviewer’s verdict',
        ),
      ],
      errors: [],
    });
    expect(
      answerAsk(index, 'How old was the Tallis reviewer when he started working on his own cars?').text,
    ).toMatch(/^19 years old\b/);
  });

  it('ages asked by a first name or told with "I was", and "one" the pronoun', () => {
    const index = buildIndex({
      articles: [
        article(
          'signing',
          [
            'Carrow have paid the fee to sign Harbour keeper Tavi Orrantia.',
            'The 23-year-old flew to Carrow last night.',
            'I have fixed my own bikes since I was 17 (and I still do), but this is the first manual I have used, and the last one.',
          ].join('\n'),
          '2024-02-01',
        ),
      ],
      errors: [],
    });
    // "The 23-year-old" after "Tavi Orrantia": asked as "Tavi".
    expect(answerAsk(index, 'How old is Tavi?').text).toMatch(/^23-year-old\b/);
    // "since I was 17" is an age, and "the last one" no count: the manual's pages are not given.
    expect(answerAsk(index, 'How many pages does the manual have?').text).toBeNull();
  });

  it('"how long is the warranty": the figure that names it; "what is the range of X" asks how far', () => {
    const index = buildIndex({
      articles: [
        article(
          'deals',
          [
            'Today only, Orrin offers the 12-inch Quill Pad in refurbished condition for $700. Includes a 90-day warranty.',
            'The Vesko Mini drone has a range of up to 4 miles and a 30-minute flight time.',
          ].join('\n'),
          '2024-02-01',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How long is the warranty on the refurbished Quill Pad deal?').text).toMatch(
      /^90-day\b/,
    );
    // One product's name, not two places a distance lies between.
    expect(answerAsk(index, "What's the range of the Vesko Mini drone?").text).toMatch(/^up to 4 miles\b/);
  });

  it('"two of our top charities" counts charities', () => {
    const index = buildIndex({
      articles: [
        article(
          'grant',
          'Orrin Action leads two of our top charities and one standout charity, and it runs 40 clinics.',
          '2024-02-01',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How many top charities does Orrin Action lead?').text).toMatch(/^two\b/);
  });

  it('how long something lasted is the time "for", not "within"', () => {
    const index = buildIndex({
      articles: [
        article(
          'cure',
          'The steroids had an effect within two days, Dale Rusk wrote. The course of steroids continued for 12 months.',
          '2024-02-01',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How long did Dale Rusk have to take steroids?').text).toMatch(/^12 months\b/);
  });

  it('a number beats "dozens", and another word for the thing counted counts it', () => {
    const index = buildIndex({
      articles: [
        article(
          'probe-plan',
          'The Orrin probe will make dozens of flybys of Tessa, the agency said.',
          '2024-02-01',
        ),
        article(
          'probe',
          [
            'The Orrin probe will study the ice of Tessa during 45 flybys.',
            'The maker will offer the Quill coupe in thirteen different finishes, and its 50 quattro version first.',
          ].join('\n'),
          '2024-02-01',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How many flybys of Tessa will the Orrin probe make?').text).toMatch(
      /^45 flybys\b/,
    );
    expect(answerAsk(index, 'In how many colours will the Quill coupe be offered?').text).toMatch(
      /^thirteen different finishes\b/,
    );
  });

  it('"a year or two" stays whole', () => {
    const index = buildIndex({
      articles: [
        article('crackdown', 'A crackdown would spark a year or two of international fury.', '2024-02-01'),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How long would the international fury last?').text).toMatch(/^a year or two\b/);
  });

  it('a bare figure after "of my 1,000 followers," counts followers', () => {
    const index = buildIndex({
      articles: [
        article(
          'accounts',
          'Creators can switch to a business account on Pixly. "Of my 1,000 followers, five swiped away," said one seller with a business account.',
          '2024-02-01',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How many minors have business accounts on Pixly?').text).toBeNull();
    expect(answerAsk(index, 'How many followers does the seller have?').text).toMatch(/^1,000 followers\b/);
  });

  it('a death toll is told with a word of dying; a count of users is none', () => {
    const index = buildIndex({
      articles: [
        article(
          'meth',
          [
            'Norland launched an anti-drug campaign against methamphetamine on Monday.',
            'An estimated 9,600 people in Norland reported a methamphetamine use disorder in 2017, the health agency said.',
          ].join('\n'),
          '2019-11-19',
        ),
        article(
          'crash',
          ['A bus crash near Tarrow killed 12 people and injured 30 others on Sunday.'].join('\n'),
          '2019-11-18',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How many people died of methamphetamine in Norland?').text).toBeNull();
    expect(answerAsk(index, 'How many people died in the bus crash near Tarrow?').text).toMatch(/^12\b/);
  });

  it('a figure after an em dash is its own, not the end of a range ("March 3—nine days before")', () => {
    const index = buildIndex({
      articles: [
        article(
          'outbreak',
          'A doctor wrote that the couple had been taken to the clinic on March 3—nine days before the cases were announced.',
          '2024-03-20',
        ),
      ],
      errors: [],
    });
    expect(
      answerAsk(index, 'How long after the couple reached the clinic were the cases announced?').text,
    ).toMatch(/^nine days\b/);
  });

  it('"an inch or two" is not the figure "one inch"', () => {
    const index = buildIndex({
      articles: [
        article(
          'planting',
          [
            'To find out if the pot needs water, stick your fingers into the soil about an inch or two deep.',
            'Leave one inch of space between the soil and the rim of the pot so that nothing overflows.',
          ].join('\n'),
          '2024-02-01',
        ),
      ],
      errors: [],
    });
    const answer = answerAsk(index, 'How much space should be left between the soil and the rim of the pot?');
    expect(answer.text).toMatch(/^one inch\b/);
  });

  it('sizes, lengths, times and ages as news states them', () => {
    const index = buildIndex({
      articles: [
        article(
          'charity',
          [
            'The foundation recommended a $5.1 million grant to the Orrin Trust, which runs 40 clinics.',
            'Her unfinished novel Quarry is over 140,000 words long and took a year to draft.',
            'The defence had 11 hits on quarterback Dale Rusk, and 12 sacks were nearly made.',
            'Ada Vance grew up in Carrow. At 16, she went to Orrin College.',
          ].join('\n'),
          '2024-02-01',
        ),
      ],
      errors: [],
    });
    // "how big" of a thing money sizes is a sum.
    expect(answerAsk(index, 'How big was the grant to the Orrin Trust?').text).toMatch(/^\$5\.1 million\b/);
    // "N words long": a thing's length in its own unit, not the year the draft took.
    expect(answerAsk(index, 'How long is the novel Quarry?').text).toMatch(/^over 140,000 words long\b/);
    // "how many times did … hit": the hits counted.
    expect(answerAsk(index, 'How many times did the defence hit Dale Rusk?').text).toMatch(/^11 hits\b/);
    // "At 16, she went …": the age of the one just named.
    expect(answerAsk(index, 'How old was Ada Vance when she went to college?').text).toMatch(/^16\b/);
  });

  it('"What was X\'s revenue?" is a sum of revenue: not a share, a per-share figure or the forecast', () => {
    const earnings = (id: string, text: string) => article(id, text, '2024-02-20');
    const index = buildIndex({
      articles: [
        earnings(
          'halden-results',
          [
            'Halden Stores earned $1.1 billion, or $2.53 per diluted share, as revenue rose 3.5 percent to $27.2 billion.',
            'Analysts surveyed by Refinitiv were expecting $2.52 a share on revenue of $27.53 billion.',
          ].join('\n'),
        ),
        earnings('halden-brief', 'Halden Stores reported $2.53 in per-share earnings for the quarter.'),
      ],
      errors: [],
    });
    expect(answerAsk(index, "What was Halden Stores' revenue in the quarter?").text).toMatch(
      /^\$27\.2 billion\b/,
    );
    // Asked for the forecast, the forecast it is.
    expect(answerAsk(index, 'How much revenue were analysts expecting from Halden Stores?').text).toMatch(
      /^\$27\.53 billion\b/,
    );
  });

  it('a sum after someone else the question does not name counts less', () => {
    const index = buildIndex({
      articles: [
        article(
          'pay-a',
          [
            'Chief executive Tomas Berg said his earnings last year were $2.8 million, the filing shows.',
            'Maria Lind took over from Tomas Berg in May.',
          ].join('\n'),
          '2024-02-20',
        ),
        article('pay-b', 'Maria Lind said her earnings were about $900,000.', '2024-02-21'),
      ],
      errors: [],
    });
    expect(answerAsk(index, "How much were Maria Lind's earnings last year?").text).toMatch(
      /^about \$900,000\b/,
    );
  });

  it('the past of the question\'s verb finds the passage that states the sum ("pay" → "paid")', () => {
    const index = buildIndex({
      articles: [
        article(
          'flight',
          [
            'Jo Brand, a Leeds consultant, flew back from Lima this week after a month in quarantine.',
            'Brand said he paid about $2,000 for his flight, organised by the embassy in Lima through a travel agency.',
            '“It is time to come home,” Brand said. “But a $2,000 price tag is a big price to pay to come home without an income.”',
          ].join('\n'),
          '2024-02-20',
        ),
      ],
      errors: [],
    });
    const a = answerAsk(index, 'How much did Jo Brand pay to fly home from Lima?');
    expect(a.text).toMatch(/\$2,000\b/);
    expect(a.citations[0]?.text).toContain('he paid about $2,000');
  });

  it('a figure in brackets is said of the word the brackets follow', () => {
    const index = buildIndex({
      articles: [
        article(
          'moon',
          [
            'The first map of the moon Varn shows six kinds of terrain.',
            'On Varn, plains (covering 65 percent of the surface) and dunes (covering 17 percent of the surface) made up most of the terrain.',
          ].join('\n'),
          '2024-02-20',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, "How much of Varn's surface is covered by dunes?").text).toMatch(/^17 percent\b/);
    expect(answerAsk(index, "How much of Varn's surface is covered by plains?").text).toMatch(
      /^65 percent\b/,
    );
  });

  it('"from X to Y": X is what it was before a change, Y what it became', () => {
    const index = buildIndex({
      articles: [
        article(
          'rewrite',
          'The rewrite let Tessel cut the memory its servers use from 5GiB to 50MiB, the company said.',
          '2024-02-20',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How much memory did Tessel use after the rewrite?').text).toMatch(/^50MiB\b/);
    expect(answerAsk(index, 'How much memory did Tessel use before the rewrite?').text).toMatch(/^5GiB\b/);
  });

  it('a question about what happened is not answered by a figure still to come', () => {
    const index = buildIndex({
      articles: [
        article(
          'sentence',
          [
            'The pair will now each serve between seven months and two years in prison after the time they have already served was taken into account.',
            'The court heard they had already served 44 months in prison for the earlier convictions.',
          ].join('\n'),
          '2024-02-20',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How much time had the pair already served in prison?').text).toMatch(
      /^44 months\b/,
    );
    expect(answerAsk(index, 'How long will the pair serve in prison?').text).not.toMatch(/^44 months\b/);
  });

  it('"how many people" is not answered by a count of things, nor by "any one person"', () => {
    const index = buildIndex({
      articles: [
        article(
          'lung',
          [
            'Doctors say it is not clear why any one person develops duvet lung, an allergy people get each year from feather bedding.',
            'Last year, going upstairs with duvet lung took him half an hour, as he could only manage two stairs at a time.',
          ].join('\n'),
          '2024-02-20',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How many people get duvet lung each year?').text).toBeNull();
    expect(answerAsk(index, 'How many stairs could he manage at a time with duvet lung?').text).toMatch(
      /^two stairs\b/,
    );
  });

  it('a word in the phrase after a figure is said of that figure, not of the next one', () => {
    const index = buildIndex({
      articles: [
        article(
          'savings',
          'In 2019, savers may contribute up to $19,000 pretax to a workplace pension and $6,000 to a personal account.',
          '2024-02-20',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How much can savers put into a workplace pension in 2019?').text).toMatch(
      /\$19,000\b/,
    );
  });

  it('"the Audi" at the end of a question names a thing, not someone whose age is asked', () => {
    const index = buildIndex({
      articles: [
        article(
          'crash',
          [
            'An overnight crash in Kendall resulted in the death of a 15-year-old boy, police said.',
            'The boy was driving an Audi when it struck a tree; a girl riding with him was taken to hospital.',
          ].join('\n'),
          '2024-02-20',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How old was the boy driving the Audi?').text).toMatch(/^15-year-old\b/);
  });

  it('a sum nearest a word for a price is a price, not what a word further off is for', () => {
    const index = buildIndex({
      articles: [
        article(
          'solar',
          [
            'Korea has unveiled a solar roadmap. It includes a reduction in solar module costs from around $0.23/W today to $0.10 by 2030, helped by unspecified research and development investment.',
            'Chelsea have paid the £71.6million fee to secure Kepa, the club said.',
          ].join('\n'),
          '2024-02-20',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How much will Korea invest in solar research and development?').text).toBeNull();
    expect(answerAsk(index, 'How much did Chelsea pay to sign Kepa?').text).toMatch(/71\.6million/);
  });

  it('a distance between two places is told only where both are named', () => {
    const index = buildIndex({
      articles: [
        article(
          'towns',
          [
            'Larsport lies 40 miles north of Beltmark, on the coast.',
            'Visitors to Ostrava often drive 185 miles from Beltmark.',
          ].join('\n'),
          '2019-11-18',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How far is Larsport from Beltmark?').text).toMatch(/^40 miles\b/);
    const a = answerAsk(index, 'How far is Larsport from Ostrava?');
    expect(a.text).toBeNull();
    expect(a.citations).toEqual([]);
    expect(a.message).toMatch(/^No passage found that names Larsport and Ostrava together/);
  });

  it('finds the past of a short verb that doubles its last letter: "stop" → "stopped"', () => {
    const index = buildIndex({
      articles: [
        article(
          'storm',
          [
            'Nine-year-old Ada Brill was at the match in Harwick when the storm came.',
            'The girl was hit by a falling branch, which stopped her breathing for 12 minutes, doctors said.',
            'Ada is now back at school, and the match will be replayed in two weeks.',
          ].join('\n'),
          '2023-10-09',
        ),
      ],
      errors: [],
    });
    const a = answerAsk(index, 'For how long did Ada’s breathing stop?');
    expect(a.text).toMatch(/^12 minutes\b/);
  });

  it('a distance asked where the articles give none is "no distance found", never another kind of figure', async () => {
    const index = await corpus();
    const a = answerAsk(index, 'How far is Larsport from Beltmark?');
    expect(a.text).toBeNull();
    expect(a.message).toMatch(
      /^No distance or length found in the articles for “How far is Larsport from Beltmark/,
    );
    // It never claims the articles mention the question's words.
    expect(a.message).not.toMatch(/articles mention/);
  });
});

describe('reading a question and a sentence', () => {
  it('the question decides the kinds of figure, in order of preference', () => {
    const kinds = (q: string) => [...quantityQuestion(q)!.kinds.keys()];
    expect(kinds('How old is the mayor?')).toEqual(['age']);
    expect(kinds('How much of the company did it buy?')).toEqual(['share', 'money', 'measure']);
    // What something costs, pays or is worth is a sum of money: "20%" does not say what a car costs.
    expect(kinds('How much does the pass cost?')).toEqual(['money']);
    expect(kinds('How much would the mission cost?')).toEqual(['money']);
    expect(kinds('How much is the house worth?')).toEqual(['money']);
    expect(kinds('How much did the club pay for him?')).toEqual(['money']);
    // A price raised may be told as a share as well as a sum.
    expect(kinds('How much did the state raise fuel prices?')).toEqual(['money', 'share', 'measure']);
    expect(kinds('How much did prices rise?')).toEqual(['share', 'money', 'measure']);
    expect(kinds('How much water is in the dam?')).toEqual(['measure', 'money', 'share']);
    expect(kinds('How long has she led the party?')).toEqual(['duration']);
    // Time and sleep are lengths of time; "time" is no word of the topic.
    expect(kinds('How much time had the pair served in prison?')).toEqual(['duration']);
    expect(quantityQuestion('How much time had the pair served in prison?')!.topic).not.toMatch(/time/);
    expect(kinds('How much sleep do teenagers need?')).toEqual(['duration']);
    expect(kinds('How long is the bridge?').sort()).toEqual(['distance', 'duration']);
    expect(kinds('How many miles is the route?')).toEqual(['distance']);
    // A measure asked by its adjective.
    expect(kinds('How tall is the tower?')).toEqual(['distance']);
    expect(kinds('How thick is the ice?')).toEqual(['distance']);
    expect(kinds('How heavy is the cargo?')).toEqual(['measure']);
    expect(kinds('How fast did the economy grow?')).toEqual(['share', 'measure']);
    expect(kinds('How big is the park?')).toEqual(['measure', 'distance', 'count']);
    // A sum raised is money; a stake stays a measure of size.
    expect(kinds('How big was the capital raising?')).toEqual(['money', 'measure', 'count']);
    expect(kinds('How big is the firm’s stake?')).toEqual(['measure', 'distance', 'count']);
    expect(quantityQuestion('Who is the mayor?')).toBeUndefined();
  });

  it('a dollar sign with its country letters is money: "S$445.1 million", "HK$2 billion"', () => {
    const much = quantityQuestion('How much revenue did the media business make?')!;
    expect(
      quantitiesIn(
        'Revenue for the media business shrank 22.8 per cent to S$445.1 million due to lower sales.',
        much,
      ),
    ).toMatchObject([{ kind: 'money', unit: 'S$', value: 445.1e6, surface: 'S$445.1 million' }]);
    expect(quantitiesIn('It paid HK$2 billion for the site.', much)).toMatchObject([
      { kind: 'money', unit: 'HK$', surface: 'HK$2 billion' },
    ]);
    // Nor is it a count of anything ("445.1 million due").
    const many = quantityQuestion('How many copies does the paper print?')!;
    expect(quantitiesIn('Revenue shrank to S$445.1 million due to lower sales.', many)).toEqual([]);
  });

  it('"three years ago" is a point in time, not a duration; "five-and-a-half years" is 5.5 years', () => {
    const ask = quantityQuestion('How long did she serve?')!;
    expect(quantitiesIn('He founded the label three years ago.', ask)).toEqual([]);
    const [found] = quantitiesIn('He left after five-and-a-half years in charge.', ask);
    expect(found).toMatchObject({ kind: 'duration', value: 5.5, surface: 'five-and-a-half years' });
  });

  it('a part said in words: "by a third", "two-thirds of", "a quarter century"', () => {
    const much = quantityQuestion('How much smaller could the craft be?')!;
    expect(quantitiesIn('Its mass could be reduced by a third.', much)).toMatchObject([
      { kind: 'share', surface: 'a third' },
    ]);
    expect(quantitiesIn('Two-thirds of voters backed the plan.', much)[0]?.value).toBeCloseTo(66.67, 1);
    // "A half century on" is a length of time, never a share of anything.
    expect(quantitiesIn('A half century on, the band still tours.', much)).toEqual([]);
    const long = quantityQuestion('How long since they toured together?')!;
    expect(quantitiesIn('It is their first tour together in nearly a quarter century.', long)).toMatchObject([
      { kind: 'duration', value: 0.25, unit: 'century', surface: 'nearly a quarter century' },
    ]);
  });

  it('numbers spelled out past twelve: "thirty minutes", "twenty-five", "thirteen"', () => {
    const long = quantityQuestion('How long does charging take?')!;
    expect(quantitiesIn('It tops up to 80 percent in under thirty minutes.', long)).toMatchObject([
      { kind: 'duration', value: 30, unit: 'minutes' },
    ]);
    expect(quantitiesIn('The rebuild took twenty-five years.', long)[0]?.value).toBe(25);
    const many = quantityQuestion('How many finishes will it come in?')!;
    expect(quantitiesIn('Audi will offer thirteen different finishes.', many)[0]?.value).toBe(13);
  });

  it('thousands set apart by spaces ("800 000 hectares"), not a day then a count; rain as a depth', () => {
    const big = quantityQuestion('How big an area did the fire burn?')!;
    expect(quantitiesIn('The fire burned 800 000 hectares of bush.', big)).toMatchObject([
      { value: 800000, surface: '800 000 hectares' },
    ]);
    const many = quantityQuestion('How many people marched?')!;
    expect(
      quantitiesIn('On March 5 200 people marched, and 1 250 000 signed.', many).map((f) => f.value),
    ).toEqual([200, 1250000]);
    // "children younger than 5" bounds an age; it counts nothing.
    const died = quantityQuestion('How many babies died?')!;
    expect(quantitiesIn('The number of children younger than 5 who died has risen sixfold.', died)).toEqual(
      [],
    );
    expect(
      quantitiesIn('Kids under 12 who were hospitalized numbered 40.', died).map((f) => f.value),
    ).toEqual([40]);
    // "the two most recent examples" counts examples, out of reach: no count of babies.
    expect(quantitiesIn('In the two most recent Bay Area examples, the families struggled.', died)).toEqual(
      [],
    );
    // "How many ounces …" asks a measure in ounces; a scale word may be hyphenated into the unit.
    const ounces = quantityQuestion('How many ounces of gold are in the discovery?')!;
    expect([...ounces.kinds.keys()]).toEqual(['measure']);
    expect(quantitiesIn('North of it lies the 2.2-million-ounce Hemi gold discovery.', ounces)).toMatchObject(
      [{ kind: 'measure', value: 2200000, unit: 'ounce' }],
    );
    const rain = quantityQuestion('How much rain could the fire grounds get?')!;
    expect([...rain.kinds.keys()]).toEqual(['distance', 'measure']);
    expect(quantitiesIn('The fire grounds could get up to 50mm of rain.', rain)).toMatchObject([
      { kind: 'distance', value: 50 },
    ]);
  });

  it('units written onto the digits, rupees, lakhs, and numbers that are part of a name', () => {
    const memory = quantityQuestion('How much memory did the service use?')!;
    expect(quantitiesIn('It cut memory use from 5GiB to 50MiB.', memory).map((f) => f.surface)).toEqual([
      '5GiB',
      '50MiB',
    ]);
    const far = quantityQuestion('How far can the drone fly?')!;
    expect(quantitiesIn('It has a range of up to 4km.', far)).toMatchObject([{ kind: 'distance', value: 4 }]);
    const long = quantityQuestion('How long does the check take?')!;
    expect(quantitiesIn('All this takes about 800ms.', long)).toMatchObject([
      { kind: 'duration', value: 800 },
    ]);
    const cost = quantityQuestion('How much does each painting cost?')!;
    expect(quantitiesIn('He spends around Rs 500 for each painting, Rs 2 lakh in all.', cost)).toMatchObject([
      { kind: 'money', value: 500 },
      { kind: 'money', value: 200_000 },
    ]);
    const cases = quantityQuestion('How many new cases did the state record?')!;
    expect(quantitiesIn('The state recorded 749 COVID-19 cases.', cases)).toMatchObject([
      { value: 749, surface: '749 COVID-19 cases' },
    ]);
    expect(quantitiesIn('On Wednesday, 749 people tested positive.', cases)[0]?.value).toBe(749);
    expect(quantitiesIn('The F-35 jets flew.', cases)).toEqual([]);
  });

  it("the story's own count, another place's figure, a range of ages, and room as a length", () => {
    const index = buildIndex({
      articles: [
        article(
          'estate',
          [
            'The Kenthurst estate in the hills is for sale. Its garden is famous with local children.',
            'Peering through the ferns is a total of seven dinosaurs, all of them life-size.',
            'In Nawada, officials said a three-day lockdown will be in force. Lockdown in Gaya district will continue for a week.',
            'Drinkers in the study were between the ages of 18-24.',
            'Leave one inch of space between the soil and the top of the pot.',
          ].join('\n'),
          '2020-01-22',
        ),
      ],
      errors: [],
    });
    expect(
      answerAsk(index, 'How many dinosaurs are hiding in the garden of the Kenthurst estate?').text,
    ).toMatch(/^seven dinosaurs\b/);
    expect(answerAsk(index, 'How long will the lockdown in Nawada last?').text).toMatch(/^three-day\b/);
    expect(answerAsk(index, 'How old were the drinkers in the study?').text).toMatch(/^18-24 years old\b/);
    expect(answerAsk(index, 'How much space should be left between the soil and the top?').text).toMatch(
      /^one inch\b/,
    );
  });

  it('a question that names only a place names no one: the age of whom it describes', () => {
    const index = buildIndex({
      articles: [
        article(
          'murals',
          'A 32-year-old youth in Odisha’s Kandhamal district is painting coronavirus murals in villages.',
          '2020-04-26',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How old is the artist painting coronavirus murals in Kandhamal?').text).toMatch(
      /^32-year-old\b/,
    );
  });

  it('a name after "in" in the question is a place, whatever the articles take it for', () => {
    const index = buildIndex({
      articles: [
        article(
          'dumpster',
          [
            'A torso was found in a dumpster in Varrow on Wednesday. Varrow residents were shocked.',
            'Police said 35-year-old Samuel Haskin was arrested at a mall in connection with the crime.',
          ].join('\n'),
          '2023-11-08',
        ),
      ],
      errors: [],
    });
    expect(answerAsk(index, 'How old is the suspect arrested over the torso found in Varrow?').text).toMatch(
      /^35-year-old\b/,
    );
  });

  it('"how quickly" asks in how long; "how fast did it grow" a rate', () => {
    const kinds = (q: string) => [...quantityQuestion(q)!.kinds.keys()];
    expect(kinds('How quickly can the tool place a patient in a risk category?')[0]).toBe('duration');
    expect(kinds('How fast can the car go?')[0]).toBe('measure');
    expect(kinds('How quickly did prices rise?')[0]).toBe('share');
  });

  it('the noun counted may stand past modifiers and quote marks; "one another", "a new one" count nothing', () => {
    const minors = quantityQuestion('How many minors have business accounts?')!;
    expect(quantitiesIn('There are now 140 million monthly active “business” accounts.', minors)).toEqual([]);
    expect(quantitiesIn('Users message one another.', minors)).toEqual([]);
    expect(quantitiesIn('The ad was called “Starts with one” by the state.', minors)).toEqual([]);
    // "one" after a determiner and its words, before a preposition, stands for a noun said before.
    expect(
      quantitiesIn('Any user can turn a profile into a “business” or “creator” one at any time.', minors),
    ).toEqual([]);
    expect(quantitiesIn('The county reported a total of one in the spring.', minors)[0]?.value).toBe(1);
    const accounts = quantityQuestion('How many business accounts are there?')!;
    expect(
      quantitiesIn('There are now 140 million monthly active “business” accounts.', accounts)[0]?.value,
    ).toBe(140_000_000);
  });

  it('one thing, or a figure joined to its noun, counts that noun, not what was asked', () => {
    const people = quantityQuestion('How many people died of overdoses in the state last year?')!;
    expect(quantitiesIn('One campaign video showed a family at dinner.', people)).toEqual([]);
    expect(quantitiesIn('One woman died in the fire.', people)[0]?.value).toBe(1);
    const americans = quantityQuestion('How many Americans have the disorder?')!;
    expect(americans.people).toBe(true);
    expect(quantitiesIn('The Eagles won one league title and snapped an 11-game streak.', americans)).toEqual(
      [],
    );
    expect(quantitiesIn('About 2.8 million people have it.', americans)[0]?.value).toBe(2_800_000);
    const shows = quantityQuestion('How many shows will the band play on the tour?')!;
    expect(quantitiesIn('The 30-date run opens in June.', shows)[0]?.value).toBe(30);
  });

  it('the unit decides: light-years are a distance, "a miles-thick" is no figure, a weight is a mass', () => {
    const big = quantityQuestion('How big is the simulated universe?')!;
    expect(quantitiesIn('The cube is some 230 million light-years wide.', big)).toMatchObject([
      { kind: 'distance', unit: 'light-years', surface: 'some 230 million light-years' },
    ]);
    const deep = quantityQuestion('How deep is the ocean?')!;
    expect(quantitiesIn('An ocean lies beneath a miles-thick ice shell.', deep)).toEqual([]);
    const heavy = quantityQuestion('How much does the car weigh?')!;
    expect(quantitiesIn('It charges at up to 150 kW and weighs 2,490 kilograms.', heavy)).toMatchObject([
      { kind: 'measure', value: 2490, unit: 'kilograms' },
    ]);
  });

  it('model codes and ranks are not counts: "787-9", "the number one buyer"', () => {
    const ask = quantityQuestion('How many jets did the airline buy?')!;
    const found = quantitiesIn(
      "It bought 30 of Boeing's 787-9 jets and is the number one buyer of the A380.",
      ask,
    );
    expect(found.map((f) => f.value)).toEqual([30]);
  });

  it('a range is one figure: "one-to-seven days", "3-5 miles", "between 2 and 4 hours", "10 to 15 percent"', () => {
    const surfaces = (q: string, sentence: string) =>
      quantitiesIn(sentence, quantityQuestion(q)!).map((f) => f.surface);
    expect(surfaces('How long is the wait?', 'Symptoms show after a period of one-to-seven days.')).toEqual([
      'one-to-seven days',
    ]);
    expect(surfaces('How far is the camp?', 'The camp is 3-5 miles from town.')).toEqual(['3-5 miles']);
    expect(surfaces('How long did it take?', 'It took between 2 and 4 hours, they said.')).toEqual([
      'between 2 and 4 hours',
    ]);
    expect(surfaces('How much did prices rise?', 'Prices rose 10 to 15 percent.')).toEqual([
      '10 to 15 percent',
    ]);
    // Not a range: "2 and 4" without "between"; a hyphen before no unit ("787-9 jets").
    expect(surfaces('How many jets?', 'It bought 787-9 jets.')).toEqual([]);
  });

  it('a rate is demoted unless the question asks for one', () => {
    const total = quantityQuestion('How much did they pay?')!;
    const rate = quantityQuestion('How much does it cost a month?')!;
    const sentence = 'They paid $12 a share, or $96.5 million.';
    const fit = (ask: typeof total) =>
      Object.fromEntries(quantitiesIn(sentence, ask).map((f) => [f.surface, f.fit]));
    expect(fit(total)['$12']).toBeLessThan(fit(total)['$96.5 million']!);
    expect(fit(rate)['$12']).toBe(fit(rate)['$96.5 million']);
    // "per second" at the end of the figure's clause makes it a rate too, however far off.
    const plume =
      'Some 2,300 tons were seen, and 5,200 pounds of vapor leave the moon through its cracks per second.';
    const vapor = quantityQuestion('How much vapor was seen?')!;
    const inPlume = Object.fromEntries(quantitiesIn(plume, vapor).map((f) => [f.surface, f.fit]));
    expect(inPlume['5,200 pounds']).toBeLessThan(inPlume['Some 2,300 tons']!);
  });
});

describe('the quick check before reading figures', () => {
  const figure = new RegExp(FIGURE.source, FIGURE.flags.replace('g', ''));
  const PIECES = [
    '0',
    '7',
    '1,5',
    '2.5',
    'one',
    'Ten',
    'TWELVE',
    'thousand',
    'dozens',
    'hundreds',
    'tens of',
    ' ',
    '-',
    '.',
    ',',
    '_',
    '$',
    'US$',
    '€',
    'é',
    'x',
    'about ',
    'half',
    'and',
    'a',
    'million',
    '٣',
    '²',
    'money',
  ];
  it('passes every text FIGURE finds a figure in', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        if (figure.test(text)) expect(MAY_HOLD_FIGURE.test(text), text).toBe(true);
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        if (figure.test(text)) expect(MAY_HOLD_FIGURE.test(text), text).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
