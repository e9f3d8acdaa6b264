/**
 * The completion table of complete.ts (its header says what the table holds and why): how it is
 * made for an index, and carried over a change from the previous index's (src/index/derived.ts,
 * `carry`): the kept entities' folded names, sorted keys, words and sequences are moved
 * (carry.ts), only the fresh entities' are made.
 */
import { fold } from '../index/tables/names.js';
import type { Entity, EntityKind } from '../index/tables/types.js';
import { charMask } from '../index/terms.js';
import { CHUNK, inChunks, type Build } from '../index/derived.js';
import type { IndexChange } from '../index/delta.js';
import { carryFiled, carrySortedKeys, finder, keptInPlace, type Carried } from './carry.js';

/** Discord's limits: 25 choices, names of at most 100 characters. */
export const LIMIT = 25;
const MAX_NAME = 100;

const WORD_SEPARATORS = /[\s-]+/;
export const splitWords = (s: string): string[] => s.split(WORD_SEPARATORS).filter(Boolean);

/** `s` with one character deleted, at each position. */
function deletions(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) out.push(s.slice(0, i) + s.slice(i + 1));
  return out;
}

/**
 * The keys a word is filed under for the one-edit tier: its first 4 characters, and its first 4 and
 * 5 with one character deleted, those of 3–4 characters. A prefix p (4+ characters) is within
 * one edit (substitution, deletion, insertion or swap) of the word's first |p| or |p|+1 characters
 * only if p's first four, or p's first four with one deleted, is among them.
 */
function wordKeys(w: string): Set<string> {
  const keys = new Set([w.slice(0, 4), ...deletions(w.slice(0, 4)), ...deletions(w.slice(0, 5))]);
  for (const k of keys) if (k.length < 3 || k.length > 4) keys.delete(k);
  return keys;
}

export const prefixKeys = (p: string): Set<string> => new Set([p.slice(0, 4), ...deletions(p.slice(0, 4))]);

/** Sorts in steps (a bottom-up merge sort), yielding every few thousand comparisons. */
function* sortSliced<T>(items: T[], cmp: (a: T, b: T) => number): Build<T[]> {
  if (inOrder(items, cmp)) return items.slice();
  let src = items.slice();
  let dst = new Array<T>(src.length);
  let steps = 0;
  for (let width = 1; width < src.length; width *= 2) {
    for (let lo = 0; lo < src.length; lo += 2 * width) {
      const mid = Math.min(lo + width, src.length);
      const hi = Math.min(lo + 2 * width, src.length);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) dst[k++] = cmp(src[j]!, src[i]!) < 0 ? src[j++]! : src[i++]!;
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
      steps += hi - lo;
      if (steps >= CHUNK * 4) {
        steps = 0;
        yield;
      }
    }
    [src, dst] = [dst, src];
  }
  return src;
}

/** Whether no item sorts before the one ahead of it (then a stable sort leaves them as they are). */
function inOrder<T>(items: T[], cmp: (a: T, b: T) => number): boolean {
  for (let i = 1; i < items.length; i++) if (cmp(items[i]!, items[i - 1]!) < 0) return false;
  return true;
}

/** A three-character sequence as a number (three UTF-16 code units). */
export const gramAt = (s: string, i: number): number =>
  s.charCodeAt(i) * 0x100000000 + s.charCodeAt(i + 1) * 0x10000 + s.charCodeAt(i + 2);

/**
 * A string's first three UTF-16 code units as one number, missing ones as 0 (`pad`): in code-unit
 * order, as the strings are. The strings starting with p (of at most three units) are those from
 * `startOf(p)` to `startOf(p, 0xffff)`.
 */
export function startOf(s: string, pad = 0): number {
  const n = s.length;
  const a = n > 0 ? s.charCodeAt(0) : pad;
  const b = n > 1 ? s.charCodeAt(1) : pad;
  const c = n > 2 ? s.charCodeAt(2) : pad;
  return a * 0x100000000 + b * 0x10000 + c;
}

/** The starts of sorted keys, in steps. */
function* startsOf(keys: string[]): Build<Float64Array> {
  const out = new Float64Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    out[i] = startOf(keys[i]!);
    if (i % (CHUNK * 4) === CHUNK * 4 - 1) yield;
  }
  return out;
}

