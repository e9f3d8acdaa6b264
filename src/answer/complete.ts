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
 *   rarest sequence of p gives the candidates, those the next rarest does not hold are dropped
 *   (a mark per entity) and the rest checked in rank order until the list is full;
 * - for the one-edit tier, which is looked at only when the others leave room, the words of names
 *   and spellings by the 3–4 character keys of their starts with up to one character deleted: a
 *   word whose start is within one edit of p shares a key with p's first four characters (so only
 *   those words are compared, with the same distance as the plain scan).
 */
import type { DossierIndex } from '../index/model.js';
import { withinOneEdit } from '../index/edit-distance.js';
import type { Entity, EntityKind } from '../index/tables/types.js';
import { bitCount, charMask } from '../index/terms.js';
import { foldNameQuery } from './entity-lookup.js';
import { defineTable, run, type Build } from '../index/derived.js';
import { fold } from '../index/tables/names.js';
import type { IndexChange } from '../index/delta.js';
import {
  carryShared,
  gramAt,
  hashKey,
  LIMIT,
  makeShared,
  makeView,
  mostNamed,
  NONE,
  prefixKeys,
  rankOrder,
  splitWords,
  startOf,
  type RankedKeys,
  type Shared,
  type View,
} from './complete-table.js';

/** The kinds the commands complete (any, people for /who and /quote, places for /where). */
const WARM_KINDS: EntityKind[] = ['person', 'place'];

/**
 * The completion table of an index, built ahead of the first keystroke by warm.ts; after a change,
 * carried once the index serves (`later`: until then the previous index's stands in, see
 * `completeFromPrevious`).
 */
const completions = defineTable(
  'entity completions',
  function* (index): Build<Shared> {
    const anyOrder = yield* rankOrder(index.entities, undefined);
    return yield* withViews(yield* makeShared(index.entities, anyOrder), anyOrder);
  },
  {
    *carry(before, change, next) {
      const shared = yield* carryShared(before, change, next.entities);
      const anyOrder = yield* rankOrder(next.entities, undefined);
      return yield* withViews(shared ?? (yield* makeShared(next.entities, anyOrder)), anyOrder);
    },
    later: true,
  },
);

/** The shared table with the views of the kinds the commands complete. */
function* withViews(shared: Shared, anyOrder: Int32Array): Build<Shared> {
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
}

/** A kind's view of a table (made on first use for a kind not warmed). */
function viewIn(shared: Shared, kind: EntityKind | undefined): View {
  let view = shared.views.get(kind ?? 'any');
  if (!view) shared.views.set(kind ?? 'any', (view = run(makeView(shared, kind))));
  return view;
}

/** First position in `a` (non-decreasing) at or after `x`, searching [lo, hi). */
function firstAtLeast(a: Float64Array, x: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The positions [start, end) of the `keys` (sorted) that start with `p`. The keys' starts (first
 * three code units as numbers, one typed array) narrow the range first: for a `p` of at most three
 * units they give it whole, for a longer one the keys' text is compared only within it.
 */
function prefixRange(keys: string[], starts: Float64Array, p: string): [number, number] {
  const first = startOf(p);
  let lo = firstAtLeast(starts, first);
  let hi = firstAtLeast(starts, p.length >= 3 ? first + 1 : startOf(p, 0xffff) + 1, lo);
  // (A key shorter than three units is padded with 0, as a p holding one would be: compare those.)
  if (p.length <= 3 && !p.includes('\0')) return [lo, hi];
  const end = hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < p) lo = mid + 1;
    else hi = mid;
  }
  const start = lo;
  hi = end;
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

/**
 * Entities (of a kind) for what was typed, best first, at most `limit`: the same as
 * `suggestEntities(entities, typed, kind, limit, typos)` in test/oracles/entity-scan.ts. Without
 * `typos`, the one-edit tier is left out: only names that hold what was typed as it was typed.
 */
export function completeEntities(
  index: DossierIndex,
  typed: string,
  kind: EntityKind | undefined,
  limit: number,
  typos = true,
): Entity[] {
  const standIn = completions.standIn(index);
  if (standIn) return completeFromPrevious(index, standIn, typed, kind, limit, typos);
  const shared = completions.get(index);
  return completeIn(shared, viewIn(shared, kind), typed, limit, typos);
}

