/**
 * Entity lookup by name at query time, from tables built once per entity list: the same matches, scores
 * and order as `findEntity` / `suggestEntities` (src/index/entities-lookup.ts, which scan and fold every
 * entity on every query), but exact spellings are map probes and fuzzy candidates are screened by
 * length and a letter bitmask before any edit distance is computed.
 *
 * Keyed by the entity array (a WeakMap), so the index itself stays plain data and the tables go when
 * the index does.
 */
import { cleanQuery, type EntityMatch } from '../index/tables/entities-lookup.js';
import { editDistance } from '../index/edit-distance.js';
import { allowedEdits, fold } from '../index/tables/names.js';
import { bitCount, charMask } from '../index/terms.js';
import type { Entity, EntityKind } from '../index/tables/types.js';
import { CHUNK, run, type Build } from './tables.js';

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
  names: string[];
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
  /** Words of names and spellings, for as-you-type matching with a typo. */
  words: StringSet;
  /** Per entity: its folded spellings, and the words of its name and of its spellings. */
  spellings: string[][];
  nameWords: string[][];
  spellingWords: string[][];
}

const tables = new WeakMap<Entity[], Table>();

function add(map: Map<string, number[]>, key: string, i: number) {
  const list = map.get(key);
  if (!list) map.set(key, [i]);
  else if (list[list.length - 1] !== i) list.push(i);
}

function tableOf(entities: Entity[]): Table {
  let t = tables.get(entities);
  if (!t) tables.set(entities, (t = run(makeTable(entities))));
  return t;
}

/** Builds the lookup tables of an entity list ahead of the first question (see warm.ts). */
export function* warmEntityLookup(entities: Entity[]): Build<void> {
  if (tables.has(entities)) return;
  const t = yield* makeTable(entities);
  if (!tables.has(entities)) tables.set(entities, t);
}

function* makeTable(entities: Entity[]): Build<Table> {
  const byName = new Map<string, number[]>();
  const bySpelling = new Map<string, number[]>();
  const byLast = new Map<string, number[]>();
  const byWord = new Map<string, number[]>();
  const fuzzy = new Map<string, number[]>();
  const names: string[] = [];
  const spellings: string[][] = [];
  const nameWords: string[][] = [];
  const spellingWords: string[][] = [];
  for (let i = 0; i < entities.length; i++) {
    const e = entities[i]!;
    const name = fold(e.name);
    const own = e.variants.map(fold);
    names.push(name);
    spellings.push(own);
    nameWords.push(splitWords(name));
    spellingWords.push(own.flatMap(splitWords));
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
  return {
    entities,
    names,
    byName,
    bySpelling,
    byLast,
    byWord,
    fuzzy: yield* stringSet(fuzzy),
    words: yield* stringSet(byWord),
    spellings,
    nameWords,
    spellingWords,
  };
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
 * Entities matching `query`, best first (see entities-lookup.ts for the scores):
 * name 1, spelling 0.9, surname 0.8, all words of the name 0.7, within a few edits below 0.6.
 */
export function lookupEntity(entities: Entity[], query: string): EntityMatch[] {
  const q = cleanQuery(query);
  if (!q) return [];
  const t = tableOf(entities);
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

/**
 * Autocomplete (see entities-lookup.ts): a name starting with the prefix 1, a word of the name 0.9, a
 * spelling or its word 0.8, containing it 0.6, a word starting one edit away 0.5; ties go to the most
 * mentioned. The one-edit tier is only looked at when the better tiers leave room in the list.
 */
export function suggestEntityNames(
  entities: Entity[],
  prefix: string,
  kind: EntityKind | undefined,
  limit: number,
): Entity[] {
  const p = cleanQuery(prefix);
  const t = tableOf(entities);
  const scores = new Map<number, number>();
  const ofKind = (i: number) => !kind || entities[i]!.kind === kind;
  if (!p) {
    entities.forEach((_, i) => ofKind(i) && scores.set(i, 0.1));
  } else {
    entities.forEach((_, i) => {
      if (!ofKind(i)) return;
      const s = prefixScore(t, i, p);
      if (s > 0) scores.set(i, s);
    });
    if (p.length >= 4 && scores.size < limit) {
      // Only what the better tiers cannot fill: a word starting one edit away from what was typed.
      const pMask = charMask(p);
      const { strings, lengths, masks, owners } = t.words;
      for (let w = 0; w < strings.length; w++) {
        // One edit keeps at least len(p) - 1 characters, all but one of p's letters, and one of the
        // first two characters in place or swapped.
        if (lengths[w]! < p.length - 1 || bitCount(pMask & ~masks[w]!) > 1) continue;
        const word = strings[w]!;
        if (p[0] !== word[0] && p[1] !== word[1] && p[1] !== word[0] && p[0] !== word[1]) continue;
        if (!typoPrefix(word, p)) continue;
        for (const i of owners[w]!) if (!scores.has(i) && ofKind(i)) scores.set(i, 0.5);
      }
    }
  }
  return ranked(t, scores)
    .slice(0, Math.max(0, limit))
    .map(({ i }) => entities[i]!);
}

function prefixScore(t: Table, i: number, p: string): number {
  const name = t.names[i]!;
  if (name.startsWith(p)) return 1;
  if (t.nameWords[i]!.some((w) => w.startsWith(p))) return 0.9;
  const own = t.spellings[i]!;
  if (own.some((s) => s.startsWith(p)) || t.spellingWords[i]!.some((w) => w.startsWith(p))) return 0.8;
  if (p.length >= 3 && (name.includes(p) || own.some((s) => s.includes(p)))) return 0.6;
  return 0;
}

/** The word starts with something one edit away from `p`. */
function typoPrefix(w: string, p: string): boolean {
  return editDistance(p, w.slice(0, p.length), 1) <= 1 || editDistance(p, w.slice(0, p.length + 1), 1) <= 1;
}
