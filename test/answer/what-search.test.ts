/**
 * /what, /search, /sources and /timeline golden tests, with corroboration and near-duplicate folding.
 */
import { describe, expect, it } from 'vitest';
import {
  answerSearch,
  answerSources,
  answerTimeline,
  answerWhat,
  type Citation,
} from '../../src/answer/index.js';
import { cited, expectNothingFound, expectWellCited, fixtures, seeds } from './helpers.js';

describe('/what', () => {
  it('gives a gist sentence from the best passage and cites passages about the topic', async () => {
    const index = await seeds();
    const a = answerWhat(index, 'ceasefire violations');
    expect(a.kind).toBe('what');
    // The gist is a sentence taken from one of the cited paragraphs and names the topic.
    expect(a.text).toMatch(/ceasefire violations/i);
    const gist = a.text!.replace(/ \(reported in \d of 5 articles\)$/, '');
    expect(a.citations.some((c) => c.text.includes(gist))).toBe(true);
    expect(a.citations.length).toBe(3);
    for (const c of a.citations) expect(c.text).toMatch(/ceasefire/i);
    expectWellCited(index, a);
  });

  it('the same paragraph carried by two outlets is cited once, the other outlet in alsoIn', async () => {
    // Courier ¶2 and Valley Herald ¶2 are the same sentence about the €4.2 million (two words differ):
    // it must appear once, with the other copy folded into alsoIn, and count as corroboration.
    const index = await fixtures();
    const a = answerWhat(index, 'repair budget');
    expect(a.text).toMatch(/€4\.2 million/);
    expect(a.text).toMatch(/reported in [23] of 5 articles/);
    const budget = a.citations.filter((c) => c.text.startsWith('The proposed budget sets aside'));
    expect(budget).toHaveLength(1);
    const other =
      budget[0]!.articleId === 'riverton-budget-vote'
        ? 'valley-herald-riverton-budget'
        : 'riverton-budget-vote';
    expect(budget[0]!.alsoIn).toEqual([expect.objectContaining({ articleId: other, paragraph: 2 })]);
    expectWellCited(index, a);
  });

  it('a near-duplicate in the seeds (the Zelensky phone calls) is folded too', async () => {
    // Bulletin ¶6 and Epoch Times ¶4 both report Macron's calls to Johnson and Zelensky(y).
    const index = await seeds();
    const a = answerWhat(index, 'Macron phone calls Johnson Zelensky');
    const keys = [
      ...cited(a),
      ...a.citations.flatMap((c) => (c.alsoIn ?? []).map((x) => `${x.articleId}#${x.paragraph}`)),
    ];
    expect(keys).toContain('bulletin-news-biden-putin-diplomatic-talks#6');
    expect(keys).toContain('epoch-times-macron-biden-putin-summit#4');
    expect(cited(a)).not.toEqual(
      expect.arrayContaining([
        'bulletin-news-biden-putin-diplomatic-talks#6',
        'epoch-times-macron-biden-putin-summit#4',
      ]),
    );
  });

  it('a topic only one article covers is not said to be corroborated', async () => {
    const index = await fixtures();
    const a = answerWhat(index, 'strike');
    expect(a.text).toMatch(/strike/i);
    expect(a.text).not.toMatch(/reported in/);
    expect(new Set(a.citations.map((c) => c.articleId))).toEqual(new Set(['rail-strike-northern-line']));
  });
});