/**
 * `completeEntities` while the index's own table is not carried yet, from the previous index's
 * table: the same choices, without the work of the table on the thread that answers. Kept
 * entities keep their tiers and their order among themselves, so any kept one among the next
 * index's best `limit` is among the previous table's best `limit + gone` (gone: the entities not
 * kept); those kept and the fresh entities (changed or new, few), scored one by one as the plain
 * scan scores them, are ranked as the table ranks them.
 */
function completeFromPrevious(
  index: DossierIndex,
  { before, change }: { before: Shared; change: IndexChange },
  typed: string,
  kind: EntityKind | undefined,
  limit: number,
  typos: boolean,
): Entity[] {
  const moves = change.entityMoves();
  let gone = 0;
  for (let q = 0; q < moves.length; q++) if (moves[q]! < 0) gone++;
  const view = viewIn(before, kind);
  const p = foldNameQuery(typed);
  const { entities } = index;
  const scored: { at: number; score: number }[] = [];
  const consider = (at: number) => {
    const score = p ? prefixScore(entities[at]!, p, typos) : 1;
    if (score > 0) scored.push({ at, score });
  };
  for (const r of ranksIn(before, view, typed, limit + gone, typos)) {
    const to = moves[view.order[r]!]!;
    if (to >= 0) consider(to);
  }
  for (const at of change.freshEntities()) if (!kind || entities[at]!.kind === kind) consider(at);
  scored.sort(
    (a, b) =>
      b.score - a.score || entities[b.at]!.mentions.length - entities[a.at]!.mentions.length || a.at - b.at,
  );
  return scored.slice(0, Math.max(0, limit)).map((s) => entities[s.at]!);
}

/** One entity's tier for the folded prefix `p` (the header's scores; 0: no match). */
function prefixScore(e: Entity, p: string, typos: boolean): number {
  const name = fold(e.name);
  if (name.startsWith(p)) return 1;
  if (splitWords(name).some((w) => w.startsWith(p))) return 0.9;
  const own = e.variants.map(fold);
  if (own.some((s) => s.startsWith(p) || splitWords(s).some((w) => w.startsWith(p)))) return 0.8;
  const all = [name, ...own];
  if (p.length >= 3 && all.some((s) => s.includes(p))) return 0.6;
  if (typos && p.length >= 4 && all.some((s) => splitWords(s).some((w) => typoPrefix(w, p)))) return 0.5;
  return 0;
}

/** Below this many candidates, checking each name costs less than marking a second list. */
const MARK_ABOVE = 32;

/** Per table, a mark per entity (the entities of the last sequence marked hold the current stamp). */
const gramMarks = new WeakMap<Shared, { mark: Int32Array; stamp: number }>();

