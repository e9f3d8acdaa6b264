import { describe, expect, it } from 'vitest';
import { heldCount, highlightsIn, tokensOf } from '../../src/answer/tokens.js';

/** The count heldCount must give, read from the full tokenisation. */
function expected(text: string, wanted: ReadonlySet<string>, distinct: boolean, enough: number): number {
  const { terms } = tokensOf(text);
  const held = terms.filter((t): t is string => t !== null && wanted.has(t));
  return Math.min(enough, distinct ? new Set(held).size : held.length);
}

const SENTENCES = [
  'Kremlin spokesman Dmitry Peskov said the troops would stay near Ukraine’s border.',
  'The Élysée Palace said Macron spoke with Zelenskyy; Zelenskyy’s office confirmed the call.',
  'About 150,000 troops, 2.5 times more than in 2014, were counted by NATO officials.',
  "O'Brien's countries' taxes: CHURCHES, Classes and Passes were all over the news in İstanbul.",
  'Зеленский и Путин — Ørsted, Škoda, façade, naïve, ÆON and Straße appeared in captions.',
  'I met the mayor of Surabaya, Tri Rismaharini, who comforted relatives at the airport.',
  '',
];

describe('heldCount', () => {
  it('counts what the full tokenisation counts, for every subset size, distinct or not, with a cap', () => {
    let checked = 0;
    for (const base of SENTENCES) {
      const own = [...tokensOf(base).set];
      const wantedSets = [
        new Set<string>(),
        new Set(own.slice(0, 1)),
        new Set(own.filter((_, i) => i % 2 === 0)),
        new Set(own),
        new Set([...own.slice(-2), 'unrelated', 'zzz', '150', 'istanbul', 'зеленский']),
      ];
      for (const wanted of wantedSets) {
        for (const distinct of [false, true]) {
          for (const enough of [1, 2, Infinity]) {
            // A text never tokenised goes through the quick scan; the same text once tokenised, through
            // the memo. Both must give the full tokenisation's count.
            const fresh = `${base} ${checked}`;
            const scanned = heldCount(fresh, wanted, distinct, enough);
            const want = expected(fresh, wanted, distinct, enough);
            expect(scanned, `${fresh} / ${[...wanted].join(',')} / ${distinct} / ${enough}`).toBe(want);
            expect(heldCount(fresh, wanted, distinct, enough)).toBe(want);
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(SENTENCES.length * 5 * 2 * 3);
  });

  it('finds a term whose word starts with a capital, an accent or a digit', () => {
    const text = 'Élysée officials said 150,000 Troops and ISTANBUL residents left.';
    expect(heldCount(text, new Set(['elysee']), false)).toBe(1);
    expect(heldCount(`${text} `, new Set(['troop', 'istanbul', '150,000']), true)).toBe(3);
    expect(heldCount(`${text}  `, new Set(['official', 'resident']), false, 1)).toBe(1);
  });

  it('highlights the words the full tokenisation highlights, through the scan and the memo', () => {
    let checked = 0;
    for (const base of SENTENCES) {
      const own = [...tokensOf(base).set];
      for (const wanted of [own, own.filter((_, i) => i % 3 === 0), ['unrelated', ...own.slice(-1)]]) {
        const fresh = `${base} ${checked++} ${base}`;
        const scanned = highlightsIn(fresh, wanted);
        const { words, terms } = tokensOf(fresh);
        const want: string[] = [];
        words.forEach((w, i) => {
          const t = terms[i];
          if (t && wanted.includes(t) && !want.includes(w)) want.push(w);
        });
        expect(scanned, fresh).toEqual(want);
        expect(highlightsIn(fresh, wanted)).toEqual(want);
      }
    }
  });
});
