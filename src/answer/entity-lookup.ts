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
import type { IndexChange } from '../index/delta.js';
import { carryFiled, keptInPlace, type Filed } from './carry.js';
import { editDistance } from '../index/edit-distance.js';
import type { DossierIndex } from '../index/model.js';
import { allowedEdits, fold } from '../index/tables/names.js';
import { bitCount, charMask, queryTerms } from '../index/terms.js';
import { matchesOf } from '../corpus/text.js';
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

/**
 * Keys filed under entities (positions), flat (carry.ts, `Filed`), with each key's place: what a
 * change carries over in time linear in its size.
 */
interface Keyed extends Filed<string> {
  at: Map<string, number>;
}

/** The entities filed under `key` (ascending), none if it is not a key. */
function ownersOf(t: Keyed, key: string): Int32Array {
  const i = t.at.get(key);
  return i === undefined ? NONE : t.owners.subarray(t.start[i], t.start[i + 1]);
}

const NONE = new Int32Array(0);

/** Keys with their length and character mask: what a misspelt query is compared with. */
interface StringSet extends Keyed {
  lengths: Uint16Array;
  masks: Int32Array;
}

function* stringSet(keyed: Keyed): Build<StringSet> {
  const n = keyed.keys.length;
  const lengths = new Uint16Array(n);
  const masks = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    lengths[i] = Math.min(keyed.keys[i]!.length, 0xffff);
    masks[i] = charMask(keyed.keys[i]!);
    if (i % CHUNK === CHUNK - 1) yield;
  }
  return { ...keyed, lengths, masks };
}

/** Strings within `max` edits of `q` (by the screen, then the real distance), with their distance. */
function near(set: StringSet, q: string, max: number, visit: (owners: Int32Array, distance: number) => void) {
  const qMask = charMask(q);
  const qLen = q.length;
  for (let i = 0; i < set.keys.length; i++) {
    if (Math.abs(set.lengths[i]! - qLen) > max) continue;
    const m = set.masks[i]!;
    if (bitCount(qMask & ~m) > max || bitCount(m & ~qMask) > max) continue;
    const d = editDistance(q, set.keys[i]!, max);
    if (d <= max) visit(set.owners.subarray(set.start[i], set.start[i + 1]), d);
  }
}

interface Table {
  entities: Entity[];
  /** Folded canonical name → entities. */
  byName: Keyed;
  /** Folded variant spelling → entities. */
  bySpelling: Keyed;
  /** Last word of the name or a spelling → entities. */
  byLast: Keyed;
  /** Any word of the name or a spelling → entities. */
  byWord: Keyed;
  /** Names, spellings and last words: what a misspelt query is compared with. */
  fuzzy: StringSet;
}

const tables = defineTable('entity lookup', (index) => makeTable(index.entities), {
  carry: carryTable,
});

/** An entity's folded name and spellings, and each one's words. */
function foldedNames(e: Entity): { name: string; own: string[]; words: string[][] } {
  const name = fold(e.name);
  const own = e.variants.map(fold);
  return { name, own, words: [name, ...own].map(splitWords) };
}

/** The last word of a name or spelling (the string itself when it has none). */
const lastOf = (s: string, ws: string[]): string => ws[ws.length - 1] ?? s;

type Maps = 'byName' | 'bySpelling' | 'byLast' | 'byWord' | 'fuzzy';

/** Each table's keys of one entity, in order. */
const keysOf: Record<Maps, (e: Entity) => string[]> = {
  byName: (e) => [foldedNames(e).name],
  bySpelling: (e) => foldedNames(e).own,
  byLast: (e) => {
    const { name, own, words } = foldedNames(e);
    return [name, ...own].map((s, j) => lastOf(s, words[j]!));
  },
  byWord: (e) => foldedNames(e).words.flat(),
  fuzzy: (e) => {
    const { name, own, words } = foldedNames(e);
    return [name, ...own].flatMap((s, j) => [s, lastOf(s, words[j]!)]);
  },
};

