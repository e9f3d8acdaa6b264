/**
 * Name autocomplete from a table built ahead of time: the same choices, in the same order, as the
 * plain scan (`suggestEntities` in test/oracles/entity-scan.ts, which the tests compare it with),
 * without looking at every entity on every keystroke.
 *
 * An entity's score for a typed prefix p is its best tier: its name starts with p (1), a word of its
 * name does (0.9), a spelling or a word of one does (0.8), its name or a spelling contains p (0.6,
 * p of 3+ characters), a word starts with something one edit away from p (0.5, p of 4+ characters).
 * Ties go to the most mentioned, then to the entity listed first: one fixed rank per entity.
 *
 * The table, per entity kind:
 * - the three prefix tiers as sorted keys, each with its entity's rank and a segment tree of the
 *   smallest rank below each node: a prefix is a binary-searched range, and its entities come out
 *   best rank first (a heap of sub-ranges), so a one-letter prefix costs as little as a rare one;
 * - for "contains", the entities (best rank first) holding each three-character sequence: the
 *   rarest sequence of p gives the candidates, checked in rank order until the list is full;
 * - for the one-edit tier, which is looked at only when the others leave room, the words of names
 *   and spellings by the 3–4 character keys of their starts with up to one character deleted: a
 *   word whose start is within one edit of p shares a key with p's first four characters (so only
 *   those words are compared, with the same distance as the plain scan).
 */
import type { DossierIndex } from '../index/model.js';
import { withinOneEdit } from '../index/edit-distance.js';
import { fold } from '../index/tables/names.js';
import type { Entity, EntityKind } from '../index/tables/types.js';
import { bitCount, charMask } from '../index/terms.js';
import { foldNameQuery } from './entity-lookup.js';
import { CHUNK, defineTable, run, type Build } from '../index/derived.js';

/** Discord's limits: 25 choices, names of at most 100 characters. */
const LIMIT = 25;
const MAX_NAME = 100;

const WORD_SEPARATORS = /[\s-]+/;
const splitWords = (s: string): string[] => s.split(WORD_SEPARATORS).filter(Boolean);

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

const prefixKeys = (p: string): Set<string> => new Set([p.slice(0, 4), ...deletions(p.slice(0, 4))]);

