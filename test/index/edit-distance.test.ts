/**
 * The fast edit distances (bounded, giving up early, reusing buffers) agree with the plain
 * full-table definitions in src/index/edit-distance.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  distancePattern,
  editDistance,
  levenshtein,
  levenshteinFrom,
  levenshteinWithin,
  osaDistance,
  withinOneEdit,
} from '../../src/index/edit-distance.js';

// A small alphabet, so strings share letters, runs and swapped pairs often; 'é' is one UTF-16 unit.
const text = fc.array(fc.constantFrom('a', 'b', 'c', 'é', ' '), { maxLength: 10 }).map((cs) => cs.join(''));
const bound = fc.integer({ min: 0, max: 4 });

describe('plain distances', () => {
  it('are the textbook values', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('peskov', 'pesokv')).toBe(2);
    expect(osaDistance('peskov', 'pesokv')).toBe(1);
    expect(osaDistance('ca', 'abc')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(osaDistance('abc', '')).toBe(3);
  });
});

describe('fast distances agree with the plain ones', () => {
  it('levenshteinWithin is levenshtein, capped at max + 1', () => {
    fc.assert(
      fc.property(text, text, bound, (a, b, max) => {
        expect(levenshteinWithin(a, b, max)).toBe(Math.min(levenshtein(a, b), max + 1));
      }),
      { numRuns: 3000 },
    );
  });

  it('levenshteinFrom is levenshtein, capped at max + 1, for words of every length', () => {
    // Up to 40 characters: past the 32 a pattern holds in bits, and past one bit-parallel word.
    const long = fc
      .array(fc.constantFrom('a', 'b', 'c', 'é', ' ', '😀'), { maxLength: 40 })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.oneof(text, long), fc.oneof(text, long), fc.integer({ min: 0, max: 6 }), (a, b, max) => {
        expect(levenshteinFrom(distancePattern(a), b, max)).toBe(Math.min(levenshtein(a, b), max + 1));
      }),
      { numRuns: 5000 },
    );
    // The 32nd character is the pattern's sign bit.
    const w = 'abcdefghijklmnopqrstuvwxyzabcdef';
    expect(levenshteinFrom(distancePattern(w), w.slice(0, 31) + 'x', 2)).toBe(1);
    expect(levenshteinFrom(distancePattern(w), w.slice(0, 31), 2)).toBe(1);
  });

  it('editDistance is osaDistance up to max and above max beyond it', () => {
    fc.assert(
      fc.property(text, text, bound, (a, b, max) => {
        const d = osaDistance(a, b);
        const fast = editDistance(a, b, max);
        if (d <= max) expect(fast).toBe(d);
        else expect(fast).toBeGreaterThan(max);
        expect(editDistance(a, b)).toBe(d);
      }),
      { numRuns: 3000 },
    );
  });

  it('withinOneEdit is osaDistance of a prefix at most 1', () => {
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 12 }), (a, b, n) => {
        expect(withinOneEdit(a, b, n)).toBe(osaDistance(a, b.slice(0, n)) <= 1);
      }),
      { numRuns: 3000 },
    );
  });
});