/** A 32-bit hash (FNV-1a) of a one-edit key. */
export function hashKey(k: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < k.length; i++) h = Math.imul(h ^ k.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Rank of a key whose entity is of another kind: after every real rank. */
export const NONE = 0x7fffffff;

/** What every kind's view shares: folded names and spellings, sorted keys, sequences and words. */
export interface Shared {
  entities: Entity[];
  names: string[];
  spellings: string[][];
  /** The prefix tiers' keys in code-unit order, and each key's entity: names; name words; spellings and their words. */
  tierKeys: string[][];
  /** Per tier, each key's first three code units as one number (`startOf`): non-decreasing, searched first. */
  tierStarts: Float64Array[];
  tierEntity: Int32Array[];
  /** Three-character sequence → id; per id, the entities holding it in the name or a spelling, most mentioned first. */
  gramIds: Map<number, number>;
  gramStart: Int32Array;
  gramEntity: Int32Array;
  /**
   * Distinct words of names and spellings, their masks, lengths and first two characters (`heads`,
   * so the one-edit tier rejects most words without reading them), and their owners (entity
   * positions, ascending).
   */
  words: string[];
  masks: Int32Array;
  lengths: Uint16Array;
  heads: Int32Array;
  ownerStart: Int32Array;
  ownerList: Int32Array;
  /** One-edit keys (see wordKeys), sorted: hash × 2^idBits + word id. */
  near: Float64Array;
  idScale: number;
  hashShift: number;
  views: Map<EntityKind | 'any', View>;
}

/** Per prefix tier: each key's entity rank (NONE for another kind) and a segment tree over them. */
export interface RankedKeys {
  ranks: Int32Array;
  /** Node k (leaves at n + i) holds the position of the smallest rank below it. */
  tree: Int32Array;
}

export interface View {
  /** Rank → entity position: the kind's entities, most mentioned first, then in list order. */
  order: Int32Array;
  /** Entity position → rank, -1 for another kind. */
  rank: Int32Array;
  /** Whether ranks rise with entity positions (entities listed most mentioned first, as builds list them). */
  ascending: boolean;
  tiers: RankedKeys[];
  /** Suggestions for empty input (display names). */
  mostNamed: string[];
}

/** Entity positions (of a kind) most mentioned first, ties in list order. */
export function* rankOrder(entities: Entity[], kind: EntityKind | undefined): Build<Int32Array> {
  const members: number[] = [];
  for (let e = 0; e < entities.length; e++) if (!kind || entities[e]!.kind === kind) members.push(e);
  const sorted = yield* sortSliced(
    members,
    (a, b) => entities[b]!.mentions.length - entities[a]!.mentions.length || a - b,
  );
  return Int32Array.from(sorted);
}

/** Keys sorted in code-unit order (ties by entity), in steps. */
function* sortedKeys(keys: string[], owners: number[]): Build<{ keys: string[]; entity: Int32Array }> {
  const order = yield* sortSliced(
    Array.from(keys, (_, i) => i),
    (a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : owners[a]! - owners[b]!),
  );
  return { keys: order.map((i) => keys[i]!), entity: Int32Array.from(order, (i) => owners[i]!) };
}

/** An entity's keys for the three prefix tiers: its name; the words of its name; its spellings and their words. */
function tierSets(name: string, own: string[]): Iterable<string>[] {
  return [[name], new Set(splitWords(name)), new Set([...own, ...own.flatMap(splitWords)])];
}

/** The words of an entity's name and spellings, in order. */
const wordsOf = (name: string, own: string[]): string[] => [...splitWords(name), ...own.flatMap(splitWords)];

/** The three-character sequences of an entity's name and spellings, in order. */
function* gramsOf(name: string, own: string[]): Iterable<number> {
  for (const s of [name, ...own]) for (let i = 0; i + 3 <= s.length; i++) yield gramAt(s, i);
}

export function* makeShared(entities: Entity[], anyOrder: Int32Array): Build<Shared> {
  const names: string[] = [];
  const spellings: string[][] = [];
  const tierKeys: string[][] = [[], [], []];
  const tierOwners: number[][] = [[], [], []];
  const wordIds = new Map<string, number>();
  const words: string[] = [];
  const owners: number[][] = [];
  for (let e = 0; e < entities.length; e++) {
    const entity = entities[e]!;
    const name = fold(entity.name);
    const own = entity.variants.map(fold);
    names.push(name);
    spellings.push(own);
    const tiers = tierSets(name, own);
    for (let t = 0; t < 3; t++) {
      for (const k of tiers[t]!) {
        tierKeys[t]!.push(k);
        tierOwners[t]!.push(e);
      }
    }
    for (const w of wordsOf(name, own)) {
      let id = wordIds.get(w);
      if (id === undefined) {
        wordIds.set(w, (id = words.length));
        words.push(w);
        owners.push([]);
      }
      const list = owners[id]!;
      if (list[list.length - 1] !== e) list.push(e);
    }
    if (e % 128 === 127) yield;
  }
  const tierEntity: Int32Array[] = [];
  const tierStarts: Float64Array[] = [];
  for (let t = 0; t < 3; t++) {
    const sorted = yield* sortedKeys(tierKeys[t]!, tierOwners[t]!);
    tierKeys[t] = sorted.keys;
    tierEntity.push(sorted.entity);
    tierStarts.push(yield* startsOf(sorted.keys));
  }
  // Sequences: the entities holding each, in rank order (count, then fill).
  const gramIds = new Map<number, number>();
  const counts: number[] = [0];
  const mine = new Set<number>();
  const gramIdsOf = (e: number) => {
    mine.clear();
    for (const g of gramsOf(names[e]!, spellings[e]!)) {
      let id = gramIds.get(g);
      if (id === undefined) {
        gramIds.set(g, (id = gramIds.size));
        counts.push(0);
      }
      mine.add(id);
    }
    return mine;
  };
  for (let r = 0; r < anyOrder.length; r++) {
    for (const id of gramIdsOf(anyOrder[r]!)) counts[id + 1]!++;
    if (r % 128 === 127) yield;
  }
  const gramStart = Int32Array.from(counts);
  for (let g = 0; g < gramIds.size; g++) gramStart[g + 1]! += gramStart[g]!;
  const fill = gramStart.slice(0, gramIds.size);
  const gramEntity = new Int32Array(gramStart[gramIds.size]!);
  for (let r = 0; r < anyOrder.length; r++) {
    const e = anyOrder[r]!;
    for (const id of gramIdsOf(e)) gramEntity[fill[id]!++] = e;
    if (r % 128 === 127) yield;
  }
  const { ownerStart, ownerList } = flatten(owners);
  const scale = nearScale(words.length);
  return {
    entities,
    names,
    spellings,
    tierKeys,
    tierStarts,
    tierEntity,
    gramIds,
    gramStart,
    gramEntity,
    words,
    ...wordFacts(words),
    ownerStart,
    ownerList,
    near: yield* nearKeys(words, scale, () => true, []),
    ...scale,
    views: new Map(),
  };
}

/** A word's first two characters as one number (the second 0 when there is none). */
const headOf = (w: string): number => (w.charCodeAt(0) << 16) | (w.length > 1 ? w.charCodeAt(1) : 0);

/**
 * The masks, lengths and heads of `words`; a word kept from `before` (its old position in `from`,
 * -1 for a new word) has them copied.
 */
function wordFacts(
  words: string[],
  from?: Int32Array,
  before?: Pick<Shared, 'masks' | 'lengths' | 'heads'>,
): Pick<Shared, 'masks' | 'lengths' | 'heads'> {
  const masks = new Int32Array(words.length);
  const lengths = new Uint16Array(words.length);
  const heads = new Int32Array(words.length);
  for (let w = 0; w < words.length; w++) {
    const at = from?.[w] ?? -1;
    if (before && at >= 0) {
      masks[w] = before.masks[at]!;
      lengths[w] = before.lengths[at]!;
      heads[w] = before.heads[at]!;
    } else {
      const word = words[w]!;
      masks[w] = charMask(word);
      lengths[w] = Math.min(word.length, 0xffff);
      heads[w] = headOf(word);
    }
  }
  return { masks, lengths, heads };
}

/** Lists as one array and where each starts. */
function flatten(lists: number[][]): { ownerStart: Int32Array; ownerList: Int32Array } {
  const ownerStart = new Int32Array(lists.length + 1);
  for (let w = 0; w < lists.length; w++) ownerStart[w + 1] = ownerStart[w]! + lists[w]!.length;
  return { ownerStart, ownerList: Int32Array.from(lists.flat()) };
}

/** How a one-edit key and a word id make one number: enough bits for the ids, the rest of the hash. */
function nearScale(words: number): { idScale: number; hashShift: number } {
  let idBits = 1;
  while (2 ** idBits <= words) idBits++;
  return { idScale: 2 ** idBits, hashShift: Math.max(0, 32 - (53 - idBits)) };
}

/**
 * The one-edit keys of the words that pass `fresh`, with the keys already known (`known`), sorted
 * (the known ones are mostly in order already: they are sorted apart and merged).
 */
function* nearKeys(
  words: string[],
  { idScale, hashShift }: { idScale: number; hashShift: number },
  fresh: (w: number) => boolean,
  known: number[],
): Build<Float64Array> {
  const added: number[] = [];
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!;
    // A match needs a word of at least |p| - 1 >= 3 characters.
    if (word.length >= 3 && fresh(w))
      for (const k of wordKeys(word)) added.push((hashKey(k) >>> hashShift) * idScale + w);
    if (w % 256 === 255) yield;
  }
  // Kept words renumbered out of order leave a few keys out of place, each within the keys of its
  // own hash (renumbering changes only the word id below it): set right where they are.
  const a = yield* nearlySorted(known);
  const b = yield* sortSliced(added, (x, y) => x - y);
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  yield* inChunks(out.length, SLICE_ITEMS, (from, to) => {
    for (let k = from; k < to; k++)
      out[k] = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
  });
  return out;
}

