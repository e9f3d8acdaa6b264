import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { extractTimes } from '../../src/index/tables/dates.js';
import type { TimeMention } from '../../src/index/tables/types.js';
import { article, seedArticles } from './fixtures.js';

/** Times found in one sentence of an article published on `published`. */
function times(text: string, published?: string): TimeMention[] {
  return extractTimes([article('t', text, published)]);
}
const dateOf = (text: string, published?: string): string | undefined => times(text, published)[0]?.date;

// Monday 2022-02-21, the seeds' publication date.
const MON = '2022-02-21';

describe('extractTimes: bare weekdays follow the tense around them', () => {
  it('past tense takes the weekday on or before the published date', () => {
    // "met" is past: the Sunday just gone.
    expect(dateOf('The leaders met on Sunday.', MON)).toBe('2022-02-20');
    // "increased" is past, so "Thursday" is the one before Monday 21, not after.
    expect(dateOf('Beginning on Thursday, shelling increased along the line.', MON)).toBe('2022-02-17');
  });

  it('future cues take the weekday on or after the published date', () => {
    // "will", "scheduled for" look ahead.
    expect(dateOf('Blinken and Lavrov will meet on Thursday.', MON)).toBe('2022-02-24');
    expect(dateOf('A meeting is also scheduled for Thursday.', MON)).toBe('2022-02-24');
    // "ahead of" an event puts it after the article.
    expect(dateOf("The stakes are high ahead of Thursday's debate, co-hosted by CBS News.", MON)).toBe(
      '2022-02-24',
    );
  });

  it('with no cue at all (a headline) takes the nearest weekday', () => {
    // Thursday 24 is three days away, Thursday 17 four.
    expect(dateOf('New Lavrov-Blingen meeting on Thursday', MON)).toBe('2022-02-24');
  });

  it('"last Tuesday" is the Tuesday of the week before the article\'s, "Tuesday" the latest one', () => {
    // Friday 2023-05-05: this week's Tuesday is 2 May; last week's, 25 April.
    expect(dateOf('Biden announced his campaign last Tuesday in a short video.', '2023-05-05')).toBe(
      '2023-04-25',
    );
    expect(dateOf('Biden announced his campaign on Tuesday in a short video.', '2023-05-05')).toBe(
      '2023-05-02',
    );
    // Thursday 2020-10-29: "last Thursday" is a week back; on a Monday, last week's Friday is three days back.
    expect(dateOf('Last Thursday, police found a skimmed card.', '2020-10-29')).toBe('2020-10-22');
    expect(dateOf('The plant closed last Friday.', MON)).toBe('2022-02-18');
  });

  it('the published weekday itself is the published date', () => {
    expect(dateOf('Moscow announced on Monday that a call would suffice.', MON)).toBe(MON);
  });
});