/** Sorts in steps (a bottom-up merge sort), yielding every few thousand comparisons. */
function* sortSliced<T>(items: T[], cmp: (a: T, b: T) => number): Build<T[]> {
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

/** A three-character sequence as a number (three UTF-16 code units). */
const gramAt = (s: string, i: number): number =>
  s.charCodeAt(i) * 0x100000000 + s.charCodeAt(i + 1) * 0x10000 + s.charCodeAt(i + 2);

/** A 32-bit hash (FNV-1a) of a one-edit key. */
function hashKey(k: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < k.length; i++) h = Math.imul(h ^ k.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Rank of a key whose entity is of another kind: after every real rank. */
const NONE = 0x7fffffff;

/** What every kind's view shares: folded names and spellings, sorted keys, sequences and words. */
interface Shared {
  entities: Entity[];
  names: string[];
  spellings: string[][];
  /** The prefix tiers' keys in code-unit order, and each key's entity: names; name words; spellings and their words. */
  tierKeys: string[][];
  tierEntity: Int32Array[];
  /** Three-character sequence → id; per id, the entities holding it in the name or a spelling, most mentioned first. */
  gramIds: Map<number, number>;
  gramStart: Int32Array;
  gramEntity: Int32Array;
  /** Distinct words of names and spellings, their masks, and their owners (entity positions, ascending). */
  words: string[];
  masks: Int32Array;
  ownerStart: Int32Array;
  ownerList: Int32Array;
  /** One-edit keys (see wordKeys), sorted: hash × 2^idBits + word id. */
  near: Float64Array;
  idScale: number;
  hashShift: number;
  views: Map<EntityKind | 'any', View>;
}

/** Per prefix tier: each key's entity rank (NONE for another kind) and a segment tree over them. */
interface RankedKeys {
  ranks: Int32Array;
  /** Node k (leaves at n + i) holds the position of the smallest rank below it. */
  tree: Int32Array;
}

interface View {
  /** Rank → entity position: the kind's entities, most mentioned first, then in list order. */
  order: Int32Array;
  /** Entity position → rank, -1 for another kind. */
  rank: Int32Array;
  tiers: RankedKeys[];
  /** Suggestions for empty input (display names). */
  mostNamed: string[];
}

/** Entity positions (of a kind) most mentioned first, ties in list order. */
function* rankOrder(entities: Entity[], kind: EntityKind | undefined): Build<Int32Array> {
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

function* makeShared(entities: Entity[], anyOrder: Int32Array): Build<Shared> {
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
    const nameWords = splitWords(name);
    const ownWords = own.flatMap(splitWords);
    const tiers = [[name], new Set(nameWords), new Set([...own, ...ownWords])];
    for (let t = 0; t < 3; t++) {
      for (const k of tiers[t]!) {
        tierKeys[t]!.push(k);
        tierOwners[t]!.push(e);
      }
    }
    for (const w of [...nameWords, ...ownWords]) {
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
  for (let t = 0; t < 3; t++) {
    const sorted = yield* sortedKeys(tierKeys[t]!, tierOwners[t]!);
    tierKeys[t] = sorted.keys;
    tierEntity.push(sorted.entity);
  }
  // Sequences: the entities holding each, in rank order (count, then fill).
  const gramIds = new Map<number, number>();
  const counts: number[] = [0];
  const mine = new Set<number>();
  const gramsOf = (e: number) => {
    mine.clear();
    for (const s of [names[e]!, ...spellings[e]!]) {
      for (let i = 0; i + 3 <= s.length; i++) {
        const g = gramAt(s, i);
        let id = gramIds.get(g);
        if (id === undefined) {
          gramIds.set(g, (id = gramIds.size));
          counts.push(0);
        }
        mine.add(id);
      }
    }
    return mine;
  };
  for (let r = 0; r < anyOrder.length; r++) {
    for (const id of gramsOf(anyOrder[r]!)) counts[id + 1]!++;
    if (r % 128 === 127) yield;
  }
  const gramStart = Int32Array.from(counts);
  for (let g = 0; g < gramIds.size; g++) gramStart[g + 1]! += gramStart[g]!;
  const fill = gramStart.slice(0, gramIds.size);
  const gramEntity = new Int32Array(gramStart[gramIds.size]!);
  for (let r = 0; r < anyOrder.length; r++) {
    const e = anyOrder[r]!;
    for (const id of gramsOf(e)) gramEntity[fill[id]!++] = e;
    if (r % 128 === 127) yield;
  }
  // Words: masks, owners, and the one-edit keys.
  const masks = new Int32Array(words.length);
  const ownerStart = new Int32Array(words.length + 1);
  for (let w = 0; w < words.length; w++) ownerStart[w + 1] = ownerStart[w]! + owners[w]!.length;
  const ownerList = Int32Array.from(owners.flat());
  let idBits = 1;
  while (2 ** idBits <= words.length) idBits++;
  const idScale = 2 ** idBits;
  const hashShift = Math.max(0, 32 - (53 - idBits));
  const near: number[] = [];
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!;
    masks[w] = charMask(word);
    // A match needs a word of at least |p| - 1 >= 3 characters.
    if (word.length >= 3) for (const k of wordKeys(word)) near.push((hashKey(k) >>> hashShift) * idScale + w);
    if (w % 256 === 255) yield;
  }
  return {
    entities,
    names,
    spellings,
    tierKeys,
    tierEntity,
    gramIds,
    gramStart,
    gramEntity,
    words,
    masks,
    ownerStart,
    ownerList,
    near: Float64Array.from(yield* sortSliced(near, (a, b) => a - b)),
    idScale,
    hashShift,
    views: new Map(),
  };
}

function* rankedKeys(entity: Int32Array, rank: Int32Array): Build<RankedKeys> {
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
    if (k % CHUNK === 0) yield;
  }
  return { ranks, tree };
}

function* makeView(shared: Shared, kind: EntityKind | undefined, order?: Int32Array): Build<View> {
  const { entities } = shared;
  order ??= yield* rankOrder(entities, kind);
  const rank = new Int32Array(entities.length).fill(-1);
  for (let r = 0; r < order.length; r++) rank[order[r]!] = r;
  const tiers: RankedKeys[] = [];
  for (const entity of shared.tierEntity) tiers.push(yield* rankedKeys(entity, rank));
  return { order, rank, tiers, mostNamed: mostNamed(entities, kind) };
}

/**
 * The most mentioned entities (of a kind) for empty input, ties by name: the same as sorting them all,
 * but only the few with at least as many mentions as the 25th are sorted.
 */
function mostNamed(entities: Entity[], kind: EntityKind | undefined): string[] {
  const pool = entities.filter((e) => !kind || e.kind === kind);
  let cut = 0;
  if (pool.length > LIMIT) {
    const counts = Int32Array.from(pool, (e) => -e.mentions.length).sort();
    cut = -counts[LIMIT - 1]!;
  }
  return pool
    .filter((e) => e.mentions.length >= cut)
    .sort((a, b) => b.mentions.length - a.mentions.length || a.name.localeCompare(b.name))
    .slice(0, LIMIT)
    .map((e) => e.name.slice(0, MAX_NAME));
}

/** The kinds the commands complete (any, people for /who and /quote, places for /where). */
const WARM_KINDS: EntityKind[] = ['person', 'place'];

/** The completion table of an index, built ahead of the first keystroke by warm.ts. */
const completions = defineTable('entity completions', function* (index): Build<Shared> {
  const anyOrder = yield* rankOrder(index.entities, undefined);
  const shared = yield* makeShared(index.entities, anyOrder);
  shared.views.set('any', yield* makeView(shared, undefined, anyOrder));
  for (const kind of WARM_KINDS) shared.views.set(kind, yield* makeView(shared, kind));
  // A few completions of the most named's own name (every tier), so the first keystrokes a user
  // types do not also pay for compiling this code.
  for (const view of shared.views.values()) {
    const name = shared.names[view.order[0] ?? -1] ?? '';
    const typo = name.slice(0, 1) + name.slice(2, 3) + name.slice(1, 2) + name.slice(3, 6);
    for (const typed of [name.slice(0, 1), name.slice(0, 3), name.slice(1, 5), typo])
      completeIn(shared, view, typed, LIMIT);
    yield;
  }
  return shared;
});

function viewOf(index: DossierIndex, kind: EntityKind | undefined): { shared: Shared; view: View } {
  const shared = completions.get(index);
  let view = shared.views.get(kind ?? 'any');
  if (!view) shared.views.set(kind ?? 'any', (view = run(makeView(shared, kind))));
  return { shared, view };
}

/** First position in `keys` (sorted) at or after `p`, and the first after those starting with `p`. */
function prefixRange(keys: string[], p: string): [number, number] {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < p) lo = mid + 1;
    else hi = mid;
  }
  const start = lo;
  hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]!.startsWith(p)) lo = mid + 1;
    else hi = mid;
  }
  return [start, lo];
}

