/**
 * The accelerated BM25+ scorer behind searchParagraphs (src/index/search/search.ts): it reads
 * MiniSearch's postings directly, finds the paragraphs that can qualify (for AND, those holding every
 * clause; for the OR fallback, those holding `need` of them, found by walking only the rarest
 * clauses' postings), and scores only those, exactly (exact-scores.ts).
 *
 * It must return what the plain code returns: the same paragraphs, order, scores, coverage and
 * matched terms as running the query through MiniSearch's own `search`
 * (`searchParagraphsReference`). test/index/search.test.ts checks that ("… as MiniSearch does"),
 * for single words, AND queries, the OR fallback, recall mode, limits, misspellings and copies.
 *
 * The candidate walk is the hot loop of every question: it allocates nothing per posting (the
 * per-paragraph state lives in reused typed arrays, `Scratch`), and its callbacks are made once
 * per (term, field), never per posting.
 */
import { defineScratch } from '../derived.js';
import { PackedFreqs } from '../saved/compact-maps.js';
import { fuzzyBudget } from '../terms.js';
import type { Core, Expansion, FieldPostings, Postings } from './core.js';
import { fieldLengths, sameScore, scoreAll, scoreOne, type ClauseList } from './exact-scores.js';
import { insertSorted, kthLargest } from './quickselect.js';
import type { Clause, Raw } from './search.js';
import { nearTermsOf } from './vocabulary.js';

/**
 * The paragraphs matching `need` of the clauses (all of them for AND) whose text holds one, scored;
 * with a limit, at least all that can rank in it. `found`: how many qualified in all. `copies`: the
 * copies table's first positions, if built.
 */
export function fastSearch(
  core: Core,
  clauses: Clause[],
  combineWith: 'AND' | 'OR',
  need: number,
  limit: number | undefined,
  copies: Int32Array | undefined,
): { raw: Raw[]; found: number } {
  const { ix } = core;
  if (combineWith === 'AND') need = clauses.length;
  const lists = clauseLists(core, clauses);
  const s = scratchFor(core, Math.max(ix._nextId, ix._documentIds.size));
  const metCount = gatherCandidates(core, lists, need, s);
  // The qualifying paragraphs, kept in the front of the same buffer. Every posting is a live
  // document's: coreOf gives no Core while discarded documents leave stale postings (_dirtCount),
  // so no id needs looking up in _documentIds (a Map of every paragraph once a change made it plain,
  // and that lookup was a tenth of a question's time at 100k paragraphs).
  const { met, count, textCount } = s;
  let found = 0;
  for (let m = 0; m < metCount; m++) {
    const id = met[m]!;
    if (count[id]! >= need && textCount[id]! > 0) met[found++] = id;
  }
  if (!limit || found <= 2 * limit)
    return { raw: scoreAll(core, lists, Array.from(met.subarray(0, found))), found };
  return { raw: scoreBest(core, lists, s, found, limit, copies), found };
}

/** Each clause's term with its expansions and the size of their postings. */
function clauseLists(core: Core, clauses: Clause[]): ClauseList[] {
  return clauses.map((c) => {
    const term = c.terms[0]!;
    const exps = expand(core, term);
    let size = 0;
    let parts = 0;
    for (const e of exps) {
      for (const p of e.postings) {
        if (!p) continue;
        size += p.size;
        parts++;
      }
    }
    return { term, exps, size, parts };
  });
}

/** What BM25+'s term-frequency part needs, worked out once per search. */
interface Weighing {
  d: number;
  k1: number;
  /** k × (1 − b), and per field k × b / average length. */
  base: number;
  perLengths: number[];
  lengths: Float64Array[];
}

/**
 * Candidates: a paragraph matching `need` clauses matches one of the n - need + 1 smallest, so only
 * those postings are walked; the other clauses are counted for the paragraphs found (by walking or
 * looking up, whichever is less). Each paragraph's score ceiling is summed on the way in whatever
 * order the postings come (so within rounding of the exact score, which is worked out for the few
 * that can rank). The paragraphs met go in a reused buffer (`met`): a growing array was most of what
 * a single-shot query left for the garbage collector. Returns how many were met.
 */
function gatherCandidates(core: Core, lists: ClauseList[], need: number, s: Scratch): number {
  const n = lists.length;
  const order = lists.map((_, i) => i).sort((a, b) => lists[a]!.size - lists[b]!.size || a - b);
  const { k } = core;
  const w: Weighing = {
    d: core.d,
    k1: k + 1,
    base: k * (1 - core.b),
    perLengths: core.fields.map((f) => (k * core.b) / f.avg),
    lengths: fieldLengths(core),
  };
  let metCount = 0;
  for (let rank = 0; rank < order.length; rank++) {
    const c = order[rank]!;
    const list = lists[c]!;
    const walk = rank <= n - need;
    if (walk || list.size < metCount * list.parts)
      metCount = walkPostings(core, s, w, list, c, walk, metCount);
    else lookUpMet(core, s, w, list, c, metCount);
  }
  return metCount;
}