describe('extractTimes: absolute and relative dates', () => {
  it('resolves month-day with the published year, and stated years as stated', () => {
    expect(dateOf('The meeting is set for February 24.', MON)).toBe('2022-02-24');
    expect(dateOf('They met on June 16, 2021 in Geneva.', MON)).toBe('2021-06-16');
    expect(dateOf('On February 19, 2022, troops patrolled.', MON)).toBe('2022-02-19');
  });

  it('reads a year after "of" and a year standing before what it dates, not a count', () => {
    const years = (text: string) => times(text, '2019-11-19').map((t) => [t.text, t.date, t.precision]);
    expect(years('Losses in the first quarter of 2020 were large.')).toEqual([['of 2020', '2020', 'year']]);
    expect(years('NASA is preparing for its planned 2024 crewed moon shot.')).toEqual([
      ['2024', '2024', 'year'],
    ]);
    expect(years("Lawmakers debated the agency's 2020 budget request.")).toEqual([['2020', '2020', 'year']]);
    expect(years('The 2000 people at the rally cheered.')).toEqual([]);
    expect(years('Flight 1940 landed.')).toEqual([]);
  });

  it('reads a year before a name of two capitalised words, and after "to"', () => {
    const years = (text: string) => times(text, '2020-01-17').map((t) => [t.text, t.date, t.precision]);
    expect(years('The goal under the 2015 U.N. Paris Agreement is to curb warming.')).toEqual([
      ['2015', '2015', 'year'],
    ]);
    expect(years('Dating all the way back to 1930, the shop makes fish cakes.')).toEqual([
      ['to 1930', '1930', 'year'],
    ]);
    expect(years('The 2000 Ford engineers at the plant cheered.')).toEqual([]);
    expect(years('The chain reported strong profit growth for 2015.')).toEqual([
      ['for 2015', '2015', 'year'],
    ]);
    expect(years('The fund paid for 2000 people to travel.')).toEqual([]);
  });

  it('a month and day take the year the sentence opens on: "In 2005, … on July 10"', () => {
    const july = (text: string) => times(text, '2020-04-02').find((t) => t.text.includes('July'))?.date;
    expect(july('In 2005, Hurricane Dennis made landfall near Navarre Beach on July 10.')).toBe('2005-07-10');
    // With a second year in the sentence, it is not the sentence's own.
    expect(july('In 2005, a storm hit, and in 2019 another one came on July 10.')).not.toBe('2005-07-10');
  });

  it('resolves yesterday and weeks; weeks give their Monday with precision "week"', () => {
    expect(dateOf('He discussed the idea yesterday.', MON)).toBe('2022-02-20');
    const last = times('Officials said so last week.', MON)[0];
    expect(last).toMatchObject({ text: 'last week', date: '2022-02-14', precision: 'week' });
  });

  it('reads "last night" and "this morning" as days of their own', () => {
    expect(times('The coach was sacked last night.', MON)[0]).toMatchObject({
      text: 'last night',
      date: '2022-02-20',
      precision: 'day',
    });
    expect(dateOf('Police said this morning that two men were held.', MON)).toBe(MON);
    // "in the morning" is a time of day, not a date.
    expect(times('He arrived in the morning and left at noon.', MON)).toEqual([]);
  });

  it('the tense nearest the date decides, within its own clause', () => {
    // "revealed" governs "in October"; "plans to" is further off.
    expect(dateOf('The mayor in October revealed plans to widen the harbour by 2030.', '2019-11-20')).toBe(
      '2019-10',
    );
    // An aside between dashes keeps its own tense.
    expect(
      dateOf(
        'While planning the fair – which will open its doors in January – the council did surveys.',
        '2019-11-20',
      ),
    ).toBe('2020-01');
    expect(dateOf('Ministers will meet on Thursday to lay the groundwork.', MON)).toBe('2022-02-24');
  });

  it('a participle after "be" is not a past tense; "must" looks ahead; "due to" is a cause', () => {
    // Wednesday 2023-11-08.
    expect(dateOf('She is scheduled to be arraigned Thursday morning.', '2023-11-08')).toBe('2023-11-09');
    expect(dateOf('Drivers are being strongly advised to stay home until Sunday.', '2023-11-08')).toBe(
      '2023-11-12',
    );
    expect(dateOf('Travellers arriving after 4am on Saturday must self-isolate.', '2023-11-08')).toBe(
      '2023-11-11',
    );
    expect(dateOf('Rainfall doubled in October, largely due to one storm.', '2023-11-08')).toBe('2023-10');
  });

  it('keeps a clock time as written and reads a range of days as two dates', () => {
    expect(times('A timeline published after 5pm on Wednesday shows it.', '2023-11-08')[0]).toMatchObject({
      text: '5pm on Wednesday',
      date: '2023-11-08',
    });
    expect(
      times('She served on the court from January 2015 to December 2019.', '2023-11-08').map((t) => t.date),
    ).toEqual(['2015-01', '2019-12']);
    // A range of hours on one day is one date.
    expect(times('The reception is on Saturday, November 11, 5-8pm.', '2023-11-06')).toHaveLength(1);
  });

  it('"this May", "last March" and "next June" are months of the right year', () => {
    const month = (text: string): string | undefined => times(text, '2023-11-08')[0]?.date;
    expect(month('A study published this May found it.')).toBe('2023-05');
    expect(month('Sales fell last November.')).toBe('2022-11');
    expect(month('The law takes effect next June.')).toBe('2024-06');
  });

  it('a month-day weeks ahead is not read as nearly a year ago for a past verb elsewhere', () => {
    // Tuesday 2023-11-07: "asked … ahead of a November 29 meeting" is this November.
    expect(dateOf('Members asked for the papers ahead of a November 29 meeting.', '2023-11-07')).toBe(
      '2023-11-29',
    );
    // Three months ahead is not "soon": a past verb keeps last year's day.
    expect(dateOf('The plane went missing on March 8.', '2014-12-10')).toBe('2014-03-08');
  });

  it('"the end of next year" is the year, not 31 December', () => {
    expect(times('The plant will close by the end of next year.', '2019-11-19')).toMatchObject([
      { text: 'next year', date: '2020', precision: 'year' },
    ]);
  });

  it('a weekday given with a month and day decides the year', () => {
    // No tense cue ("died" aside); Sunday 3 March fell in 2019, not 2020.
    expect(dateOf('A ceremony on Sunday, March 3 drew thousands.', '2019-11-20')).toBe('2019-03-03');
    expect(dateOf('The vote is on Tuesday, December 3.', '2019-11-20')).toBe('2019-12-03');
    expect(dateOf('He died on March 3.', '2019-11-20')).toBe('2019-03-03');
  });

  it('gives a month without a day as YYYY-MM and a bare year as YYYY', () => {
    // "They met … in June": past, so June 2021, not June 2022.
    expect(times('They met for the first time in Geneva in June.', MON)[0]).toMatchObject({
      date: '2021-06',
      precision: 'month',
    });
    expect(
      times('Over 14,000 people have been killed since the conflict began in 2014.', MON)[0],
    ).toMatchObject({
      text: 'in 2014',
      date: '2014',
      precision: 'year',
    });
  });

  it('skips durations, "now", anchors to other events and lone numbers', () => {
    // None of these is a point in time.
    for (const s of [
      'The meeting lasted for 45 minutes.',
      'Three civilians were killed in the past 24 hours.',
      'Fighting has escalated for the past three days.',
      'For eight years, the government has waged war.',
      'And now Russia seems to be preparing.',
      'The day before, Pushilin ordered an evacuation.',
      'It paid 10,000 rubles (about $ 130).',
      'Melanie Sun is a reporter.',
      'All stakeholders may be involved.',
    ]) {
      expect(times(s, MON), s).toEqual([]);
    }
  });

  it('keeps relative expressions without a date when the article has no published date', () => {
    // Nothing to anchor "Thursday" or "February 24" (no year) to; a stated date needs no anchor.
    expect(times('They will meet on Thursday.')).toEqual([
      { articleId: 't', paragraph: 1, sentence: 0, text: 'on Thursday' },
    ]);
    expect(times('It is set for February 24.')[0]?.date).toBeUndefined();
    expect(dateOf('They met on June 16, 2021 in Geneva.')).toBe('2021-06-16');
    expect(dateOf('The war began in 2014.')).toBe('2014');
  });

  it('reads dates glued to the next word by machine translation', () => {
    expect(times('It’s February 20White House spokesman Jen Psaki announced.', MON)[0]?.date).toBe(
      '2022-02-20',
    );
  });

  it('records the sentence index within the paragraph', () => {
    const [t] = times('Talks went well. They will meet again on Thursday.', MON);
    expect(t).toMatchObject({ sentence: 1, date: '2022-02-24' });
  });
});

