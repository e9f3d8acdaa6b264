/**
 * Exact BM25+ scores of chosen paragraphs, added up term by term and field by field in MiniSearch's
 * order, so they equal MiniSearch's own scores to the last bit (the fast scorer, fast-scorer.ts,
 * finds the paragraphs; these score them). Also each field's length per paragraph as dense arrays.
 */
import { defineTable, run, type Build } from '../derived.js';
import { coreTable, type Core, type Expansion, type Postings } from './core.js';
import type { Raw } from './search.js';

/** A query clause's term, its expansions, and what walking their postings costs. */
export interface ClauseList {
  term: string;
  exps: Expansion[];
  /** Postings entries in all (what walking it costs) and non-empty (term, field) postings. */
  size: number;
  parts: number;
}

/** MiniSearch's BM25+ for one term in one field of one paragraph, the same expression. */
function bm25(core: Core, tf: number, matching: number, fieldLength: number, avg: number): number {
  const { k, b, d } = core;
  const total = core.ix._documentCount;
  const invDocFreq = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
  return invDocFreq * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * fieldLength) / avg)));
}

/**
 * Each field's length per short document id of every index (null when it cannot be read directly).
 * Carried over a change: a kept document keeps its short id and its lengths, so only the short ids
 * of the documents put in are written, and those that hold no document any more are cleared (a
 * change's search is the previous index's, changed in place: src/index/search/changes.ts).
 */
const denseLengths = defineTable(
  'field lengths',
  function* (index): Build<Float64Array[] | null> {
    const core = coreTable.get(index);
    return core ? yield* makeLengths(core) : null;
  },
  {
    readsSearch: true,
    *carry(before, change, next) {
      const core = coreTable.get(next);
      if (!core) return null;
      // A few typed-array passes: nothing worth yielding between.
      if (before && before.length === core.fields.length)
        return carryLengths(core, before, change.paragraphFrom(), change.freed);
      return yield* makeLengths(core);
    },
  },
);

/**
 * The dense lengths after a change, from those before: copied, the short ids no document holds
 * now set to 0 (as a build leaves them), and the added documents' (position with no `from`) read.
 * With the short ids the change took out (`freed`), only those are cleared; without, every short
 * id is checked (a walk of the 100k-entry id map at 100k paragraphs, on the commit's one step).
 */
function carryLengths(
  core: Core,
  before: Float64Array[],
  from: Int32Array,
  freed: number[] | undefined,
): Float64Array[] {
  const { ix } = core;
  const size = Math.max(ix._nextId, ix._documentIds.size) + 1;
  const out = before.map((a) => {
    const b = new Float64Array(size);
    b.set(a.length > size ? a.subarray(0, size) : a);
    return b;
  });
  if (freed) {
    for (const id of freed) if (id < size) for (const a of out) a[id] = 0;
  } else {
    const held = new Uint8Array(size);
    ix._idToShortId.forEach((shortId) => {
      if (shortId < size) held[shortId] = 1;
    });
    for (let id = 0; id < size; id++) if (!held[id]) for (const a of out) a[id] = 0;
  }
  for (let pos = 0; pos < from.length; pos++) {
    if (from[pos]! >= 0) continue;
    const id = ix._idToShortId.get(pos);
    const lengths = id === undefined ? undefined : ix._fieldLength.get(id);
    if (id === undefined || !lengths) continue;
    for (let i = 0; i < core.fields.length; i++) out[i]![id] = lengths[core.fields[i]!.id] ?? 0;
  }
  return out;
}

/** Each field's length per short document id, as dense arrays (built once per index). */
export function fieldLengths(core: Core): Float64Array[] {
  let out = denseLengths.get(core.index)!;
  // Built for the documents there were then (an index is not added to once it serves; if it were,
  // the arrays are made again).
  if (out[0] && out[0].length <= core.ix._nextId) {
    out = run(makeLengths(core));
    denseLengths.set(core.index, out);
  }
  return out;
}

function* makeLengths(core: Core): Build<Float64Array[]> {
  const size = Math.max(core.ix._nextId, core.ix._documentIds.size) + 1;
  const out = core.fields.map(() => new Float64Array(size));
  let n = 0;
  for (const [id, lengths] of core.ix._fieldLength) {
    for (let i = 0; i < core.fields.length; i++) out[i]![id] = lengths[core.fields[i]!.id] ?? 0;
    if (++n % 8192 === 0) yield;
  }
  return out;
}

/**
 * Whether two copies (same text) score alike for this query: the other fields (headline, section)
 * hold each query term as often in both and, where they hold one, are as long.
 */