/**
 * Counts clause `c` for the paragraphs in its postings, adding to their score ceilings; when `walk`,
 * paragraphs met for the first time are taken in (appended to `met`), else they are passed over.
 * Returns the new count of paragraphs met.
 */
function walkPostings(
  core: Core,
  s: Scratch,
  w: Weighing,
  list: ClauseList,
  c: number,
  walk: boolean,
  metCount: number,
): number {
  const textField = core.text;
  const fieldCount = core.fields.length;
  for (const e of list.exps) {
    for (let f = 0; f < fieldCount; f++) {
      const p = e.postings[f];
      if (!p) continue;
      // Postings read from the saved form are walked straight from their words; a Map's are copied
      // to a buffer first, so the walk itself is one loop over numbers with no call per posting.
      const packed = p instanceof PackedFreqs ? p.pairs() : undefined;
      const { words, start, n } = packed ?? pairsOf(s, p);
      metCount = walkPairs(s, w, words, start, n, e.factors[f]!, f, f === textField, c, walk, metCount);
    }
  }
  return metCount;
}

/**
 * The walk over one (term, field) posting list as pairs (id, term frequency) from `start`: a plain
 * loop over typed arrays, no call per posting (a closure called per posting was most of a search's
 * time at 100k paragraphs).
 */
function walkPairs(
  s: Scratch,
  w: Weighing,
  words: Uint32Array,
  start: number,
  n: number,
  factor: number,
  f: number,
  isText: boolean,
  c: number,
  walk: boolean,
  metCount: number,
): number {
  const { stamp, epoch, count, last, textCount, textLast, ceil, met } = s;
  const { d, k1, base } = w;
  const perLength = w.perLengths[f]!;
  const length = w.lengths[f]!;
  for (let i = 0, at = start; i < n; i++, at += 2) {
    const id = words[at]!;
    const tf = words[at + 1]!;
    if (stamp[id] !== epoch) {
      if (!walk) continue;
      stamp[id] = epoch;
      count[id] = 0;
      last[id] = -1;
      textCount[id] = 0;
      textLast[id] = -1;
      ceil[id] = 0;
      met[metCount++] = id;
    }
    if (last[id] !== c) {
      last[id] = c;
      count[id]!++;
    }
    if (isText && textLast[id] !== c) {
      textLast[id] = c;
      textCount[id]!++;
    }
    ceil[id]! += factor * (d + (tf * k1) / (tf + base + perLength * length[id]!));
  }
  return metCount;
}

/** A Map's postings as pairs in the scratch's buffer (grown as needed), in the Map's order. */
function pairsOf(s: Scratch, p: Postings): { words: Uint32Array; start: number; n: number } {
  if (s.pairs.length < 2 * p.size) s.pairs = new Uint32Array(2 * p.size);
  const words = s.pairs;
  let at = 0;
  p.forEach((tf, id) => {
    words[at++] = id;
    words[at++] = tf;
  });
  return { words, start: 0, n: p.size };
}

/** Counts clause `c` for the paragraphs met so far by looking each up in its postings. */
function lookUpMet(core: Core, s: Scratch, w: Weighing, list: ClauseList, c: number, metCount: number): void {
  const { count, last, textCount, textLast, ceil, met } = s;
  const { d, k1, base, perLengths, lengths } = w;
  const textField = core.text;
  const fieldCount = core.fields.length;
  for (let m = 0; m < metCount; m++) {
    const id = met[m]!;
    for (const e of list.exps) {
      for (let f = 0; f < fieldCount; f++) {
        const tf = e.postings[f]?.get(id);
        if (tf === undefined) continue;
        if (last[id] !== c) {
          last[id] = c;
          count[id]!++;
        }
        if (f === textField && textLast[id] !== c) {
          textLast[id] = c;
          textCount[id]!++;
        }
        ceil[id]! += e.factors[f]! * (d + (tf * k1) / (tf + base + perLengths[f]! * lengths[f]![id]!));
      }
    }
  }
}

/**
 * Only the best `limit` of the `found` qualifying paragraphs (the front of `met`) are wanted (as
 * search() ranks them): score exactly the `limit` paragraphs with the highest approximate scores,
 * then those whose approximate score (with a margin far above rounding) reaches the `limit`-th best
 * exact score found.
 */