describe('extractTimes on the seed captures', () => {
  const all = extractTimes(seedArticles());
  const inArticle = (prefix: string): TimeMention[] => all.filter((t) => t.articleId.startsWith(prefix));

  it('reads "on Thursday" of the Blinken–Lavrov meeting as 2022-02-24', () => {
    // 003: "… will meet on Thursday to lay the framework" (future).
    expect(inArticle('003').find((t) => t.text === 'on Thursday' && t.date === '2022-02-24')).toBeDefined();
    // 002: "… is also scheduled for Thursday" (future).
    expect(inArticle('002').find((t) => t.text === 'Thursday')?.date).toBe('2022-02-24');
  });

  it('reads the past "Beginning on Thursday, shelling increased" as 2022-02-17', () => {
    expect(inArticle('003').find((t) => t.text === 'on Thursday' && t.date === '2022-02-17')).toBeDefined();
  });

  it('finds February 24, June 16, 2021 and the 2014 of the conflict', () => {
    const dates = all.map((t) => t.date);
    expect(dates).toContain('2022-02-24');
    expect(dates).toContain('2021-06-16');
    expect(dates).toContain('2014');
    expect(all.some((t) => /hours|minutes|years/.test(t.text))).toBe(false);
  });
});

describe('extractTimes robustness', () => {
  it('never throws on arbitrary paragraph text, with or without a published date', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.boolean(), (text, dated) => {
        extractTimes([article('fc', text, dated ? MON : undefined)]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('extractTimes: a day and month without a year follow the tense', () => {
  // Tuesday 2014-12-30.
  const DEC = '2014-12-30';

  it('past tense looks back: "went missing on March 8" in a December article is that March', () => {
    expect(dateOf('The plane went missing on March 8 with 239 people on board.', DEC)).toBe('2014-03-08');
    expect(dateOf('The plane struck the water on March 8, investigators said.', DEC)).toBe('2014-03-08');
  });

  it('future tense looks ahead', () => {
    expect(dateOf('The search will resume on March 8.', DEC)).toBe('2015-03-08');
  });

  it('a sentence with both a past and a future cue keeps the nearest year', () => {
    expect(dateOf('He said on February 24 the two ministers will meet.', MON)).toBe('2022-02-24');
  });
});

describe('extractTimes: year-relative expressions', () => {
  it.each([
    ['The company said last year that sales fell.', '2021'],
    ['Sales rose this year, the firm said.', '2022'],
    ['Earlier this year, the firm cut jobs.', '2022'],
    ['The plant will open next year.', '2023'],
    ['A year ago, the firm cut jobs.', '2021'],
    ['Three years ago, the firm cut jobs.', '2019'],
  ])('"%s" → %s, with year precision', (text, year) => {
    const [m] = times(text, MON);
    expect(m?.date).toBe(year);
    expect(m?.precision).toBe('year');
  });

  it('an earlier year after a preposition is a year ("born in 1889,"); "in 1800 homes" is a count', () => {
    expect(
      times('Although he was born in Braunau in 1889, little is known.', MON).map((m) => m.date),
    ).toEqual(['1889']);
    expect(times('The charity sent aid in 1800 homes last winter.', MON).map((m) => m.date)).not.toContain(
      '1800',
    );
  });

  it('needs the published date to resolve, and "for eight years" is a duration', () => {
    expect(times('The company said last year that sales fell.').map((m) => m.date)).toEqual([undefined]);
    expect(times('He has lived there for eight years.', MON)).toEqual([]);
  });
});

describe('extractTimes: a day given in full once', () => {
  it('a month and day with no year take the year the article gave that day', () => {
    const a = article(
      'tour',
      [
        'The band will kick off the tour June 9, 2020, in West Palm Beach.',
        'Tour dates: June 9 -- West Palm Beach; June 20 -- Tampa.',
        'The band last played Tampa on June 12, when the singer fell ill.',
      ].join('\n'),
      '2019-11-19',
    );
    const dates = extractTimes([a]).map((m) => [m.text, m.date]);
    expect(dates).toContainEqual(['June 9', '2020-06-09']);
    // A day the article never dates in full keeps the year its tense and the article's date give.
    expect(dates).toContainEqual(['June 12', '2019-06-12']);
  });
});

describe('extractTimes: a clause of time in the present', () => {
  it('"When February rolls around, you should give it a shot" is the coming February', () => {
    const a = article(
      'trial',
      [
        'When February rolls around and the free trials are offered, you should give it a shot.',
        'When March came, the plant opened.',
      ].join('\n'),
      '2019-11-18',
    );
    const dates = extractTimes([a]).map((m) => [m.text, m.date]);
    expect(dates).toContainEqual(['February', '2020-02']);
    expect(dates).toContainEqual(['March', '2019-03']);
  });
});
