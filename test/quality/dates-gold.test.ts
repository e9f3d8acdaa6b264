import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GoldFileError, ours, parseGold, plainChrono, score, type GoldEntry } from './dates-gold.js';

const entry = (phrase: string, sentence: string, expect: string, published = '2014-12-10'): GoldEntry => ({
  page: 'p',
  published,
  sentence,
  phrase,
  expect,
});

describe('the date gold file format', () => {
  it('takes the four forms of expectation', () => {
    const text = ['2014-03-08', 'week 2014-12-01', '2014-03', '2013']
      .map(
        (e) =>
          `- page: p\n  published: "2014-12-10"\n  sentence: "It rose last year."\n  phrase: "last year"\n  expect: "${e}"`,
      )
      .join('\n');
    expect(parseGold(text, 'f.yaml')).toHaveLength(4);
  });

  it('names the file, the entry and the reason for a bad entry', () => {
    const bad =
      (fields: string): (() => unknown) =>
      () =>
        parseGold(`- page: p\n  published: "2014-12-10"\n${fields}`, 'f.yaml');
    expect(bad('  sentence: "It rose."\n  phrase: "last year"\n  expect: "2013"')).toThrow(
      /f\.yaml: entry 1 \(phrase: "last year"\): phrase: the phrase is not in the sentence/,
    );
    expect(bad('  sentence: "It rose last year."\n  phrase: "last year"\n  expect: "last year"')).toThrow(
      GoldFileError,
    );
    expect(
      bad('  sentence: "It rose last week."\n  phrase: "last week"\n  expect: "week 2014-12-02"'),
    ).toThrow(/a week is given by its Monday/);
  });
});

describe('scoring a reading', () => {
  const e = entry('last year', 'Prices rose last year.', '2013');

  it('is right only at the expected precision', () => {
    expect(score(e, { text: 'last year', date: '2013', precision: 'year' }).ok).toBe(true);
    const day = score(e, { text: 'last year', date: '2013-12-10', precision: 'day' });
    expect(day.ok).toBe(false);
    expect(day.lenient).toBe(true);
    expect(score(e, { text: 'last year', date: '2014', precision: 'year' }).lenient).toBe(false);
    expect(score(e, null)).toEqual({ reading: null, ok: false, lenient: false });
  });

  it('never counts a coarser reading as inside a finer period', () => {
    const d = entry('March 8', 'It went missing on March 8.', '2014-03-08');
    expect(score(d, { text: 'March 8', date: '2014-03', precision: 'month' }).lenient).toBe(false);
  });
});

describe('the two resolvers on one sentence', () => {
  const sentence =
    'MH370 went missing on March 8 and the search was suspended last week, officials said on Tuesday.';

  it('reads the phrase the entry names, not another date of the sentence', () => {
    expect(ours(entry('March 8', sentence, '2014-03-08'))).toMatchObject({
      date: '2014-03-08',
      precision: 'day',
    });
    expect(ours(entry('last week', sentence, 'week 2014-12-01'))).toMatchObject({
      date: '2014-12-01',
      precision: 'week',
    });
    expect(ours(entry('Tuesday', sentence, '2014-12-09'))).toMatchObject({ date: '2014-12-09' });
  });

  it('gives plain chrono-node its own reading with the precision it marks certain', () => {
    const r = plainChrono(entry('last year', 'Prices rose last year.', '2013'));
    expect(r).not.toBeNull();
    expect(r!.date.startsWith('2013')).toBe(true);
    expect(plainChrono(entry('never', 'It never rose.', '2013'))).toBeNull();
  });
});

describe('the committed gold set', () => {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dates');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  const all = files.flatMap((f) => parseGold(readFileSync(path.join(dir, f), 'utf8'), f));

  it('holds at least 300 well-formed phrases from at least 25 pages', () => {
    expect(all.length).toBeGreaterThanOrEqual(300);
    expect(new Set(all.map((e) => e.page)).size).toBeGreaterThanOrEqual(25);
  });
});