/** Position of the smallest rank in [l, r) (r > l). */
function minAt(t: RankedKeys, l: number, r: number): number {
  const n = t.ranks.length;
  let best = -1;
  for (l += n, r += n; l < r; l >>= 1, r >>= 1) {
    if (l & 1) {
      const c = t.tree[l++]!;
      if (best < 0 || t.ranks[c]! < t.ranks[best]!) best = c;
    }
    if (r & 1) {
      const c = t.tree[--r]!;
      if (best < 0 || t.ranks[c]! < t.ranks[best]!) best = c;
    }
  }
  return best;
}

/** A sub-range [l, r) of a tier's keys, with the position and rank of its best key. */
interface Span {
  rank: number;
  l: number;
  r: number;
  at: number;
}

function pushSpan(heap: Span[], t: RankedKeys, l: number, r: number): void {
  if (l >= r) return;
  const at = minAt(t, l, r);
  const item = { rank: t.ranks[at]!, l, r, at };
  let i = heap.length;
  heap.push(item);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]!.rank <= item.rank) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = item;
}

function popSpan(heap: Span[]): Span {
  const top = heap[0]!;
  const last = heap.pop()!;
  if (heap.length > 0) {
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= heap.length) break;
      if (c + 1 < heap.length && heap[c + 1]!.rank < heap[c]!.rank) c++;
      if (heap[c]!.rank >= last.rank) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = last;
  }
  return top;
}

/** The ranks chosen so far (in order) and the set of them. */
interface Picked {
  out: number[];
  seen: Set<number>;
  max: number;
}

/** Adds a rank unless already chosen; true once the list is full. */
function pick(picked: Picked, rank: number): boolean {
  if (!picked.seen.has(rank)) {
    picked.seen.add(rank);
    picked.out.push(rank);
  }
  return picked.out.length >= picked.max;
}

/**
 * Picks the ranks of the kind's keys in [lo, hi), smallest first, until the list is full (true):
 * each step takes the best of the sub-ranges left (a heap), and splits it around that position.
 */
function pickByRank(t: RankedKeys, lo: number, hi: number, picked: Picked): boolean {
  const heap: Span[] = [];
  pushSpan(heap, t, lo, hi);
  while (heap.length > 0) {
    const { rank, l, r, at } = popSpan(heap);
    // Only keys of other kinds are left.
    if (rank === NONE) return false;
    if (pick(picked, rank)) return true;
    pushSpan(heap, t, l, at);
    pushSpan(heap, t, at + 1, r);
  }
  return false;
}

/**
 * The word starts with something one edit away from `p`: the plain scan's
 * `editDistance(p, w.slice(0, p.length), 1) <= 1 || editDistance(p, w.slice(0, p.length + 1), 1) <= 1`.
 */
