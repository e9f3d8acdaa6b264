/**
 * The query-time entity tables (src/answer/entityLookup.ts) must give exactly what the plain scans in
 * src/index/entities-lookup.ts give — same entities, scores and order — for names, spellings,
 * surnames, misspellings and as-you-type prefixes, on both corpora.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lookupEntity, suggestEntityNames } from '../../src/answer/entity-lookup.js';
import { findEntity, suggestEntities } from '../../src/index/tables/entities-lookup.js';
import type { Entity, EntityKind } from '../../src/index/tables/types.js';
import { fixtures, seeds } from './helpers.js';

const KINDS: (EntityKind | undefined)[] = [undefined, 'person', 'place', 'organization'];

/** Strings people would type: every spelling, its words, and 1–2 character edits of them. */
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

function sameLookup(entities: Entity[], q: string) {
  const fast = lookupEntity(entities, q).map((m) => [m.entity.id, m.score]);
  const slow = findEntity(entities, q).map((m) => [m.entity.id, m.score]);
  expect(fast, q).toEqual(slow);
}

function sameSuggest(entities: Entity[], p: string, kind: EntityKind | undefined) {
  const fast = suggestEntityNames(entities, p, kind, 25).map((e) => e.id);
  const slow = suggestEntities(entities, p, kind, 25).map((e) => e.id);
  expect(fast, `${p} (${kind ?? 'any'})`).toEqual(slow);
}

describe.each([
  ['seed corpus', seeds],
  ['fixture corpus', fixtures],
])('entity lookup tables on the %s', (_name, load) => {
  it('find every spelling, word and common query form as the plain scan does', async () => {
    const { entities } = await load();
    expect(entities.length).toBeGreaterThan(3);
    const queries = spellingsOf(entities);
    for (const q of queries) {
      sameLookup(entities, q);
      sameLookup(entities, `who is ${q}?`);
      sameLookup(entities, q.toUpperCase());
    }
    for (const q of ['', ' ', '-', '.', 'zzzzqqq', 'President', 'Mr. X', "the summit's", 'a b c'])
      sameLookup(entities, q);
  });

  it('find misspelt names as the plain scan does', async () => {
    const { entities } = await load();
    const queries = spellingsOf(entities);
    fc.assert(
      fc.property(
        fc.constantFrom(...queries),
        fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom('a', 'e', 'k', 'y', 'z', 'ö', ' ', '-')), {
          maxLength: 2,
        }),
        (q, edits) => {
          const typo = edits.reduce((s, [at, op, ch]) => edit(s, at, op, ch), q);
          sameLookup(entities, typo);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('suggest the same names for every prefix, typo and kind', async () => {
    const { entities } = await load();
    const queries = spellingsOf(entities);
    for (const kind of KINDS) {
      sameSuggest(entities, '', kind);
      for (const q of queries)
        for (let n = 1; n <= Math.min(q.length, 8); n++) sameSuggest(entities, q.slice(0, n), kind);
    }
    fc.assert(
      fc.property(
        fc.constantFrom(...queries),
        fc.integer({ min: 3, max: 9 }),
        fc.nat(),
        fc.nat(3),
        fc.constantFrom(...KINDS),
        (q, n, at, op, kind) => sameSuggest(entities, edit(q.slice(0, n), at, op, 'x'), kind),
      ),
      { numRuns: 400 },
    );
  });
});
