/**
 * The query-time entity tables (src/answer/entity-lookup.ts) must give exactly what the plain scan in
 * test/oracles/entity-scan.ts gives — same entities, scores and order — for names, spellings,
 * surnames and misspellings, on both corpora. (As-you-type prefixes: complete.test.ts.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lookupEntity } from '../../src/answer/entity-lookup.js';
import { findEntity } from '../oracles/entity-scan.js';
import type { DossierIndex } from '../../src/index/model.js';
import type { Entity } from '../../src/index/tables/types.js';
import { fixtures, seeds } from './helpers.js';

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

function sameLookup(index: DossierIndex, q: string) {
  const fast = lookupEntity(index, q).map((m) => [m.entity.id, m.score]);
  const slow = findEntity(index.entities, q).map((m) => [m.entity.id, m.score]);
  expect(fast, q).toEqual(slow);
}

describe.each([
  ['seed corpus', seeds],
  ['fixture corpus', fixtures],
])('entity lookup tables on the %s', (_name, load) => {
  it('find every spelling, word and common query form as the plain scan does', async () => {
    const index = await load();
    const { entities } = index;
    expect(entities.length).toBeGreaterThan(3);
    const queries = spellingsOf(entities);
    for (const q of queries) {
      sameLookup(index, q);
      sameLookup(index, `who is ${q}?`);
      sameLookup(index, q.toUpperCase());
    }
    for (const q of ['', ' ', '-', '.', 'zzzzqqq', 'President', 'Mr. X', "the summit's", 'a b c'])
      sameLookup(index, q);
  });

  it('find misspelt names as the plain scan does', async () => {
    const index = await load();
    const { entities } = index;
    const queries = spellingsOf(entities);
    fc.assert(
      fc.property(
        fc.constantFrom(...queries),
        fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom('a', 'e', 'k', 'y', 'z', 'ö', ' ', '-')), {
          maxLength: 2,
        }),
        (q, edits) => {
          const typo = edits.reduce((s, [at, op, ch]) => edit(s, at, op, ch), q);
          sameLookup(index, typo);
        },
      ),
      { numRuns: 400 },
    );
  });
});