/** Items a plain loop over the one-edit keys handles between two yields. */
const SLICE_ITEMS = 1 << 16;

/**
 * `values` sorted, for a list with few items out of place and each near where it belongs: an
 * insertion sort (linear in the list and the distance moved), a pass per step, which falls back to
 * a typed sort (in one step) if the moves add up to more than a few passes over the list. A typed
 * sort of the one-edit keys at 100k paragraphs took 20-35 ms in one step on the thread that answers.
 */
export function* nearlySorted(values: number[]): Build<Float64Array> {
  const a = Float64Array.from(values);
  const sorter = insertionSorter(a);
  let ok = true;
  yield* inChunks(a.length, SLICE_ITEMS, (from, to) => {
    if (ok) ok = sorter(from, to);
  });
  return ok ? a : a.sort();
}

/**
 * An insertion sort of `a` that takes the items of [from, to) per call, in order from 0, and says
 * false (leaving `a` a permutation of what it was) once it has moved items more than 4 × |a| places.
 */
function insertionSorter(a: Float64Array): (from: number, to: number) => boolean {
  let budget = 4 * a.length;
  return (from, to) => {
    for (let i = Math.max(1, from); i < to; i++) {
      const x = a[i]!;
      let j = i - 1;
      while (j >= 0 && a[j]! > x) {
        a[j + 1] = a[j]!;
        j--;
        if (--budget < 0) {
          a[j + 1] = x;
          return false;
        }
      }
      a[j + 1] = x;
    }
    return true;
  };
}

