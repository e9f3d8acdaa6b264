/**
 * Entity lookup by name at query time (`/who`, `/ask`), from tables built once per index: the
 * same matches, scores and order as the plain scan `findEntity` (test/oracles/entity-scan.ts, which
 * scores and folds every entity on every query; the equivalence tests compare the two), but exact
 * spellings are map probes and fuzzy candidates are screened by length and a letter bitmask before
 * any edit distance is computed. Scores: the canonical name 1, a spelling met in the text 0.9, the
 * surname (last word of the name or a spelling) 0.8, every query word a word of the name 0.7, within
 * a small edit distance of the name, a spelling or the surname below 0.6; ties go to the entity
 * mentioned most.
 *
 * Kept with the index (`defineTable`, src/index/derived.ts), so the index itself stays plain data and
 * the tables go when the index does.
 */
import { CHUNK, defineTable, type Build } from '../index/derived.js';
import { editDistance } from '../index/edit-distance.js';
import type { DossierIndex } from '../index/model.js';
import { allowedEdits, fold } from '../index/tables/names.js';
import { bitCount, charMask } from '../index/terms.js';
import type { Entity } from '../index/tables/types.js';

export interface EntityMatch {
  entity: Entity;
  score: number;
}

const TITLES =
  /^(president|prime minister|minister|secretary|spokesman|spokesperson|mayor|mr|mrs|ms|dr|sen|gov)\.?\s+/;

const POSSESSIVE_S = /['’]s\b/g;
/** Anything but letters, digits, spaces, dots and hyphens. */
const QUERY_PUNCTUATION = /[^\p{L}\p{N}\s.-]/gu;
const WHITESPACE_RUNS = /\s+/g;

/**
 * A typed name as the lookups compare it: folded (case and diacritics), possessives and punctuation
 * dropped, a leading title cut ("President Zelensky's" → "zelensky").
 */
export function foldNameQuery(q: string): string {
  return fold(q)
    .replace(POSSESSIVE_S, '')
    .replace(QUERY_PUNCTUATION, ' ')
    .replace(WHITESPACE_RUNS, ' ')
    .trim()
    .replace(TITLES, '');
}

const WORD_SEPARATORS = /[\s-]+/;
const splitWords = (s: string): string[] => s.split(WORD_SEPARATORS).filter(Boolean);

/** Distinct strings with their length, character mask and the entities (positions) they belong to. */
interface StringSet {
  strings: string[];
  lengths: Uint16Array;
  masks: Int32Array;
  owners: number[][];
}

function* stringSet(map: Map<string, number[]>): Build<StringSet> {
  const strings: string[] = [];
  const owners: number[][] = [];
  const lengths = new Uint16Array(map.size);
  const masks = new Int32Array(map.size);
  for (const [s, list] of map) {
    lengths[strings.length] = Math.min(s.length, 0xffff);
    masks[strings.length] = charMask(s);
    strings.push(s);
    owners.push(list);
    if (strings.length % CHUNK === 0) yield;
  }
  return { strings, lengths, masks, owners };
}

/** Strings within `max` edits of `q` (by the screen, then the real distance), with their distance. */
function near(set: StringSet, q: string, max: number, visit: (owners: number[], distance: number) => void) {
  const qMask = charMask(q);
  const qLen = q.length;
  for (let i = 0; i < set.strings.length; i++) {
    if (Math.abs(set.lengths[i]! - qLen) > max) continue;
    const m = set.masks[i]!;
    if (bitCount(qMask & ~m) > max || bitCount(m & ~qMask) > max) continue;
    const d = editDistance(q, set.strings[i]!, max);
    if (d <= max) visit(set.owners[i]!, d);
  }
}

interface Table {
  entities: Entity[];
  /** Folded canonical name → entities. */
  byName: Map<string, number[]>;
  /** Folded variant spelling → entities. */
  bySpelling: Map<string, number[]>;
  /** Last word of the name or a spelling → entities. */
  byLast: Map<string, number[]>;
  /** Any word of the name or a spelling → entities. */
  byWord: Map<string, number[]>;
  /** Names, spellings and last words: what a misspelt query is compared with. */
  fuzzy: StringSet;
}

const tables = defineTable('entity lookup', (index) => makeTable(index.entities));

function add(map: Map<string, number[]>, key: string, i: number) {
  const list = map.get(key);
  if (!list) map.set(key, [i]);
  else if (list[list.length - 1] !== i) list.push(i);
}

function* makeTable(entities: Entity[]): Build<Table> {
  const byName = new Map<string, number[]>();
  const bySpelling = new Map<string, number[]>();
  const byLast = new Map<string, number[]>();
  const byWord = new Map<string, number[]>();
  const fuzzy = new Map<string, number[]>();
  for (let i = 0; i < entities.length; i++) {
    const e = entities[i]!;
    const name = fold(e.name);
    const own = e.variants.map(fold);
    add(byName, name, i);
    for (const s of own) add(bySpelling, s, i);
    for (const s of [name, ...own]) {
      const ws = splitWords(s);
      const last = ws[ws.length - 1] ?? s;
      add(byLast, last, i);
      add(fuzzy, s, i);
      add(fuzzy, last, i);
      for (const w of ws) add(byWord, w, i);
    }
    if (i % 256 === 255) yield;
  }
  return { entities, byName, bySpelling, byLast, byWord, fuzzy: yield* stringSet(fuzzy) };
}

function ranked(t: Table, scores: Map<number, number>): { i: number; score: number }[] {
  return [...scores]
    .map(([i, score]) => ({ i, score }))
    .sort(
      (a, b) =>
        b.score - a.score || t.entities[b.i]!.mentions.length - t.entities[a.i]!.mentions.length || a.i - b.i,
    );
}

/**
 * Entities matching `query`, best first (the scores are in this file's header).
 */
export function lookupEntity(index: DossierIndex, query: string): EntityMatch[] {
  const q = foldNameQuery(query);
  if (!q) return [];
  const t = tables.get(index);
  const entities = index.entities;
  const scores = new Map<number, number>();
  const raise = (i: number, s: number) => {
    if (s > (scores.get(i) ?? 0)) scores.set(i, s);
  };
  for (const i of t.byName.get(q) ?? []) raise(i, 1);
  for (const i of t.bySpelling.get(q) ?? []) raise(i, 0.9);
  const qWords = splitWords(q);
  if (qWords.length === 1) for (const i of t.byLast.get(q) ?? []) raise(i, 0.8);
  if (qWords.length === 0) {
    // Nothing but separators: every name has all (none) of the query's words.
    entities.forEach((_, i) => raise(i, 0.7));
  } else {
    // Entities with every query word among the words of their name and spellings.
    let common: Set<number> | undefined;
    for (const w of qWords) {
      const owners = t.byWord.get(w) ?? [];
      common = new Set(common ? owners.filter((i) => common!.has(i)) : owners);
      if (common.size === 0) break;
    }
    for (const i of common ?? []) raise(i, 0.7);
  }
  const max = allowedEdits(q.length) || (q.length >= 4 ? 1 : 0);
  if (max > 0) {
    near(t.fuzzy, q, max, (owners, d) => {
      const s = Math.max(0, 0.6 - (0.2 * d) / Math.max(1, q.length / 4));
      if (s > 0) for (const i of owners) raise(i, s);
    });
  }
  return ranked(t, scores).map(({ i, score }) => ({ entity: entities[i]!, score }));
}