function scoreBest(
  core: Core,
  lists: ClauseList[],
  s: Scratch,
  found: number,
  limit: number,
  copies: Int32Array | undefined,
): Raw[] {
  const { ix } = core;
  const n = lists.length;
  const { met, count, ceil, bounds, pick, scored } = s;
  const rank = (m: number, raw: number) => raw * (0.25 + 0.75 * (m / n) * (m / n));
  // rank() written out: a loop over every qualifying paragraph, and a double returned from a call
  // the optimiser has not inlined yet is a heap allocation.
  for (let i = 0; i < found; i++) {
    const id = met[i]!;
    const m = count[id]! / n;
    bounds[i] = ceil[id]! * count[id]! * (0.25 + 0.75 * m * m) * (1 + 1e-6);
  }
  pick.set(bounds.subarray(0, found));
  const top = kthLargest(pick.subarray(0, found), limit);
  scored.fill(0, 0, found);
  const out: Raw[] = [];
  const best: number[] = []; // the `limit` best ranking scores so far, ascending
  // Per text (its first copy's position): the first paragraph with it scored here.
  const byText = new Map<number, { shortId: number; raw: Raw }>();
  const score = (i: number) => {
    scored[i] = 1;
    const id = met[i]!;
    const pos = ix._documentIds.get(id) as number;
    const first = copies?.[pos] ?? -1;
    const known = first >= 0 ? byText.get(first) : undefined;
    const r =
      known && sameScore(core, lists, known.shortId, id)
        ? { ...known.raw, id: pos }
        : scoreOne(core, lists, id);
    if (first >= 0 && !known) byText.set(first, { shortId: id, raw: r });
    out.push(r);
    const v = rank(r.queryTerms.length, r.score);
    if (best.length < limit) insertSorted(best, v);
    else if (v > best[0]!) {
      best.shift();
      insertSorted(best, v);
    }
  };
  for (let i = 0; i < found; i++) if (bounds[i]! >= top) score(i);
  const floor = best.length >= limit ? best[0]! : -Infinity;
  for (let i = 0; i < found; i++) if (!scored[i] && bounds[i]! >= floor) score(i);
  return out;
}

/** The exact form first, then the fuzzy forms in MiniSearch's order, as it scores them. */
function expand(core: Core, term: string): Expansion[] {
  const known = core.expanded.get(term);
  if (known) return known;
  const make = (t: string, weight: number, data: FieldPostings): Expansion => {
    const postings = core.fields.map((f) => data.get(f.id));
    const factors = core.fields.map((f, i) => {
      const matching = postings[i]?.size ?? 0;
      return weight * f.boost * Math.log(1 + (core.ix._documentCount - matching + 0.5) / (matching + 0.5));
    });
    return { term: t, weight, postings, factors };
  };
  const out: Expansion[] = [];
  const exact = core.ix._index.get(term);
  if (exact) out.push(make(term, 1, exact));
  const distance = fuzzyBudget(term);
  if (distance > 0) {
    for (const { term: t, d } of nearTermsOf(core, term, distance)) {
      if (!d) continue;
      out.push(make(t, (core.fuzzyWeight * t.length) / (t.length + d), core.ix._index.get(t)!));
    }
  }
  core.expanded.set(term, out);
  return out;
}

/** Per-paragraph working space, indexed by short document id, reused from one search to the next. */
interface Scratch {
  /** Equals the current search's epoch when the paragraph was met in this search. */
  stamp: Uint32Array;
  epoch: number;
  /** Clauses matched, the last clause counted, and the score ceiling so far. */
  count: Uint16Array;
  last: Int32Array;
  /** Whether the text field holds a clause (a paragraph qualifies only then), and the last seen. */
  textCount: Uint16Array;
  textLast: Int32Array;
  ceil: Float64Array;
  /** The paragraphs met in this search, in the order met (the first `metCount`). */
  met: Int32Array;
  /** Per qualifying paragraph (by its place in `met`): score bound, a copy to select in, scored. */
  bounds: Float64Array;
  pick: Float64Array;
  scored: Uint8Array;
  /** A Map's postings copied as pairs for the walk (grown as needed). */
  pairs: Uint32Array;
}

/** Each index's scorer working space, made on its first search (and again, larger, if it grows). */
const scratches = defineScratch('scorer working space', (): { current?: Scratch } => ({}));

function scratchFor(core: Core, maxId: number): Scratch {
  const held = scratches.get(core.index);
  let s = held.current;
  if (!s || s.stamp.length <= maxId) {
    const size = Math.max(maxId + 1, core.ix._documentIds.size + 1);
    s = {
      stamp: new Uint32Array(size),
      epoch: 0,
      count: new Uint16Array(size),
      last: new Int32Array(size),
      textCount: new Uint16Array(size),
      textLast: new Int32Array(size),
      ceil: new Float64Array(size),
      met: new Int32Array(size),
      bounds: new Float64Array(size),
      pick: new Float64Array(size),
      scored: new Uint8Array(size),
      pairs: new Uint32Array(0),
    };
    held.current = s;
  }
  if (++s.epoch === 0xffffffff) {
    s.stamp.fill(0);
    s.epoch = 1;
  }
  return s;
}