/** Keys filed as a walk over the entities meets them (each entity once per key). */
function* keyed(entities: Entity[], keys: (e: Entity) => string[]): Build<Keyed> {
  const at = new Map<string, number>();
  const lists: number[][] = [];
  for (let i = 0; i < entities.length; i++) {
    for (const k of keys(entities[i]!)) {
      let id = at.get(k);
      if (id === undefined) at.set(k, (id = lists.push([]) - 1));
      const list = lists[id]!;
      if (list[list.length - 1] !== i) list.push(i);
    }
    if (i % 256 === 255) yield;
  }
  const start = new Int32Array(lists.length + 1);
  lists.forEach((l, i) => (start[i + 1] = start[i]! + l.length));
  return { keys: [...at.keys()], start, owners: Int32Array.from(lists.flat()), at };
}

function* makeTable(entities: Entity[]): Build<Table> {
  return {
    entities,
    byName: yield* keyed(entities, keysOf.byName),
    bySpelling: yield* keyed(entities, keysOf.bySpelling),
    byLast: yield* keyed(entities, keysOf.byLast),
    byWord: yield* keyed(entities, keysOf.byWord),
    fuzzy: yield* stringSet(yield* keyed(entities, keysOf.fuzzy)),
  };
}

/** The table of the next index from the previous one's: the kept entities' keys move, the others are filed. */
function* carryTable(before: Table, change: IndexChange, next: DossierIndex): Build<Table> {
  const moves = change.entityMoves();
  const fresh = change.freshEntities();
  const entities = next.entities;
  const carried = function* (t: Keyed, keys: (e: Entity) => string[]): Build<Keyed> {
    const c = yield* carryFiled(
      t,
      (k) => t.at.get(k),
      moves,
      fresh,
      (i) => keys(entities[i]!),
    );
    // Most changes leave every key where it was (only owners move): the map of places then holds.
    const at = keptInPlace(c, t.keys.length) ? t.at : new Map<string, number>();
    if (at !== t.at) c.keys.forEach((k, i) => at.set(k, i));
    return { keys: c.keys, start: c.start, owners: c.owners, at };
  };
  return {
    entities,
    byName: yield* carried(before.byName, keysOf.byName),
    bySpelling: yield* carried(before.bySpelling, keysOf.bySpelling),
    byLast: yield* carried(before.byLast, keysOf.byLast),
    byWord: yield* carried(before.byWord, keysOf.byWord),
    fuzzy: yield* carriedSet(before.fuzzy, yield* carried(before.fuzzy, keysOf.fuzzy)),
  };
}

/** A carried StringSet: its lengths and masks as they were when every key stayed in its place. */
function* carriedSet(before: StringSet, keyed: Keyed): Build<StringSet> {
  if (keyed.at !== before.at) return yield* stringSet(keyed);
  return { ...keyed, lengths: before.lengths, masks: before.masks };
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
  for (const i of ownersOf(t.byName, q)) raise(i, 1);
  for (const i of ownersOf(t.bySpelling, q)) raise(i, 0.9);
  const qWords = splitWords(q);
  if (qWords.length === 1) for (const i of ownersOf(t.byLast, q)) raise(i, 0.8);
  if (qWords.length === 0) {
    // Nothing but separators: every name has all (none) of the query's words.
    entities.forEach((_, i) => raise(i, 0.7));
  } else {
    // Entities with every query word among the words of their name and spellings.
    let common: Set<number> | undefined;
    for (const w of qWords) {
      const owners = ownersOf(t.byWord, w);
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

/** A name the question asks about: its words' terms, and what the best entity so named is. */
export interface AskedName {
  terms: string[];
  person: boolean;
  place: boolean;
  /** That entity's canonical name is the name as written (a lookup score of 1). */
  exact: boolean;
}

/** The names of a question, each as the run of capitalised words it is written in ("MacBook Pro"). */
export function askedNamesOf(index: DossierIndex, topic: string): AskedName[] {
  return matchesOf(CAPITALISED_RUN, topic)
    .map((m) => {
      const best = lookupEntity(index, m[0])[0];
      const kind = best?.entity.kind;
      return {
        terms: queryTerms(m[0]),
        person: kind === 'person',
        place: kind === 'place',
        exact: (best?.score ?? 0) >= 1,
      };
    })
    .filter((run) => run.terms.length > 0);
}
const CAPITALISED_RUN = /\p{Lu}[\p{L}\p{N}'’.&-]*(?:\s+\p{Lu}[\p{L}\p{N}'’.&-]*)*/gu;
