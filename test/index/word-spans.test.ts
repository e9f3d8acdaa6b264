import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { words } from '../../src/index/terms.js';
import { eachWordSpan } from '../../src/index/word-spans.js';

function spans(text: string): string[] {
  const out: string[] = [];
  eachWordSpan(text, (start, end) => {
    out.push(text.slice(start, end));
  });
  return out;
}

/** Characters where the tokeniser's rules meet: digits, separators, apostrophes, marks, astral letters. */
const PIECES = [
  'a',
  'Z',
  'é',
  'ß',
  'Ж',
  'ж',
  '中',
  'ـ',
  '\u0301',
  '\u0651',
  '0',
  '7',
  '٣',
  '²',
  '½',
  '.',
  ',',
  "'",
  '’',
  '‘',
  '-',
  ' ',
  '\n',
  '"',
  '“',
  '”',
  '$',
  '%',
  '(',
  ')',
  '𝐀',
  '𝟘',
  '😀',
  '\ud800',
  '\udc00',
  'İ',
  'ﬁ',
];

describe('eachWordSpan', () => {
  it('gives the tokens words() gives, on strings made of the characters its rules turn on', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        expect(spans(text)).toEqual(words(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the tokens words() gives on news text and on any string', () => {
    const news = [
      'About 150,000 troops, 2.5 times more than in 2014, were near Ukraine’s border on Feb. 3rd.',
      "O'Brien's rock'n'roll band — the Élysée's 1.000,5 guests; don't 'quote' me.",
      'Зеленский said ½ of the 3rd battalion left at 07:30, 12.05.2022.',
    ];
    for (const t of news) expect(spans(t)).toEqual(words(t));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        expect(spans(text)).toEqual(words(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('stops when the visitor says so', () => {
    const seen: string[] = [];
    const text = 'one two three four';
    eachWordSpan(text, (s, e) => {
      seen.push(text.slice(s, e));
      return seen.length === 2;
    });
    expect(seen).toEqual(['one', 'two']);
  });
});
