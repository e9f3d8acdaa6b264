/**
 * The completion table (src/answer/complete.ts) must suggest exactly what the plain scan does
 * (`suggestEntities` in test/oracles/entity-scan.ts: every entity scored on every keystroke) — same
 * entities, same order — for prefixes, typos, punctuation, diacritics, empty and 100-character input,
 * on both corpora and on generated entity lists large enough that a one-letter prefix matches
 * hundreds of names with tied mention counts; and the commands' suggestions keep Discord's limits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completeEntities, typoPrefix } from '../../src/answer/complete.js';
import { nearlySorted } from '../../src/answer/complete-table.js';
import { DerivedTables, run } from '../../src/index/derived.js';
import { MAX_CHOICES, suggestNames, suggestTopics } from '../../src/answer/suggest.js';
import { sections } from '../../src/answer/suggest.js';
import type { DossierIndex } from '../../src/index/model.js';
import { suggestEntities } from '../oracles/entity-scan.js';
import { editDistance } from '../../src/index/edit-distance.js';
import { completeTerms } from '../../src/index/search/complete-terms.js';
import { fold } from '../../src/index/terms.js';
import type { Entity, EntityKind } from '../../src/index/tables/types.js';
import { fixtures, seeds } from './helpers.js';

const KINDS: (EntityKind | undefined)[] = [undefined, 'person', 'place', 'organization'];

/** The names the commands showed before the table: the plain scan, or the most named for no input. */
function referenceNames(index: DossierIndex, input: string, kind?: EntityKind, typos = true): string[] {
  const text = input.trim();
  if (!text) {
    return index.entities
      .filter((e) => !kind || e.kind === kind)
      .sort((a, b) => b.mentions.length - a.mentions.length || a.name.localeCompare(b.name))
      .slice(0, MAX_CHOICES)
      .map((e) => e.name.slice(0, 100));
  }
  return suggestEntities(index.entities, text, kind, MAX_CHOICES, typos).map((e) => e.name.slice(0, 100));
}

/** /when and /timeline suggestions by the plain scan (all of them, then the first 25). */
function referenceTopics(index: DossierIndex, input: string): string[] {
  const text = fold(input.trim());
  const out: string[] = [];
  const add = (s: string) => {
    const v = s.replace(/\s+/g, ' ').trim().slice(0, 100);
    if (v && !out.some((o) => fold(o) === fold(v))) out.push(v);
  };
  if (!text) {
    for (const n of referenceNames(index, '')) add(n);
    return out.slice(0, MAX_CHOICES);
  }
  for (const { name, folded } of sections.get(index)) if (folded.includes(text)) add(name);
  // As typed first (names, then terms), then a typo away.
  for (const typos of [false, true]) {
    for (const n of referenceNames(index, input, undefined, typos)) add(n);
    for (const t of completeTerms(index, input, MAX_CHOICES, typos) ?? []) add(t);
  }
  return out.slice(0, MAX_CHOICES);
}

function same(index: DossierIndex, typed: string, kind: EntityKind | undefined, limit = MAX_CHOICES) {
  for (const typos of [true, false]) {
    const fast = completeEntities(index, typed, kind, limit, typos).map((e) => e.id);
    const slow = suggestEntities(index.entities, typed, kind, limit, typos).map((e) => e.id);
    expect(fast, `${JSON.stringify(typed)} (${kind ?? 'any'}, ${limit}, typos ${typos})`).toEqual(slow);
  }
}

/** Strings people would type: every spelling and its words. */
function spellingsOf(entities: Entity[]): string[] {
  const out = new Set<string>();
  for (const e of entities) {
    for (const s of [e.name, ...e.variants]) {
      out.add(s);
      for (const w of s.split(/\s+/)) out.add(w);
    }
  }
  return [...out];
}

const edit = (s: string, at: number, op: number, ch: string): string => {
  const i = s.length ? at % s.length : 0;
  if (op === 0) return s.slice(0, i) + ch + s.slice(i + 1);
  if (op === 1) return s.slice(0, i) + s.slice(i + 1);
  if (op === 2) return s.slice(0, i) + ch + s.slice(i);
  return s.slice(0, i) + (s[i + 1] ?? '') + (s[i] ?? '') + s.slice(i + 2);
};