/** The entities holding the three-character sequence `gram` (an id), marked with a fresh stamp. */
function markedBy(shared: Shared, gram: number): { mark: Int32Array; stamp: number } {
  let marks = gramMarks.get(shared);
  if (!marks || marks.mark.length !== shared.names.length || marks.stamp >= 0x7fffffff) {
    marks = { mark: new Int32Array(shared.names.length), stamp: 0 };
    gramMarks.set(shared, marks);
  }
  const stamp = ++marks.stamp;
  for (let i = shared.gramStart[gram]!, end = shared.gramStart[gram + 1]!; i < end; i++)
    marks.mark[shared.gramEntity[i]!] = stamp;
  return marks;
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

function completeIn(shared: Shared, view: View, typed: string, limit: number, typos = true): Entity[] {
  return entitiesOf(shared, view, ranksIn(shared, view, typed, limit, typos));
}

/** The ranks (in the view) of the entities `completeIn` gives, in its order. */
function ranksIn(shared: Shared, view: View, typed: string, limit: number, typos = true): number[] {
  const max = Math.max(0, limit);
  const p = foldNameQuery(typed);
  // Nothing to match: every entity of the kind scores alike, so the best ranked.
  if (!p) return Array.from({ length: Math.min(max, view.order.length) }, (_, r) => r);
  if (max === 0) return [];
  const picked: Picked = { out: [], seen: new Set(), max };
  // 1, 0.9, 0.8: a name, a word of it, a spelling or a word of one starts with p.
  for (let t = 0; t < view.tiers.length; t++) {
    const [lo, hi] = prefixRange(shared.tierKeys[t]!, shared.tierStarts[t]!, p);
    if (lo < hi && pickByRank(view.tiers[t]!, lo, hi, picked)) return picked.out;
  }
  // 0.6: the name or a spelling contains p; candidates from p's rarest three-character sequence.
  if (p.length >= 3) {
    // The rarest sequence gives the candidates; the next rarest, marked, rules out most of the
    // others before their names are read (each name a cache miss when the table is cold).
    let best = -1;
    let fewest = Infinity;
    let next = -1;
    let fewestNext = Infinity;
    for (let i = 0; i + 3 <= p.length && fewest > 0; i++) {
      const id = shared.gramIds.get(gramAt(p, i));
      const count = id === undefined ? 0 : shared.gramStart[id + 1]! - shared.gramStart[id]!;
      if (id === best) continue;
      if (count < fewest) {
        next = best;
        fewestNext = fewest;
        best = id ?? -1;
        fewest = count;
      } else if (count < fewestNext) {
        next = id!;
        fewestNext = count;
      }
    }
    const marks = next >= 0 && fewest > MARK_ABOVE ? markedBy(shared, next) : undefined;
    const end = best < 0 ? 0 : shared.gramStart[best + 1]!;
    for (let i = best < 0 ? 0 : shared.gramStart[best]!; i < end; i++) {
      const e = shared.gramEntity[i]!;
      if (marks && marks.mark[e] !== marks.stamp) continue;
      const rank = view.rank[e]!;
      if (rank < 0 || picked.seen.has(rank) || !contains(shared, e, p)) continue;
      if (pick(picked, rank)) return picked.out;
    }
  }
  // 0.5: a word starting one edit away from p, only when the tiers above leave room.
  if (typos && p.length >= 4) {
    const pMask = charMask(p);
    const p0 = p.charCodeAt(0);
    const p1 = p.charCodeAt(1);
    const need = max - picked.out.length;
    const ranks = new Set<number>();
    const list: number[] = [];
    for (const k of prefixKeys(p)) {
      const h = (hashKey(k) >>> shared.hashShift) * shared.idScale;
      for (
        let i = firstAtLeast(shared.near, h);
        i < shared.near.length && shared.near[i]! < h + shared.idScale;
        i++
      ) {
        const w = shared.near[i]! - h;
        if (shared.lengths[w]! < p.length - 1 || bitCount(pMask & ~shared.masks[w]!) > 1) continue;
        const w0 = shared.heads[w]! >>> 16;
        const w1 = shared.heads[w]! & 0xffff;
        if (p0 !== w0 && p1 !== w1 && p1 !== w0 && p0 !== w1) continue;
        if (!typoPrefix(shared.words[w]!, p)) continue;
        // Owners come by position; when ranks rise with it, the word's first `need` new ones are
        // all it can add to the best `need`.
        let added = 0;
        for (let o = shared.ownerStart[w]!; o < shared.ownerStart[w + 1]! && added < need; o++) {
          const rank = view.rank[shared.ownerList[o]!]!;
          if (rank >= 0 && !picked.seen.has(rank) && !ranks.has(rank)) {
            ranks.add(rank);
            list.push(rank);
            if (view.ascending) added++;
          }
        }
      }
    }
    list.sort((a, b) => a - b);
    for (let i = 0; i < list.length; i++) if (pick(picked, list[i]!)) break;
  }
  return picked.out;
}

/** Display names for empty input: the most mentioned (of a kind), ties by name. */
export function mostNamedNames(index: DossierIndex, kind: EntityKind | undefined): string[] {
  // While the table is not carried, found from the entities (most mentioned first: a few read).
  if (completions.standIn(index)) return mostNamed(index.entities, kind);
  return viewIn(completions.get(index), kind).mostNamed.slice();
}
