/**
 * Article filters (`since:`, `until:`, `outlet:`) through the answer layer's public function,
 * `answerPage`, over a small corpus written to a temp folder: four outlets' reports of the same
 * talks on different days, and one report without a date. Each test says which articles the
 * filter allows and checks that nothing else is cited, counted or listed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerPage, type Answer, type AnswerKind, type ArticleFilter } from '../../src/answer/index.js';
import { outletChoices, readFilter } from '../../src/answer/filter.js';
import { loadCorpus } from '../../src/corpus/index.js';
import { isUserError } from '../../src/errors.js';
import { buildIndex } from '../../src/index/build/build.js';
import type { DossierIndex } from '../../src/index/model.js';

const ARTICLES: Record<string, string> = {
  'reuters-feb.md': `---
title: Kremlin says Geneva summit is on
outlet: Reuters
published: 2022-02-01
---
Kremlin spokesman Dmitry Peskov said the Geneva summit would be held on 10 February 2022.

Peskov said: "We are ready to talk about security in Europe."

The ceasefire talks in Geneva drew delegations from both sides.`,
  'reuters-mar.md': `---
title: Peskov rules out new Geneva summit
outlet: Reuters
published: 2022-03-15
---
Kremlin spokesman Dmitry Peskov said another Geneva summit was not planned before 20 March 2022.

Peskov said: "There is nothing to discuss until the troops withdraw."`,
  'ap-feb.md': `---
title: Diplomats gather for Geneva summit
outlet: Associated Press
published: 2022-02-10
---
Diplomats gathered in Geneva for the summit on 10 February 2022, officials said.

Foreign minister Anna Lindqvist, the mediator, said the summit would last two days.`,
  'reuters-undated.md': `---
title: Background on the Geneva summit
outlet: Reuters
---
The Geneva summit follows months of talks, Peskov said.`,
  'bbc-2023.md': `---
title: A year after the Geneva summit
outlet: BBC
published: 2023-01-05
---
A year after the Geneva summit on 10 February 2022, little has changed, historian Marta Quist said.`,
};

let dir: string;
let index: DossierIndex;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dossier-filters-'));
  for (const [name, text] of Object.entries(ARTICLES)) await writeFile(path.join(dir, name), text);
  index = buildIndex(await loadCorpus(dir));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NOW = new Date('2022-03-20T12:00:00Z');
const ask = (kind: AnswerKind, query: string, filter?: ArticleFilter, offset = 0): Answer =>
  answerPage(index, kind, query, offset, 3, filter);
const filter = (input: Parameters<typeof readFilter>[0]): ArticleFilter => readFilter(input, NOW)!;
const idsOf = (a: Answer): Set<string> =>
  new Set([...a.citations.map((c) => c.articleId), ...a.sources.map((s) => s.articleId)]);

describe('reading a filter', () => {
  it('reads ISO days, months and years as the first day for since and the last for until', () => {
    expect(filter({ since: '2022-02', until: '2022-02' })).toEqual({
      since: '2022-02-01',
      until: '2022-02-28',
    });
    expect(filter({ since: '2022', until: '2022' })).toEqual({ since: '2022-01-01', until: '2022-12-31' });
    expect(filter({ since: '2022-02-10' })).toEqual({ since: '2022-02-10' });
  });

  it('reads relative phrases against now: a week runs Monday to Sunday, a month is the calendar month', () => {
    // 20 March 2022 was a Sunday.
    expect(filter({ since: 'last week', until: 'last week' })).toEqual({
      since: '2022-03-07',
      until: '2022-03-13',
    });
    expect(filter({ since: 'last month', until: 'last month' })).toEqual({
      since: '2022-02-01',
      until: '2022-02-28',
    });
    expect(filter({ since: 'yesterday' })).toEqual({ since: '2022-03-19' });
    expect(filter({ since: '3 days ago', until: 'today' })).toEqual({
      since: '2022-03-17',
      until: '2022-03-20',
    });
    expect(filter({ since: 'a year ago' })).toEqual({ since: '2021-03-20' });
  });

  it('gives no filter when nothing is given, and keeps the outlet as typed (spacing collapsed)', () => {
    expect(readFilter({ since: ' ', outlet: '' })).toBeUndefined();
    expect(filter({ outlet: '  associated   press ' })).toEqual({ outlet: 'associated press' });
  });

  it.each([
    ['since', 'banana'],
    ['until', '2022-13'],
    ['since', '2022-02-30'],
  ] as const)('refuses %s:%s with a UserError naming the option and the accepted forms', (option, value) => {
    let error: unknown;
    try {
      readFilter({ [option]: value }, NOW);
    } catch (err) {
      error = err;
    }
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toContain(`The ${option} option “${value}”`);
    expect((error as Error).message).toContain('2022-02-01');
    expect((error as Error).message).toContain('last week');
  });

  it('refuses a since after the until', () => {
    expect(() => readFilter({ since: '2022-03', until: '2022-02' }, NOW)).toThrow(
      /since date .* is after the until date/,
    );
  });
});

describe('answers restricted by a filter', () => {
  it('without a filter an answer is exactly the unfiltered one and carries no filter', () => {
    const plain = ask('search', 'Geneva summit');
    expect(plain.filter).toBeUndefined();
    expect(plain.corpusArticles).toBe(5);
    expect(answerPage(index, 'search', 'Geneva summit', 0, 3, undefined)).toEqual(plain);
  });

  it('outlet: cites only that outlet (any case), counts its articles, and names it as the articles spell it', () => {
    const a = ask('search', 'Geneva summit', filter({ outlet: 'reuters' }));
    expect(a.filter).toEqual({ outlet: 'Reuters' });
    // Three Reuters articles, the undated one included: no date bound, so it is not left out.
    expect(a.corpusArticles).toBe(3);
    expect([...idsOf(a)].sort()).toEqual(['reuters-feb', 'reuters-mar', 'reuters-undated']);
    expect(a.text).toMatch(/ in 3 of 3 articles/);
  });

  it('since/until: cites only articles published in the range, and leaves undated ones out', () => {
    const a = ask('search', 'Geneva summit', filter({ since: '2022-02-05', until: '2022-02-28' }));
    expect([...idsOf(a)]).toEqual(['ap-feb']);
    expect(a.corpusArticles).toBe(1);
    expect(a.filter).toEqual({ since: '2022-02-05', until: '2022-02-28' });
  });

  it('who: roles and mentions come from allowed articles only; corroboration counts against them', () => {
    const all = ask('who', 'Peskov');
    expect(all.text).toMatch(/reported in 3 of 5 articles/);
    const feb = ask('who', 'Peskov', filter({ outlet: 'Reuters', until: '2022-02' }));
    expect(feb.text).toMatch(/^Dmitry Peskov: Kremlin spokesman/);
    expect(feb.text).not.toMatch(/reported in/);
    expect([...idsOf(feb)]).toEqual(['reuters-feb']);
  });

  it('who: a person no allowed article names is not found', () => {
    const a = ask('who', 'Anna Lindqvist', filter({ outlet: 'Reuters' }));
    expect(a.text).toBeNull();
    expect(a.citations).toEqual([]);
    expect(a.message).toMatch(/No one called “Anna Lindqvist”/);
    expect(ask('who', 'Anna Lindqvist').text).toMatch(/Lindqvist/);
  });

  it('quote: only the words quoted in allowed articles', () => {
    const a = ask('quote', 'Peskov', filter({ since: '2022-03-01' }));
    expect(a.text).toMatch(/nothing to discuss/);
    expect([...idsOf(a)]).toEqual(['reuters-mar']);
  });

  it('when: the date comes from allowed articles only', () => {
    const a = ask('when', 'Geneva summit', filter({ outlet: 'Associated Press' }));
    expect(a.text).toMatch(/10 February 2022/);
    expect([...idsOf(a)]).toEqual(['ap-feb']);
  });

  it('timeline: only days from allowed articles, with or without a topic', () => {
    const all = ask('timeline', '');
    expect(all.citations.map((c) => c.date)).toContain('2022-03-20');
    for (const topic of ['', 'summit']) {
      const a = ask('timeline', topic, filter({ outlet: 'Associated Press' }));
      expect(a.citations.map((c) => c.date)).toEqual(['2022-02-10']);
      expect([...idsOf(a)]).toEqual(['ap-feb']);
    }
  });

  it('where and ask: cite only allowed articles', () => {
    const f = filter({ since: '2023' });
    for (const [kind, q] of [
      ['where', 'summit'],
      ['ask', 'Where was the summit?'],
      ['what', 'Geneva summit'],
    ] as const) {
      const a = ask(kind, q, f);
      expect(a.citations.length, `${kind} ${q}`).toBeGreaterThan(0);
      expect([...idsOf(a)], `${kind} ${q}`).toEqual(['bbc-2023']);
    }
  });

  it('sources: lists only the allowed articles', () => {
    const a = ask('sources', '', filter({ outlet: 'Reuters', since: '2022' }));
    expect(a.articles?.map((x) => x.articleId).sort()).toEqual(['reuters-feb', 'reuters-mar']);
    expect(a.text).toMatch(/^2 articles/);
  });

  it('a filter that leaves no article says so in one sentence, counting the undated ones it left out', () => {
    const a = ask('who', 'Peskov', filter({ outlet: 'REUTERS', since: '2022-04-01', until: '2022-04-30' }));
    expect(a.text).toBeNull();
    expect(a.citations).toEqual([]);
    expect(a.corpusArticles).toBe(0);
    expect(a.message).toBe(
      'No articles from Reuters between 1 Apr 2022 and 30 Apr 2022 (1 article from Reuters has no date and was left out).',
    );
    expect(ask('search', 'summit', filter({ outlet: 'The Times' })).message).toBe(
      'No articles from The Times.',
    );
  });

  it('"More passages" with a filter pages through allowed passages only', () => {
    const f = filter({ outlet: 'Reuters' });
    const first = ask('search', 'Geneva summit Peskov', f);
    const total = first.page?.total ?? first.citations.length;
    const seen = [...first.citations];
    for (let offset = first.citations.length; offset < total; offset += 3) {
      const next = ask('search', 'Geneva summit Peskov', f, offset);
      expect(next.filter).toEqual({ outlet: 'Reuters' });
      seen.push(...next.citations);
    }
    expect(seen.length).toBe(total);
    expect(seen.every((c) => c.outlet === 'Reuters')).toBe(true);
  });
});

describe('outlet autocomplete', () => {
  it('suggests outlet names with their article counts, most articles first, matching what is typed', () => {
    expect(outletChoices(index, '')).toEqual([
      { name: 'Reuters (3 articles)', value: 'Reuters' },
      { name: 'Associated Press (1 article)', value: 'Associated Press' },
      { name: 'BBC (1 article)', value: 'BBC' },
    ]);
    expect(outletChoices(index, 'PRESS')).toEqual([
      { name: 'Associated Press (1 article)', value: 'Associated Press' },
    ]);
  });
});