/** Awkward input: empty, blank, one character, punctuation, diacritics, titles, Discord's 100 characters. */
const ODD = [
  '',
  ' ',
  'a',
  'A',
  'é',
  'É',
  '.',
  '-',
  "'",
  '!!!',
  '"',
  '–',
  'Mr. ',
  'Mr',
  'dr. a',
  "'s",
  'a-',
  '-a',
  'a b',
  'the',
  'zzzz',
  'ö',
  'Zö',
  'ñ',
  '\u0301',
  'x'.repeat(100),
  'a'.repeat(100),
  'ab '.repeat(33) + 'a',
];

/** Characters for random input: letters (with a few diacritics), digits, separators, punctuation. */
const CHARS = [...'aeiknorstyzAEKéöñ0 -.\'’",!?()'];
const typedText = fc.array(fc.constantFrom(...CHARS), { maxLength: 100 }).map((cs) => cs.join(''));

describe.each([
  ['seed corpus', seeds],
  ['fixture corpus', fixtures],
])('completion table on the %s', (_name, load) => {
  it('suggests what the plain scan does for every prefix of every spelling, and odd input', async () => {
    const index = await load();
    const queries = spellingsOf(index.entities);
    expect(queries.length).toBeGreaterThan(3);
    for (const kind of KINDS) {
      for (const q of ODD) same(index, q, kind);
      for (const q of queries) {
        for (let n = 1; n <= Math.min(q.length, 8); n++) same(index, q.slice(0, n), kind);
        same(index, q.toUpperCase(), kind);
        same(index, q.slice(1, 6), kind);
      }
    }
    for (const limit of [0, 1, 3])
      for (const q of ['', 'a', 'pe', queries[0]!.slice(0, 3)]) same(index, q, undefined, limit);
  });

  it('suggests what the plain scan does for misspelt prefixes and random input', async () => {
    const index = await load();
    const queries = spellingsOf(index.entities);
    fc.assert(
      fc.property(
        fc.constantFrom(...queries),
        fc.integer({ min: 3, max: 9 }),
        fc.nat(),
        fc.nat(3),
        fc.constantFrom('x', 'a', 'é', ' ', '-', '.'),
        fc.constantFrom(...KINDS),
        (q, n, at, op, ch, kind) => same(index, edit(q.slice(0, n), at, op, ch), kind),
      ),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(typedText, fc.constantFrom(...KINDS), (q, kind) => same(index, q, kind)),
      { numRuns: 300 },
    );
  });

  it('gives the commands the names and topics they showed before, within Discord limits', async () => {
    const index = await load();
    const queries = spellingsOf(index.entities);
    const inputs = [...ODD, ...queries.flatMap((q) => [q.slice(0, 1), q.slice(0, 3), q.slice(0, 5)])];
    for (const q of inputs) {
      for (const kind of KINDS)
        expect(suggestNames(index, q, kind), q).toEqual(referenceNames(index, q, kind));
      const topics = suggestTopics(index, q);
      expect(topics, q).toEqual(referenceTopics(index, q));
      for (const out of [topics, suggestNames(index, q)]) {
        expect(out.length).toBeLessThanOrEqual(MAX_CHOICES);
        for (const s of out) expect(s.length).toBeGreaterThan(0);
        for (const s of out) expect(s.length).toBeLessThanOrEqual(100);
      }
    }
  });
});

/** Generated entities: names from a few letters, so short prefixes match many, and tied mentions. */
const SYLLABLES = ['an', 'ka', 'ro', 'é', 'ne', 'st', 'o', 'ya', 'de', 'zz', 'am', '\uffff', '\u0000'];
const wordArb = fc
  .array(fc.constantFrom(...SYLLABLES), { minLength: 1, maxLength: 4 })
  .map((s) => s.join(''))
  .map((w) => w[0]!.toUpperCase() + w.slice(1));
const nameArb = fc
  .array(wordArb, { minLength: 1, maxLength: 3 })
  .chain((ws) => fc.constantFrom(' ', '-', ' ', '. ').map((sep) => ws.join(sep)));
