/**
 * The plain reference for entity lookup by name: every entity scored on every query, nothing built
 * ahead. The equivalence tests check that the fast tables give exactly what these scans give —
 * `lookupEntity` (src/answer/entity-lookup.ts) against `findEntity`, `completeEntities`
 * (src/answer/complete.ts) against `suggestEntities`. Case- and diacritic-insensitive,
 * typo-tolerant. Scores:
 *   1.0  the canonical name ("dmitry peskov")
 *   0.9  a spelling met in the text ("Blingen", "Anthony Blinken")
 *   0.8  the surname / last word of the name or of a spelling ("peskov")
 *   0.7  every query word is a word of the name ("antony" + "blinken" in any order)
 *   <0.7 fuzzy: within a small edit distance of the name, a spelling or the surname ("Peskow")
 * Ties go to the entity mentioned most.
 */
import { type EntityMatch, foldNameQuery } from '../../src/answer/entity-lookup.js';
import type { Entity, EntityKind } from '../../src/index/tables/types.js';
import { editDistance } from '../../src/index/edit-distance.js';
import { allowedEdits, fold } from '../../src/index/tables/names.js';

export type { EntityMatch };

const WORD_SEPARATORS = /[\s-]+/;
const words = (s: string): string[] => s.split(WORD_SEPARATORS).filter(Boolean);

function scoreEntity(e: Entity, q: string): number {
  const name = fold(e.name);
  if (name === q) return 1;
  const spellings = e.variants.map(fold);
  if (spellings.includes(q)) return 0.9;
  const qWords = words(q);
  const all = [name, ...spellings];
  const lastWords = new Set(all.map((s) => words(s).pop() ?? s));
  if (qWords.length === 1 && lastWords.has(q)) return 0.8;
  const nameWords = new Set(all.flatMap(words));
  if (qWords.every((w) => nameWords.has(w))) return 0.7;
  let best = 0;
  const max = allowedEdits(q.length) || (q.length >= 4 ? 1 : 0);
  if (max === 0) return 0;
  for (const s of [...all, ...lastWords]) {
    const d = editDistance(q, s, max);
    if (d <= max) best = Math.max(best, 0.6 - (0.2 * d) / Math.max(1, q.length / 4));
  }
  return Math.max(0, best);
}

/** Entities matching `query`, best first. */
export function findEntity(entities: Entity[], query: string): EntityMatch[] {
  const q = foldNameQuery(query);
  if (!q) return [];
  const out: EntityMatch[] = [];
  for (const entity of entities) {
    const score = scoreEntity(entity, q);
    if (score > 0) out.push({ entity, score });
  }
  return out.sort((a, b) => b.score - a.score || b.entity.mentions.length - a.entity.mentions.length);
}

/**
 * Autocomplete: entities whose name or a spelling starts with `prefix` (1.0), has a word starting
 * with it (0.9), contains it (0.6), or starts with something one edit away (0.5). Empty prefix:
 * the most mentioned entities. Ranked by score, then mentions; returns the entities.
 */
export function suggestEntities(
  entities: Entity[],
  prefix: string,
  kind?: EntityKind,
  limit = 25,
  typos = true,
): Entity[] {
  const p = foldNameQuery(prefix);
  const out: EntityMatch[] = [];
  for (const entity of entities) {
    if (kind && entity.kind !== kind) continue;
    const score = p ? prefixScore(entity, p) : 0.1;
    // (0.5 is the one-edit tier: a typo of the prefix.)
    if (score > 0 && (typos || score !== 0.5)) out.push({ entity, score });
  }
  return out
    .sort((a, b) => b.score - a.score || b.entity.mentions.length - a.entity.mentions.length)
    .slice(0, Math.max(0, limit))
    .map((m) => m.entity);
}

function prefixScore(e: Entity, p: string): number {
  const name = fold(e.name);
  if (name.startsWith(p)) return 1;
  const spellings = e.variants.map(fold);
  const all = [name, ...spellings];
  if (words(name).some((w) => w.startsWith(p))) return 0.9;
  if (spellings.some((s) => s.startsWith(p) || words(s).some((w) => w.startsWith(p)))) return 0.8;
  if (p.length >= 3 && all.some((s) => s.includes(p))) return 0.6;
  if (p.length >= 4) {
    for (const w of all.flatMap(words)) {
      if (editDistance(p, w.slice(0, p.length), 1) <= 1 || editDistance(p, w.slice(0, p.length + 1), 1) <= 1)
        return 0.5;
    }
  }
  return 0;
}