/**
 * The shared table of the next index, from the previous one's (carry.ts): folded names of kept
 * entities, their sorted keys, words and sequences are moved, not made again. Undefined when the
 * entities are not listed most mentioned first (then the sequences follow another order).
 */
export function* carryShared(
  before: Shared,
  change: IndexChange,
  entities: Entity[],
): Build<Shared | undefined> {
  if (!mostNamedFirst(before.entities) || !mostNamedFirst(entities)) return undefined;
  const moves = change.entityMoves();
  const fresh = change.freshEntities();
  const names = new Array<string>(entities.length);
  const spellings = new Array<string[]>(entities.length);
  moves.forEach((to, q) => {
    if (to >= 0) {
      names[to] = before.names[q]!;
      spellings[to] = before.spellings[q]!;
    }
  });
  const tierAdded: { key: string; entity: number }[][] = [[], [], []];
  for (const e of fresh) {
    names[e] = fold(entities[e]!.name);
    spellings[e] = entities[e]!.variants.map(fold);
    tierSets(names[e]!, spellings[e]!).forEach((keys, t) => {
      for (const key of keys) tierAdded[t]!.push({ key, entity: e });
    });
  }
  yield;
  const tierKeys: string[][] = [];
  const tierStarts: Float64Array[] = [];
  const tierEntity: Int32Array[] = [];
  for (let t = 0; t < 3; t++) {
    const sorted = yield* carrySortedKeys(
      { keys: before.tierKeys[t]!, entity: before.tierEntity[t]! },
      moves,
      tierAdded[t]!,
    );
    tierKeys.push(sorted.keys);
    tierStarts.push(yield* startsOf(sorted.keys));
    tierEntity.push(sorted.entity);
  }
  const words = yield* carryFiled(
    { keys: before.words, start: before.ownerStart, owners: before.ownerList },
    finder(before.words),
    moves,
    fresh,
    (e) => wordsOf(names[e]!, spellings[e]!),
  );
  const grams = yield* carryFiled(
    { keys: [...before.gramIds.keys()], start: before.gramStart, owners: before.gramEntity },
    (g) => before.gramIds.get(g),
    moves,
    fresh,
    (e) => gramsOf(names[e]!, spellings[e]!),
  );
  // Most changes keep every word and gram in its place: their maps and one-edit keys then hold.
  const sameWords = keptInPlace(words, before.words.length);
  let gramIds = before.gramIds;
  if (!keptInPlace(grams, before.gramIds.size)) {
    gramIds = new Map<number, number>();
    grams.keys.forEach((g, id) => gramIds.set(g, id));
  }
  return {
    entities,
    names,
    spellings,
    tierKeys,
    tierStarts,
    tierEntity,
    gramIds,
    gramStart: grams.start,
    gramEntity: grams.owners,
    words: words.keys,
    ...(sameWords
      ? { masks: before.masks, lengths: before.lengths, heads: before.heads }
      : wordFacts(words.keys, words.from, before)),
    ownerStart: words.start,
    ownerList: words.owners,
    near: sameWords ? before.near : yield* carryNear(before, words),
    ...nearScale(words.keys.length),
    views: new Map(),
  };
}