export function sameScore(core: Core, lists: ClauseList[], a: number, b: number): boolean {
  const lengths = fieldLengths(core);
  for (let f = 0; f < core.fields.length; f++) {
    if (f === core.text) continue;
    for (const list of lists) {
      for (const e of list.exps) {
        const p = e.postings[f];
        if (!p) continue;
        const tf = p.get(a);
        if (tf !== p.get(b)) return false;
        if (tf !== undefined && lengths[f]![a] !== lengths[f]![b]) return false;
      }
    }
  }
  return true;
}

/** One paragraph's score, each clause's terms and fields added in MiniSearch's order. */
export function scoreOne(core: Core, lists: ClauseList[], id: number): Raw {
  // Field lengths from the dense arrays (the same numbers as _fieldLength, without a lookup that
  // may build an array).
  const lengths = fieldLengths(core);
  let total = 0;
  const queryTerms: string[] = [];
  const textTerms: string[] = [];
  const terms: string[] = [];
  const fieldCount = core.fields.length;
  for (let c = 0; c < lists.length; c++) {
    const list = lists[c]!;
    let sum = 0;
    let seen = false;
    let inText = false;
    for (let x = 0; x < list.exps.length; x++) {
      const e = list.exps[x]!;
      for (let f = 0; f < fieldCount; f++) {
        const p = e.postings[f];
        const tf = p?.get(id);
        if (tf === undefined) continue;
        const field = core.fields[f]!;
        const w = e.weight * field.boost * bm25(core, tf, p!.size, lengths[f]![id]!, field.avg);
        sum = seen ? sum + w : w;
        seen = true;
        if (f === core.text) inText = true;
        if (!terms.includes(e.term)) terms.push(e.term);
      }
    }
    if (!seen) continue;
    total = queryTerms.length ? total + sum : sum;
    queryTerms.push(list.term);
    if (inText) textTerms.push(list.term);
  }
  return {
    id: core.ix._documentIds.get(id) as number,
    score: total * (queryTerms.length || 1),
    terms,
    queryTerms,
    textTerms,
  };
}

/** Scores for every candidate, clause by clause, walking postings or looking up, whichever is less. */
export function scoreAll(core: Core, lists: ClauseList[], ids: number[]): Raw[] {
  const { ix } = core;
  const slot = new Map<number, number>();
  ids.forEach((id, i) => slot.set(id, i));
  const lengths = fieldLengths(core);
  const totals = new Float64Array(ids.length);
  const clausesMatched = ids.map(() => [] as number[]);
  const clausesInText = ids.map(() => [] as number[]);
  const matchedTerms = ids.map(() => [] as string[]);
  const sums = new Float64Array(ids.length);
  const seen = new Uint8Array(ids.length);
  const inText = new Uint8Array(ids.length);
  lists.forEach((list, c) => {
    sums.fill(0);
    seen.fill(0);
    inText.fill(0);
    const add = (i: number, e: Expansion, f: number, p: Postings, tf: number) => {
      const field = core.fields[f]!;
      const w = e.weight * field.boost * bm25(core, tf, p.size, lengths[f]![ids[i]!]!, field.avg);
      sums[i] = seen[i] ? sums[i]! + w : w;
      seen[i] = 1;
      if (f === core.text) inText[i] = 1;
      const terms = matchedTerms[i]!;
      if (!terms.includes(e.term)) terms.push(e.term);
    };
    if (list.size < ids.length * list.parts) {
      for (const e of list.exps) {
        e.postings.forEach((p, f) => {
          if (!p) return;
          p.forEach((tf, id) => {
            const i = slot.get(id);
            if (i !== undefined) add(i, e, f, p, tf);
          });
        });
      }
    } else {
      for (const e of list.exps) {
        e.postings.forEach((p, f) => {
          if (!p) return;
          for (let i = 0; i < ids.length; i++) {
            const tf = p.get(ids[i]!);
            if (tf !== undefined) add(i, e, f, p, tf);
          }
        });
      }
    }
    for (let i = 0; i < ids.length; i++) {
      if (!seen[i]) continue;
      totals[i] = clausesMatched[i]!.length ? totals[i]! + sums[i]! : sums[i]!;
      clausesMatched[i]!.push(c);
      if (inText[i]) clausesInText[i]!.push(c);
    }
  });

  return ids.map((id, i) => {
    const matched = clausesMatched[i]!;
    return {
      id: ix._documentIds.get(id) as number,
      score: totals[i]! * (matched.length || 1),
      terms: matchedTerms[i]!,
      queryTerms: matched.map((c) => lists[c]!.term),
      textTerms: clausesInText[i]!.map((c) => lists[c]!.term),
    };
  });
}