export function typoPrefix(w: string, p: string): boolean {
  return withinOneEdit(p, w, p.length) || withinOneEdit(p, w, p.length + 1);
}

/** First position in a sorted array at or after `x`. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Entities (of a kind) for what was typed, best first, at most `limit`: the same as
 * `suggestEntities(entities, typed, kind, limit)` in test/oracles/entity-scan.ts.
 */
export function completeEntities(
  index: DossierIndex,
  typed: string,
  kind: EntityKind | undefined,
  limit: number,
): Entity[] {
  const { shared, view } = viewOf(index, kind);
  return completeIn(shared, view, typed, limit);
}

/** The entity contains p in its name or a spelling. */
function contains(shared: Shared, e: number, p: string): boolean {
  if (shared.names[e]!.includes(p)) return true;
  for (const s of shared.spellings[e]!) if (s.includes(p)) return true;
  return false;
}

function entitiesOf(shared: Shared, view: View, ranks: ArrayLike<number>): Entity[] {
  const out: Entity[] = [];
  for (let i = 0; i < ranks.length; i++) out.push(shared.entities[view.order[ranks[i]!]!]!);
  return out;
}

function completeIn(shared: Shared, view: View, typed: string, limit: number): Entity[] {
  const max = Math.max(0, limit);
  const p = foldNameQuery(typed);
  if (!p) {
    // Nothing to match: every entity of the kind scores alike, so the best ranked.
    const out: Entity[] = [];
    for (let r = 0; r < Math.min(max, view.order.length); r++) out.push(shared.entities[view.order[r]!]!);
    return out;
  }
  if (max === 0) return [];
  const picked: Picked = { out: [], seen: new Set(), max };
  // 1, 0.9, 0.8: a name, a word of it, a spelling or a word of one starts with p.
  for (let t = 0; t < view.tiers.length; t++) {
    const [lo, hi] = prefixRange(shared.tierKeys[t]!, p);
    if (lo < hi && pickByRank(view.tiers[t]!, lo, hi, picked)) return entitiesOf(shared, view, picked.out);
  }
  // 0.6: the name or a spelling contains p; candidates from p's rarest three-character sequence.
  if (p.length >= 3) {
    let best = -1;
    let fewest = Infinity;
    for (let i = 0; i + 3 <= p.length && fewest > 0; i++) {
      const id = shared.gramIds.get(gramAt(p, i));
      const count = id === undefined ? 0 : shared.gramStart[id + 1]! - shared.gramStart[id]!;
      if (count < fewest) {
        best = id ?? -1;
        fewest = count;
      }
    }
    const end = best < 0 ? 0 : shared.gramStart[best + 1]!;
    for (let i = best < 0 ? 0 : shared.gramStart[best]!; i < end; i++) {
      const e = shared.gramEntity[i]!;
      const rank = view.rank[e]!;
      if (rank < 0 || picked.seen.has(rank) || !contains(shared, e, p)) continue;
      if (pick(picked, rank)) return entitiesOf(shared, view, picked.out);
    }
  }
  // 0.5: a word starting one edit away from p, only when the tiers above leave room.
  if (p.length >= 4) {
    const pMask = charMask(p);
    const ranks = new Set<number>();
    for (const k of prefixKeys(p)) {
      const h = (hashKey(k) >>> shared.hashShift) * shared.idScale;
      for (
        let i = lowerBound(shared.near, h);
        i < shared.near.length && shared.near[i]! < h + shared.idScale;
        i++
      ) {
        const w = shared.near[i]! - h;
        const word = shared.words[w]!;
        if (word.length < p.length - 1 || bitCount(pMask & ~shared.masks[w]!) > 1) continue;
        if (p[0] !== word[0] && p[1] !== word[1] && p[1] !== word[0] && p[0] !== word[1]) continue;
        if (!typoPrefix(word, p)) continue;
        for (let o = shared.ownerStart[w]!; o < shared.ownerStart[w + 1]!; o++) {
          const rank = view.rank[shared.ownerList[o]!]!;
          if (rank >= 0 && !picked.seen.has(rank)) ranks.add(rank);
        }
      }
    }
    const sorted = Int32Array.from(ranks).sort();
    for (let i = 0; i < sorted.length; i++) if (pick(picked, sorted[i]!)) break;
  }
  return entitiesOf(shared, view, picked.out);
}

/** Display names for empty input: the most mentioned (of a kind), ties by name. */
export function mostNamedNames(index: DossierIndex, kind: EntityKind | undefined): string[] {
  return viewOf(index, kind).view.mostNamed.slice();
}