/** The one-edit keys of the words after a change: those of words kept renumbered, the new words' made. */
function* carryNear(before: Shared, words: Carried<string>): Build<Float64Array> {
  const scale = nearScale(words.keys.length);
  if (scale.idScale !== before.idScale) return yield* nearKeys(words.keys, scale, () => true, []);
  const renumber = new Int32Array(before.words.length).fill(-1);
  words.from.forEach((at, w) => {
    if (at >= 0) renumber[at] = w;
  });
  const known = yield* renumbered(before.near, scale.idScale, renumber);
  return yield* nearKeys(words.keys, scale, (w) => words.from[w]! < 0, known);
}

/** One-edit keys with their word ids renumbered, those of words gone left out (plain loops, in steps: see `inChunks`). */
function* renumbered(near: Float64Array, idScale: number, renumber: Int32Array): Build<number[]> {
  const out: number[] = [];
  yield* inChunks(near.length, SLICE_ITEMS, (from, to) => {
    for (let i = from; i < to; i++) {
      const v = near[i]!;
      const w = v % idScale;
      const at = renumber[w]!;
      if (at >= 0) out.push(v - w + at);
    }
  });
  return out;
}

/** Whether the entities are listed most mentioned first (what a build and a change both do). */
function mostNamedFirst(entities: Entity[]): boolean {
  for (let i = 1; i < entities.length; i++)
    if (entities[i]!.mentions.length > entities[i - 1]!.mentions.length) return false;
  return true;
}

/** A tier's ranks and tree: a plain function (see `inChunks`), linear, a few ms at 100k. */
function rankedKeys(entity: Int32Array, rank: Int32Array): RankedKeys {
  const n = entity.length;
  const ranks = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rank[entity[i]!]!;
    ranks[i] = r < 0 ? NONE : r;
  }
  const tree = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) tree[n + i] = i;
  for (let k = n - 1; k >= 1; k--) {
    const a = tree[2 * k]!;
    const b = tree[2 * k + 1]!;
    tree[k] = ranks[b]! < ranks[a]! ? b : a;
  }
  return { ranks, tree };
}

export function* makeView(shared: Shared, kind: EntityKind | undefined, order?: Int32Array): Build<View> {
  const { entities } = shared;
  order ??= yield* rankOrder(entities, kind);
  const rank = new Int32Array(entities.length).fill(-1);
  for (let r = 0; r < order.length; r++) rank[order[r]!] = r;
  const tiers: RankedKeys[] = [];
  for (const entity of shared.tierEntity) {
    tiers.push(rankedKeys(entity, rank));
    yield;
  }
  let ascending = true;
  for (let r = 1; r < order.length && ascending; r++) ascending = order[r]! > order[r - 1]!;
  return { order, rank, ascending, tiers, mostNamed: mostNamed(entities, kind) };
}

/**
 * The most mentioned entities (of a kind) for empty input, ties by name: the same as sorting them all,
 * but only the few with at least as many mentions as the 25th are sorted. Entities listed most
 * mentioned first (as builds and changes list them) are read only up to those.
 */
export function mostNamed(entities: Entity[], kind: EntityKind | undefined): string[] {
  let pool: Entity[];
  let cut = 0;
  if (mostNamedFirst(entities)) {
    pool = [];
    for (const e of entities) {
      if (kind && e.kind !== kind) continue;
      if (pool.length >= LIMIT && e.mentions.length < cut) break;
      pool.push(e);
      if (pool.length === LIMIT) cut = e.mentions.length;
    }
  } else {
    pool = entities.filter((e) => !kind || e.kind === kind);
    if (pool.length > LIMIT) {
      const counts = Int32Array.from(pool, (e) => -e.mentions.length).sort();
      cut = -counts[LIMIT - 1]!;
    }
  }
  return pool
    .filter((e) => e.mentions.length >= cut)
    .sort((a, b) => b.mentions.length - a.mentions.length || a.name.localeCompare(b.name))
    .slice(0, LIMIT)
    .map((e) => e.name.slice(0, MAX_NAME));
}