describe('/search', () => {
  it('pages through the ranked passages: page 2 continues page 1, a page beyond the end clamps to the last', async () => {
    const index = await seeds();
    const p1 = answerSearch(index, 'ceasefire', 1);
    const size = p1.page!.size;
    const p2 = answerSearch(index, 'ceasefire', 2);
    expect(p1.kind).toBe('search');
    expect(p1.citations).toHaveLength(size);
    expect(p1.page).toMatchObject({ offset: 0 });
    expect(p2.page).toMatchObject({ offset: size, size });
    // No passage on both pages.
    expect(cited(p2).filter((k) => cited(p1).includes(k))).toEqual([]);
    const total = p1.page!.total;
    const last = Math.ceil(total / size);
    expect(last).toBeGreaterThan(2);
    expect(p1.text).toMatch(new RegExp(`^${total} passages in \\d of 5 articles — page 1 of ${last}\\.$`));
    const beyond = answerSearch(index, 'ceasefire', last + 10);
    expect(cited(beyond)).toEqual(cited(answerSearch(index, 'ceasefire', last)));
    expect(beyond.text).toContain(`page ${last} of ${last}`);
    expect(beyond.citations.length).toBeGreaterThan(0);
    for (const a of [p1, p2, beyond]) expectWellCited(index, a);
    // The first pages are passages that say it; the tail may be paragraphs under a "Ceasefire
    // violations" sub-heading, which match through their section.
    for (const c of [...p1.citations, ...p2.citations]) expect(c.text.toLowerCase()).toMatch(/cease-?fire/);
  });

  it('a search page holds three passages, as the README documents', async () => {
    // README: "/search <terms> [page] — Ranked passages, three a page" (one Discord message's worth).
    const index = await seeds();
    expect(answerSearch(index, 'ceasefire', 1).page).toMatchObject({ offset: 0, size: 3 });
    expect(answerSearch(index, 'ceasefire', 1).citations).toHaveLength(3);
    expect(answerSearch(index, 'ceasefire', 2).page).toMatchObject({ offset: 3, size: 3 });
  });

  it('on the fixtures, every passage that says "council" is found, before any that does not, none twice', async () => {
    const index = await fixtures();
    const first = answerSearch(index, 'council', 1);
    const all: Citation[] = [];
    for (let p = 1; p <= Math.ceil(first.page!.total / first.page!.size); p++) {
      all.push(...answerSearch(index, 'council', p).citations);
    }
    const keys = all.map((c) => `${c.articleId}#${c.paragraph}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(first.page!.total);
    // Paragraphs whose own text says "council" (or "council's"), all of them, and ranked first.
    // Courier ¶2 and Valley Herald ¶2 are one passage (near-duplicates) and neither says "council".
    const saying = all.map((c) => /\bcouncil\b|\bcouncil's\b/i.test(c.text));
    const expected = index.paragraphs.filter((p) => /\bcouncil\b|\bcouncil's\b/i.test(p.text)).length;
    expect(saying.filter(Boolean).length).toBe(expected);
    expect(saying.slice(0, expected).every(Boolean)).toBe(true);
    for (const c of all.slice(0, expected)) expect(c.highlights.length).toBeGreaterThan(0);
  });
});

describe('/sources', () => {
  it('lists every article with title, outlet, date and paragraph count, and the broken file with its reason', async () => {
    const index = await fixtures();
    const a = answerSources(index);
    expect(a.kind).toBe('sources');
    expect(a.text).toBe(`5 articles, ${index.paragraphs.length} paragraphs.`);
    expect(a.articles?.map((x) => [x.articleId, x.paragraphs])).toEqual([
      ['quantix-dresden-plant', 5],
      ['rail-strike-northern-line', 5],
      // Headline, byline, photo credit and the comment form are not paragraphs.
      ['riverton-budget-vote', 6],
      ['riverton-letters', 3],
      ['valley-herald-riverton-budget', 4],
    ]);
    const courier = a.articles!.find((x) => x.articleId === 'riverton-budget-vote')!;
    expect(courier).toMatchObject({
      title: 'Riverton council to vote on Tuesday on a €4.2 million repair budget',
      outlet: 'Riverton Courier',
      published: '2024-03-08',
      url: 'https://riverton-courier.example/news/budget-vote',
      file: 'riverton-budget-vote.md',
    });
    // The letters page has no front matter: the title comes from its headline, and it has no date.
    const letters = a.articles!.find((x) => x.articleId === 'riverton-letters')!;
    expect(letters.title).toBe('Letters: Riverton should not rush its repair budget');
    expect(letters.published).toBeUndefined();
    expect(a.message).toMatch(/broken-front-matter\.md: front matter is not valid YAML/);
    expect(a.citations).toEqual([]);
  });

  it('the seed corpus lists its five articles and nothing failed', async () => {
    const index = await seeds();
    const a = answerSources(index);
    expect(a.text).toMatch(/^5 articles, \d+ paragraphs\.$/);
    expect(a.articles).toHaveLength(5);
    expect(a.message).toBeUndefined();
    expect(a.articles!.every((x) => x.published === '2022-02-21' && x.paragraphs > 0)).toBe(true);
  });
});

describe('/timeline', () => {
  it('lists the dated events of the fixture corpus in date order, each cited with its date', async () => {
    const index = await fixtures();
    const a = answerTimeline(index);
    expect(a.kind).toBe('timeline');
    const dates = a.citations.map((c) => c.date!);
    expect(dates).toEqual([...dates].sort());
    expect(new Set(dates).size).toBe(dates.length);
    // The plant opening (5 March), the budget vote (12 March) and the strike (18 March) are all there.
    expect(dates).toEqual(expect.arrayContaining(['2024-03-05', '2024-03-12', '2024-03-18']));
    expect(a.text).toMatch(/^\d+ dated events, .+ to Monday 18 March 2024\.$/);
    expect(a.citations.find((c) => c.date === '2024-03-18')!.articleId).toBe('rail-strike-northern-line');
    expectWellCited(index, a);
  });

  it('seed timeline runs from the 2021 Geneva summit to 24 February 2022, in order', async () => {
    const index = await seeds();
    const a = answerTimeline(index);
    const dates = a.citations.map((c) => c.date!);
    expect(dates).toEqual([...dates].sort());
    expect(dates[0]).toBe('2021-06-16');
    expect(a.citations[0]!.text).toContain('Geneva');
    expect(dates).toContain('2022-02-24');
    expectWellCited(index, a);
  });

  it('a topic narrows the timeline to its own dates', async () => {
    const index = await fixtures();
    const a = answerTimeline(index, 'strike');
    expect(a.citations.map((c) => c.date)).toEqual(['2024-03-18']);
  });
});

describe('nothing to answer', () => {
  it.each([
    ['the of and', 'only common words'],
    ['?!?', 'punctuation only'],
    ['leave a reply', 'comment-form chrome'],
    ['Your email address will not be published', 'comment-form chrome'],
    ['Back to top', 'navigation chrome'],
    ['xqzv', 'junk'],
  ])('"%s" (%s) gets no answer and cites nothing, on both corpora', async (q) => {
    for (const index of [await seeds(), await fixtures()]) {
      for (const a of [answerWhat(index, q), answerSearch(index, q), answerTimeline(index, q)]) {
        expectNothingFound(a);
        expect(a.sources).toEqual([]);
      }
    }
  });

  it('the photo credit under a paragraph is never cited', async () => {
    // "Photo: Riverton Courier / Mark Ellis" is a credit line: it was stripped, so no passage has it.
    const index = await fixtures();
    expectNothingFound(answerSearch(index, 'Mark Ellis'));
    expect(index.paragraphs.some((p) => /Mark Ellis|Leave a Reply|Back to top|Read more/i.test(p.text))).toBe(
      false,
    );
  });
});

describe('/timeline quotes the sentence that holds each date', () => {
  it('each dated citation carries the sentence of its paragraph that holds the date', async () => {
    const index = await seeds();
    const a = answerTimeline(index);
    for (const c of a.citations) {
      expect(c.sentence).toBeDefined();
      expect(c.text).toContain(c.sentence!);
    }
    const feb24 = a.citations.find((c) => c.date === '2022-02-24')!;
    expect(feb24.sentence).toMatch(/February 24|Thursday/);
  });
});
