/**
 * The small text helpers ingestion leans on, checked as properties over arbitrary text: their fast
 * paths for plain lines must give exactly what their definitions say.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/corpus/index.js';
import { atMostWords, collapseWhitespace, comparable, matchesOf, wordCount } from '../../src/corpus/text.js';

// Characters that stress the fast paths: spaces of every kind, invisible and control characters,
// curly quotes and dashes, accents (composed and combining), compatibility forms, digits.
const tricky = fc.constantFrom(
  'a', 'Z', '7', ' ', '  ', '\t', '\n', '\r', '\u00a0', '\u2003', '\u3000', '\u200b', '\ufeff', '\u0007',
  '\u0085', '“', '”', '’', '—', '–', '…', 'é', 'e\u0301', 'ﬁ', '²', 'Ł', '.', '!', '?', '-', 'Mr.', 'The',
);
const text = fc.oneof(fc.array(tricky, { maxLength: 30 }).map((a) => a.join('')), fc.string({ unit: 'binary' }));

describe('collapseWhitespace', () => {
  it('trims, leaves single spaces only, drops invisible and control characters, and is idempotent', () => {
    fc.assert(
      fc.property(text, (s) => {
        const out = collapseWhitespace(s);
        expect(out).toBe(out.trim());
        expect(out).not.toMatch(/\s\s|[^\S ]|[\u200B-\u200D\u2060\uFEFF]/);
        // eslint-disable-next-line no-control-regex
        expect(out).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/);
        expect(collapseWhitespace(out)).toBe(out);
        // Nothing but whitespace and invisible characters is lost.
        // eslint-disable-next-line no-control-regex
        const visible = (t: string) => t.replace(/[\s\u200B-\u200D\u2060\uFEFF\u0000-\u001F\u007F-\u009F]/g, '');
        expect(visible(out)).toBe(visible(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('returns a line that needs nothing unchanged', () => {
    expect(collapseWhitespace('The council voted “yes” — 5 to 2.')).toBe('The council voted “yes” — 5 to 2.');
    expect(collapseWhitespace(' a\u00a0 b\u200b ')).toBe('a b');
  });
});

describe('comparable', () => {
  it('is the NFKD-folded, lowercased letters and digits, single-spaced, whatever the text', () => {
    const definition = (s: string) =>
      s
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    fc.assert(
      fc.property(text, (s) => {
        expect(comparable(s)).toBe(definition(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('treats quotes, dashes and case alike', () => {
    expect(comparable('“Peace — Now!”')).toBe(comparable('"peace - now"'));
    expect(comparable('Élysée ﬁnal')).toBe('elysee final');
  });
});

describe('atMostWords', () => {
  it('agrees with wordCount for every limit', () => {
    fc.assert(
      fc.property(text, fc.nat(12), (s, n) => {
        expect(atMostWords(s, n)).toBe(wordCount(s) <= n);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('splitSentences (property)', () => {
  it('cuts the collapsed text at spaces only: non-empty, trimmed sentences that join back to it', () => {
    fc.assert(
      fc.property(text, (s) => {
        const sentences = splitSentences(s);
        expect(sentences.join(' ')).toBe(collapseWhitespace(s));
        for (const sentence of sentences) {
          expect(sentence.length).toBeGreaterThan(0);
          expect(sentence).toBe(sentence.trim());
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('matchesOf', () => {
  // Patterns of the kinds the answer path runs: Unicode classes, empty matches, groups, a sticky
  // lastIndex left by an earlier use.
  const patterns = [/\p{Lu}[\p{L}\p{M}]*/gu, /\b/g, /(?:)/gu, /[\s-]*/g, /(\d+)(?:[.,](\d+))?/g, /é|e\u0301/giu];
  it('gives what matchAll gives from the start, whatever an earlier use left in lastIndex', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...patterns), fc.nat(40), (t, re, left) => {
        re.lastIndex = 0;
        const expected = [...t.matchAll(re)].map((m) => [m.index, ...m]);
        re.lastIndex = left;
        const got = matchesOf(re, t).map((m) => [m.index, ...m]);
        expect(got).toEqual(expected);
        expect(re.lastIndex).toBe(0);
      }),
      { numRuns: 3000 },
    );
  });
  it('steps over an empty match by a whole code point under the u flag', () => {
    expect(matchesOf(/(?:)/gu, 'a😀b').map((m) => m.index)).toEqual([0, 1, 3, 4]);
  });
});