const entityArb = fc.record({
  kind: fc.constantFrom<EntityKind>('person', 'place', 'organization'),
  name: nameArb,
  variants: fc.array(nameArb, { maxLength: 3 }),
  mentions: fc.integer({ min: 1, max: 6 }),
});

function indexOfEntities(list: { kind: EntityKind; name: string; variants: string[]; mentions: number }[]) {
  const entities: Entity[] = list.map((e, i) => ({
    id: `${e.kind}:${i}`,
    kind: e.kind,
    name: e.name,
    variants: e.variants,
    mentions: Array.from({ length: e.mentions }, (_, n) => ({
      articleId: 'a',
      paragraph: n,
      surface: e.name,
    })),
  })) as unknown as Entity[];
  // Only what completion reads: the entities, and where the index keeps its tables.
  return { entities, derived: new DerivedTables() } as unknown as DossierIndex;
}

describe('completion table on generated entity lists', () => {
  it('suggests what the plain scan does, ties and long ranges included', () => {
    const prefix = fc.oneof(
      typedText,
      fc.array(fc.constantFrom(...SYLLABLES, ' ', '-', 'x'), { maxLength: 5 }).map((s) => s.join('')),
    );
    fc.assert(
      fc.property(
        fc.array(entityArb, { minLength: 0, maxLength: 400 }),
        fc.array(prefix, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(...KINDS),
        fc.constantFrom(1, 5, 25),
        (list, typed, kind, limit) => {
          const index = indexOfEntities(list);
          for (const q of typed) same(index, q, kind, limit);
        },
      ),
      // No shrinking of hundreds of entities: the failing input is printed as found.
      { numRuns: 150, endOnFailure: true },
    );
  });

  it('keeps to the plain scan on a list of thousands where one letter matches most names', () => {
    fc.assert(
      fc.property(
        fc.array(entityArb, { minLength: 2000, maxLength: 3000 }),
        fc.array(fc.constantFrom('a', 'k', 'r', 'an', 'ka', 'ro', 'anka', 'kaan', 'rone', 'stan', 'annn'), {
          minLength: 4,
          maxLength: 8,
        }),
        (list, typed) => {
          const index = indexOfEntities(list);
          for (const q of typed) for (const kind of KINDS) same(index, q, kind);
        },
      ),
      { numRuns: 5, endOnFailure: true },
    );
  });
});

describe('typoPrefix', () => {
  it("is the plain scan's test: the word's first |p| or |p|+1 characters within one edit of p", () => {
    const text = fc
      .array(fc.constantFrom('a', 'b', 'c', 'é', ' '), { maxLength: 8 })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, text, (w, p) => {
        const plain =
          editDistance(p, w.slice(0, p.length), 1) <= 1 || editDistance(p, w.slice(0, p.length + 1), 1) <= 1;
        expect(typoPrefix(w, p), `${w} / ${p}`).toBe(plain);
      }),
      { numRuns: 3000 },
    );
    expect(typoPrefix('peskov', 'pseko')).toBe(true);
    expect(typoPrefix('peskov', 'pexkx')).toBe(false);
  });
});

describe('nearlySorted (the one-edit keys after a change)', () => {
  it('sorts lists with items a little out of place, and any list', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 300 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: -3, max: 3 })), { maxLength: 20 }),
        fc.boolean(),
        (values, swaps, shuffled) => {
          const list = shuffled ? values.slice() : values.slice().sort((a, b) => a - b);
          for (const [at, by] of swaps) {
            if (!list.length) break;
            const i = at % list.length;
            const j = Math.min(list.length - 1, Math.max(0, i + by));
            [list[i], list[j]] = [list[j]!, list[i]!];
          }
          expect(Array.from(run(nearlySorted(list)))).toEqual(list.slice().sort((a, b) => a - b));
        },
      ),
      { numRuns: 500 },
    );
    // Far out of order: more moves than the insertion sort allows itself, so the typed sort ends it.
    const reversed = Array.from({ length: 200 }, (_, i) => 200 - i);
    expect(Array.from(run(nearlySorted(reversed)))).toEqual(reversed.slice().reverse());
  });
});
