/**
 * Paragraph search with typo tolerance that does not flood: all query terms must meet first (AND),
 * with fuzzy budgets that grow with word length; only when that finds too little do we fall back to
 * OR, and then keep only paragraphs that cover enough of the query.
 *
 * A paragraph qualifies only if its own text holds a query term: the article's title and the
 * paragraph's section are scored and count toward its coverage (they say what the article is about,
 * so "the US helicopter crash in Afghanistan" finds the paragraph of that article that says where the
 * helicopter came down), but never make a match on their own, so a paragraph under a headline that
 * names the topic is not cited or counted for it when its text does not.
 *
 * Scoring is MiniSearch's (BM25+ per field, fuzzy matches weighted down, times the number of query
 * terms matched). Two ways to get it, with the same results:
 * - the reference: MiniSearch's own `search`, which scores every paragraph holding any query term;
 * - the fast path (used whenever the index can be read directly): the paragraphs that can qualify
 *   are found from the postings first (for AND, those holding every term; for the OR fallback, those
 *   holding enough of them — found by walking only the rarest terms' postings), and only those are
 *   scored, with MiniSearch's formula, adding up in MiniSearch's order so the scores are identical.
 */
import type MiniSearch from 'minisearch';
import type { Article, Paragraph } from '../../corpus/types.js';
import type { DossierIndex, SearchDoc } from '../model.js';
import { SearchIndex } from './adapter.js';
import {
  bitCount,
  charMask,
  EDGE_APOSTROPHES,
  fold,
  fuzzyBudget,
  processTerm,
  queryTerms,
  words,
} from '../terms.js';

export interface Hit {
  /** Position in `index.paragraphs`. */
  pos: number;
  paragraph: Paragraph;
  article: Article;
  score: number;
  /** Indexed terms of the paragraph that matched (folded + stemmed forms). */
  matched: string[];
  /** Query terms that found this paragraph. */
  queryTerms: string[];
  /** Query terms the paragraph's own text holds (not only its title or section). */
  textTerms: string[];
  /** Share of the query's terms that found this paragraph (0–1); its text holds at least one. */
  coverage: number;
}

export interface SearchOptions {
  /** Extra alternatives per query term (e.g. an entity's variant spellings), matched as OR. */
  alternatives?: string[][];
  /** Minimum coverage of the query for the OR fallback (default: half the terms, at least one). */
  minCoverage?: number;
  /** Match the last term as a prefix too (for as-you-type queries). */
  prefixLast?: boolean;
  /** Stop after this many hits (ranked); default all. */
  limit?: number;
  /**
   * Also take paragraphs that cover only part of the query (ranked below full matches), for
   * answerers that weigh evidence across many passages (dates, places, figures).
   */
  recall?: boolean;
}

export interface SearchResult {
  terms: string[];
  hits: Hit[];
  /** Why nothing could be searched: the query had no content words. */
  empty?: 'no-terms';
}

const fuzzy = (term: string) => fuzzyBudget(term);
const BOOST: Record<string, number> = { text: 1, section: 0.4, title: 0.25 };

interface Clause {
  terms: string[];
  prefix: boolean;
}

/** A scored paragraph before it becomes a hit: search id, score, matched index terms, matched query terms. */
interface Raw {
  id: number;
  score: number;
  terms: string[];
  queryTerms: string[];
  /** The query terms matched in the text field. */
  textTerms: string[];
}

/** Scored paragraphs (for a limit, at least all that can rank in it) and how many qualified in all. */
type Engine = (
  clauses: Clause[],
  combineWith: 'AND' | 'OR',
  need: number,
  limit?: number,
) => { raw: Raw[]; found: number };

export function searchParagraphs(index: DossierIndex, query: string, opts: SearchOptions = {}): SearchResult {
  return search(index, query, opts, false);
}

/** The same search through MiniSearch's own `search` only: the reference the fast path must equal. */
export function searchParagraphsReference(
  index: DossierIndex,
  query: string,
  opts: SearchOptions = {},
): SearchResult {
  return search(index, query, opts, true);
}

function search(index: DossierIndex, query: string, opts: SearchOptions, reference: boolean): SearchResult {
  const terms = queryTerms(query);
  const alternatives = (opts.alternatives ?? []).map((alts) =>
    [...new Set(alts.flatMap((a) => words(a)).map((w) => processTerm(w)))].filter((t): t is string => !!t),
  );
  if (terms.length === 0 && alternatives.every((a) => a.length === 0))
    return { terms, hits: [], empty: 'no-terms' };

  // One clause per term; a term with alternatives becomes an OR group, so "Blinken" also meets "Blingen".
  const clauses: Clause[] = terms.map((t) => {
    const alts = alternatives.find((group) => group.includes(t)) ?? [t];
    return { terms: alts, prefix: false };
  });
  for (const group of alternatives) {
    if (group.length && !group.some((g) => terms.includes(g))) clauses.push({ terms: group, prefix: false });
  }
  if (opts.prefixLast && clauses.length) clauses[clauses.length - 1]!.prefix = true;

  const core = reference ? undefined : coreOf(index);
  const engine: Engine =
    core &&
    clauses.every((c) => c.terms.length === 1 && !c.prefix && words(c.terms[0]!).join(' ') === c.terms[0])
      ? (cs, combineWith, need, limit) =>
          fastSearch(core, cs, combineWith, need, limit, copyTableIfBuilt(index)?.first)
      : (cs, combineWith, need) => {
          const raw = miniSearch(index, cs, combineWith);
          const want = combineWith === 'AND' ? cs.length : need;
          return {
            raw,
            found: raw.filter((r) => r.textTerms.length > 0 && coveredBy(cs, r.queryTerms) >= want).length,
          };
        };

  const total = clauses.length;
  let raw: Raw[];
  let minCoverage = 1;
  const orCoverage = () => opts.minCoverage ?? Math.max(1 / total, Math.ceil(total / 2) / total);
  // In recall mode the OR results are taken whatever AND finds, so AND is not run at all.
  if (opts.recall && total > 1) {
    minCoverage = orCoverage();
    raw = engine(clauses, 'OR', needed(minCoverage, total), opts.limit).raw;
  } else {
    const and = engine(clauses, 'AND', total, opts.limit);
    raw = and.raw;
    if (and.found < 3 && total > 1) {
      minCoverage = orCoverage();
      raw = engine(clauses, 'OR', needed(minCoverage, total), opts.limit).raw;
    }
  }

  // Coverage matters more than raw BM25 once we are in the OR fallback.
  const scored: { r: Raw; score: number; coverage: number }[] = [];
  for (const r of raw) {
    if (r.textTerms.length === 0) continue;
    const covered = coveredBy(clauses, r.queryTerms);
    const coverage = total ? covered / total : 1;
    if (coverage + 1e-9 < minCoverage) continue;
    scored.push({ r, score: r.score * (0.25 + 0.75 * coverage * coverage), coverage });
  }
  scored.sort((a, b) => b.score - a.score || a.r.id - b.r.id);
  const hits: Hit[] = [];
  for (const { r, score, coverage } of scored) {
    if (opts.limit && hits.length >= opts.limit) break;
    const paragraph = index.paragraphs[r.id];
    const article = paragraph && index.articleById.get(paragraph.articleId);
    if (!paragraph || !article) continue;
    hits.push({
      pos: r.id,
      paragraph,
      article,
      score,
      matched: r.terms,
      queryTerms: r.queryTerms,
      textTerms: r.textTerms,
      coverage,
    });
  }
  return { terms, hits };
}

/** How many clauses have a term among `found` (plain loops: this runs for every scored paragraph). */
function coveredBy(clauses: readonly Clause[], found: readonly string[]): number {
  let covered = 0;
  for (let c = 0; c < clauses.length; c++) {
    const terms = clauses[c]!.terms;
    for (let t = 0; t < terms.length; t++) {
      if (found.includes(terms[t]!)) {
        covered++;
        break;
      }
    }
  }
  return covered;
}

/**
 * How many of `total` clauses a paragraph must match to reach `minCoverage` (rounded down a hair, so
 * the candidates are never fewer than the coverage check lets through).
 */
function needed(minCoverage: number, total: number): number {
  return Math.max(1, Math.ceil(minCoverage * total - 1e-6));
}

function miniSearch(index: DossierIndex, clauses: Clause[], combineWith: 'AND' | 'OR'): Raw[] {
  const query = (combine: 'AND' | 'OR') =>
    ({
      combineWith: combine,
      queries: clauses.map((c) => ({
        combineWith: 'OR',
        queries: c.terms,
        fuzzy,
        prefix: c.prefix,
        // Terms are already processed; keep them as they are.
        processTerm: (x: string) => x,
      })),
    }) as never;
  // Which query terms each paragraph's text holds: the same search over the text field alone.
  const inText = new Map<number, string[]>();
  for (const r of index.search.search(query('OR'), { fields: ['text'] }))
    inText.set(r.id as number, r.queryTerms);
  return index.search.search(query(combineWith), { boost: BOOST }).map((r) => ({
    id: r.id as number,
    score: r.score,
    terms: r.terms,
    queryTerms: r.queryTerms,
    textTerms: inText.get(r.id as number) ?? [],
  }));
}

// ---------------------------------------------------------------------------------------------------
// The fast path: MiniSearch's index read directly.

/** A term's postings for one field: short document id → term frequency. */
type Postings = Map<number, number>;
type FieldPostings = Map<number, Postings>;

/**
 * MiniSearch's index as it keeps it, through the adapter (adapter.ts) that makes those `protected`
 * fields public. Checked at run time; when they are not there, the reference path is used.
 */
type SearchInternals = SearchIndex<SearchDoc>;

interface Core {
  ix: SearchInternals;
  /** Per field, in MiniSearch's order: its id, boost and average length. */
  fields: { id: number; boost: number; avg: number }[];
  /** The text field's place in `fields`: the field a paragraph qualifies by. */
  text: number;
  k: number;
  b: number;
  d: number;
  fuzzyWeight: number;
  /** Recently expanded terms (exact and fuzzy forms with their postings), bounded. */
  expanded: Map<string, Expansion[]>;
  /** Recently completed prefixes: index terms starting with them and their paragraph counts, bounded. */
  completed: Map<string, { term: string; df: number }[]>;
}

/** One indexed form a query term matches, with its weight and its postings per field (Core order). */
interface Expansion {
  term: string;
  weight: number;
  postings: (Postings | undefined)[];
  /** Per field: weight × boost × IDF, what BM25+'s term-frequency part is multiplied by. */
  factors: number[];
}

const cores = new WeakMap<MiniSearch<SearchDoc>, Core | null>();
const EXPANDED_MAX = 4000;

function coreOf(index: DossierIndex): Core | undefined {
  let core = cores.get(index.search);
  if (core === undefined) {
    core = readCore(index.search);
    cores.set(index.search, core);
  }
  // A discarded document leaves stale postings that MiniSearch cleans as it meets them: use it then.
  return core && core.ix._dirtCount === 0 ? core : undefined;
}

function readCore(s: MiniSearch<SearchDoc>): Core | null {
  if (!SearchIndex.hasExpectedShape(s)) return null;
  const ix: SearchInternals = s;
  const { bm25, weights } = ix._options.searchOptions;
  return {
    ix,
    fields: ix._options.fields.map((f) => ({
      id: ix._fieldIds[f]!,
      boost: BOOST[f] || 1,
      avg: ix._avgFieldLength[ix._fieldIds[f]!]!,
    })),
    text: ix._options.fields.indexOf('text'),
    k: bm25.k,
    b: bm25.b,
    d: bm25.d,
    fuzzyWeight: weights.fuzzy,
    expanded: new Map(),
    completed: new Map(),
  };
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
  const distance = fuzzy(term);
  if (distance > 0) {
    for (const { term: t, d } of nearTermsOf(core, term, distance)) {
      if (!d) continue;
      out.push(make(t, (core.fuzzyWeight * t.length) / (t.length + d), core.ix._index.get(t)!));
    }
  }
  if (core.expanded.size >= EXPANDED_MAX) core.expanded.clear();
  core.expanded.set(term, out);
  return out;
}

/** MiniSearch's BM25+ for one term in one field of one paragraph, the same expression. */
function bm25(core: Core, tf: number, matching: number, fieldLength: number, avg: number): number {
  const { k, b, d } = core;
  const total = core.ix._documentCount;
  const invDocFreq = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
  return invDocFreq * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * fieldLength) / avg)));
}

const denseLengths = new WeakMap<Core, Float64Array[]>();

/** Each field's length per short document id, as dense arrays (built once per index). */
function fieldLengths(core: Core): Float64Array[] {
  let out = denseLengths.get(core);
  // Built for the documents there were then (an index is not added to once it serves; if it were,
  // the arrays are made again).
  if (!out || (out[0] && out[0].length <= core.ix._nextId)) {
    const build = makeLengths(core);
    for (let step = build.next(); ; step = build.next()) {
      if (step.done) {
        out = step.value;
        break;
      }
    }
    denseLengths.set(core, out);
  }
  return out;
}

function* makeLengths(core: Core): Generator<void, Float64Array[], void> {
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
 * Builds what the fast path keeps per index (the field-length arrays, the vocabulary by length),
 * yielding now and then, so an index can be made ready before it serves its first question.
 */
export function* prepareSearch(index: DossierIndex): Generator<void, void, void> {
  if (!copyTables.has(index)) {
    const table = yield* makeCopyTable(index);
    if (!copyTables.has(index)) copyTables.set(index, table);
  }
  const core = coreOf(index);
  if (!core) return;
  if (!denseLengths.has(core)) {
    const lengths = yield* makeLengths(core);
    if (!denseLengths.has(core)) denseLengths.set(core, lengths);
  }
  if (!vocabularies.has(core)) {
    const vocabulary = yield* makeVocabulary(core);
    if (!vocabularies.has(core)) vocabularies.set(core, vocabulary);
  }
}

/**
 * Word-for-word copies: for each paragraph position, the first position whose text is the same (its
 * own when it is the first), and how many paragraphs are copies of an earlier one. A corpus that
 * carries syndicated stories holds the same paragraph text under several articles. A search scores a
 * copy as its first when its other fields (headline, section) hold the query's terms alike
 * (`sameScore`); near-duplicate folding sends a copy where its first went. Built ahead by
 * prepareSearch; before that, each paragraph is scored and compared on its own.
 */
export interface CopyTable {
  first: Int32Array;
  copies: number;
}

const copyTables = new WeakMap<DossierIndex, CopyTable>();

/** The copies table if prepareSearch has built it (never builds it: a question does not wait). */
export function copyTableIfBuilt(index: DossierIndex): CopyTable | undefined {
  return copyTables.get(index);
}

function* makeCopyTable(index: DossierIndex): Generator<void, CopyTable, void> {
  const n = index.paragraphs.length;
  const first = new Int32Array(n);
  const seen = new Map<string, number>();
  let copies = 0;
  for (let pos = 0; pos < n; pos++) {
    const text = index.paragraphs[pos]!.text;
    const earlier = seen.get(text);
    if (earlier === undefined) {
      seen.set(text, pos);
      first[pos] = pos;
    } else {
      first[pos] = earlier;
      copies++;
    }
    if (pos % 4096 === 4095) yield;
  }
  return { first, copies };
}

/**
 * The distinct content terms of every paragraph's text, as term ids: paragraph p's are
 * `ids[start[p]]` … `ids[start[p + 1] - 1]`, the rarest first (ids are given in order of how many
 * paragraphs hold the term, fewest first). Read from the text field's postings (the search indexes
 * each paragraph's text with the same tokenizer and processTerm), so nothing is tokenised; about 4
 * bytes per (paragraph, distinct term), or 2 while there are fewer than 65,536 terms. Null when the
 * index cannot be read directly.
 */
export interface ParagraphTerms {
  start: Int32Array;
  ids: Uint16Array | Int32Array;
  /** Term ids are below this. */
  terms: number;
}

export function* paragraphTerms(index: DossierIndex): Generator<void, ParagraphTerms | null, void> {
  const core = coreOf(index);
  const field = core?.ix._fieldIds['text'];
  if (!core || field === undefined) return null;
  const { ix } = core;
  const n = index.paragraphs.length;
  const lists: Postings[] = [];
  for (const [, data] of ix._index as unknown as Iterable<[string, FieldPostings]>) {
    const p = data.get(field);
    if (p && p.size) lists.push(p);
    if (lists.length % 4096 === 0) yield;
  }
  // Stable: terms held by as many paragraphs keep the index's order.
  lists.sort((a, b) => a.size - b.size);
  yield;
  const start = new Int32Array(n + 1);
  let walked = 0;
  const position = (shortId: number) => {
    const pos = ix._documentIds.get(shortId);
    return typeof pos === 'number' && pos >= 0 && pos < n ? pos : -1;
  };
  for (const p of lists) {
    p.forEach((_tf, shortId) => {
      const pos = position(shortId);
      if (pos >= 0) start[pos + 1]!++;
    });
    if ((walked += p.size) >= 65536) {
      walked = 0;
      yield;
    }
  }
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const ids = lists.length < 65536 ? new Uint16Array(start[n]!) : new Int32Array(start[n]!);
  const fill = start.slice(0, n);
  for (let id = 0; id < lists.length; id++) {
    lists[id]!.forEach((_tf, shortId) => {
      const pos = position(shortId);
      if (pos >= 0) ids[fill[pos]!++] = id;
    });
    if ((walked += lists[id]!.size) >= 65536) {
      walked = 0;
      yield;
    }
  }
  return { start, ids, terms: lists.length };
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
}

const scratches = new WeakMap<Core, Scratch>();

function scratchFor(core: Core, maxId: number): Scratch {
  let s = scratches.get(core);
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
    };
    scratches.set(core, s);
  }
  if (++s.epoch === 0xffffffff) {
    s.stamp.fill(0);
    s.epoch = 1;
  }
  return s;
}

interface ClauseList {
  term: string;
  exps: Expansion[];
  /** Postings entries in all (what walking it costs) and non-empty (term, field) postings. */
  size: number;
  parts: number;
}

function fastSearch(
  core: Core,
  clauses: Clause[],
  combineWith: 'AND' | 'OR',
  need: number,
  limit: number | undefined,
  copies: Int32Array | undefined,
): { raw: Raw[]; found: number } {
  const { ix } = core;
  const n = clauses.length;
  if (combineWith === 'AND') need = n;
  const lists: ClauseList[] = clauses.map((c) => {
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

  // Candidates: a paragraph matching `need` clauses matches one of the n - need + 1 smallest, so only
  // those postings are walked; the other clauses are counted for the paragraphs found. Each
  // paragraph's score ceiling is summed on the way.
  const order = lists.map((_, i) => i).sort((a, b) => lists[a]!.size - lists[b]!.size || a - b);
  const s = scratchFor(core, Math.max(ix._nextId, ix._documentIds.size));
  const { stamp, epoch, count, last, textCount, textLast, ceil, met } = s;
  const textField = core.text;
  let metCount = 0;
  // Each paragraph's score, summed on the way in whatever order the postings come (so within
  // rounding of the exact score, which is worked out for the few that can rank). The paragraphs met
  // go in a reused buffer: a growing array was most of what a single-shot query left for the
  // garbage collector.
  const { k, d } = core;
  const k1 = k + 1;
  const lengths = fieldLengths(core);
  const fieldCount = core.fields.length;
  const base = k * (1 - core.b);
  const perLengths = core.fields.map((f) => (k * core.b) / f.avg);
  for (let rank = 0; rank < order.length; rank++) {
    const c = order[rank]!;
    const list = lists[c]!;
    const walk = rank <= n - need;
    if (walk || list.size < metCount * list.parts) {
      for (const e of list.exps) {
        for (let f = 0; f < fieldCount; f++) {
          const p = e.postings[f];
          if (!p) continue;
          const factor = e.factors[f]!;
          const perLength = perLengths[f]!;
          const length = lengths[f]!;
          p.forEach((tf, id) => {
            if (stamp[id] !== epoch) {
              if (!walk) return;
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
            if (f === textField && textLast[id] !== c) {
              textLast[id] = c;
              textCount[id]!++;
            }
            ceil[id]! += factor * (d + (tf * k1) / (tf + base + perLength * length[id]!));
          });
        }
      }
    } else {
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
  }
  // The qualifying paragraphs, kept in the front of the same buffer.
  let found = 0;
  for (let m = 0; m < metCount; m++) {
    const id = met[m]!;
    if (count[id]! >= need && textCount[id]! > 0 && ix._documentIds.has(id)) met[found++] = id;
  }

  if (!limit || found <= 2 * limit)
    return { raw: scoreAll(core, lists, Array.from(met.subarray(0, found))), found };

  // Only the best `limit` are wanted (as search() ranks them): score exactly the `limit` paragraphs
  // with the highest approximate scores, then those whose approximate score (with a margin far above
  // rounding) reaches the `limit`-th best exact score found.
  const rank = (m: number, raw: number) => raw * (0.25 + 0.75 * (m / n) * (m / n));
  const { bounds, pick, scored } = s;
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
  return { raw: out, found };
}

/** The k-th largest value (1-based) of `xs` (reordered in place): quickselect. */
function kthLargest(xs: Float64Array, k: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  const want = Math.min(k, xs.length) - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i]! > pivot) i++;
      while (xs[j]! < pivot) j--;
      if (i <= j) {
        const t = xs[i]!;
        xs[i] = xs[j]!;
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (want <= j) hi = j;
    else if (want >= i) lo = i;
    else break;
  }
  return xs[want]!;
}

function insertSorted(xs: number[], v: number) {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  xs.splice(lo, 0, v);
}

/**
 * Whether two copies (same text) score alike for this query: the other fields (headline, section)
 * hold each query term as often in both and, where they hold one, are as long.
 */
function sameScore(core: Core, lists: ClauseList[], a: number, b: number): boolean {
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
function scoreOne(core: Core, lists: ClauseList[], id: number): Raw {
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
function scoreAll(core: Core, lists: ClauseList[], ids: number[]): Raw[] {
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

/**
 * The index's terms grouped by length, each with a character mask and its place in the order
 * MiniSearch's radix tree walks them: what finding the terms near a word scans (built once per
 * index, ahead by prepareSearch).
 */
interface Vocabulary {
  terms: string[];
  masks: Int32Array;
  /** Place in MiniSearch's fuzzyGet order (the reverse of the tree's iteration order). */
  ranks: Int32Array;
  /** The terms of length L are `terms[byLength[L]]` … `terms[byLength[L + 1] - 1]`. */
  byLength: Int32Array;
}

const vocabularies = new WeakMap<Core, Vocabulary>();

function* makeVocabulary(core: Core): Generator<void, Vocabulary, void> {
  const all: string[] = [];
  let longest = 0;
  for (const [term] of core.ix._index as unknown as Iterable<[string, FieldPostings]>) {
    all.push(term);
    if (term.length > longest) longest = term.length;
    if (all.length % 4096 === 0) yield;
  }
  const byLength = new Int32Array(longest + 2);
  for (const t of all) byLength[t.length + 1]!++;
  for (let l = 0; l <= longest; l++) byLength[l + 1]! += byLength[l]!;
  const fill = byLength.slice(0, longest + 1);
  const terms = new Array<string>(all.length);
  const masks = new Int32Array(all.length);
  const ranks = new Int32Array(all.length);
  for (let i = 0; i < all.length; i++) {
    const t = all[i]!;
    const at = fill[t.length]!++;
    terms[at] = t;
    masks[at] = charMask(t);
    ranks[at] = all.length - 1 - i;
    if (i % 8192 === 8191) yield;
  }
  return { terms, masks, ranks, byLength };
}

function vocabularyOf(core: Core): Vocabulary {
  let v = vocabularies.get(core);
  if (!v) {
    const build = makeVocabulary(core);
    for (let step = build.next(); ; step = build.next()) {
      if (step.done) {
        v = step.value;
        break;
      }
    }
    vocabularies.set(core, v);
  }
  return v;
}

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** Levenshtein distance of `a` and `b` (insertions, deletions, substitutions), or `max + 1` beyond `max`. */
function levenshteinWithin(a: string, b: string, max: number): number {
  const n = b.length;
  if (rowA.length <= n) {
    rowA = new Int32Array(2 * n + 2);
    rowB = new Int32Array(2 * n + 2);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      const v = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[n]! <= max ? prev[n]! : max + 1;
}

/**
 * The index terms within Levenshtein distance `max` of `word` (itself included, at 0), with their
 * distance, in the order MiniSearch's `fuzzyGet(word, max)` gives them (the order its search adds
 * scores up in). Found by scanning the terms of nearby lengths whose letters differ by at most
 * `max` (a term `max` edits away lacks at most `max` of the word's letters and has at most `max`
 * the word lacks) instead of walking the radix tree: several times faster for the two-edit budget
 * of long words, which reaches deep into the tree. Undefined when the index cannot be read directly.
 */
export function nearTerms(
  index: DossierIndex,
  word: string,
  max: number,
): { term: string; d: number }[] | undefined {
  const core = coreOf(index);
  return core ? nearTermsOf(core, word, max) : undefined;
}

function nearTermsOf(core: Core, word: string, max: number): { term: string; d: number }[] {
  const { terms, masks, ranks, byLength } = vocabularyOf(core);
  const found: { term: string; d: number; rank: number }[] = [];
  const mask = charMask(word);
  const longest = byLength.length - 2;
  for (let l = Math.max(0, word.length - max); l <= Math.min(longest, word.length + max); l++) {
    for (let i = byLength[l]!, end = byLength[l + 1]!; i < end; i++) {
      const m = masks[i]!;
      if (bitCount(mask & ~m) > max || bitCount(m & ~mask) > max) continue;
      const d = levenshteinWithin(word, terms[i]!, max);
      if (d <= max) found.push({ term: terms[i]!, d, rank: ranks[i]! });
    }
  }
  found.sort((a, b) => a.rank - b.rank);
  return found.map(({ term, d }) => ({ term, d }));
}

/** Paragraphs an index term is in (its largest field's posting count: text, as a rule). */
function documentFrequency(data: FieldPostings): number {
  let df = 0;
  for (const postings of data.values()) df = Math.max(df, postings.size);
  return df;
}

/** Index terms starting with `prefix`, most frequent first (cached per index, bounded). */
function termsStartingWith(core: Core, prefix: string): { term: string; df: number }[] {
  let list = core.completed.get(prefix);
  if (!list) {
    list = [];
    for (const [term, data] of core.ix._index.atPrefix(prefix))
      list.push({ term, df: documentFrequency(data) });
    list.sort((a, b) => b.df - a.df || (a.term < b.term ? -1 : 1));
    if (core.completed.size >= EXPANDED_MAX) core.completed.clear();
    core.completed.set(prefix, list);
  }
  return list;
}

/**
 * As-you-type completion of the last word of `input` to index terms (folded, stemmed forms as the
 * search uses them), the most frequent first; then, with room left, whole terms within MiniSearch's
 * fuzzy distance (a fifth of the length) of it. Earlier words of the input narrow the completions to
 * terms that share a paragraph with all of them, and lead each suggestion ("peace ta" → "peace talk").
 * Undefined when the index cannot be read directly.
 */
export function completeTerms(index: DossierIndex, input: string, limit: number): string[] | undefined {
  const core = coreOf(index);
  if (!core) return undefined;
  const typed = words(input);
  const last = typed.pop();
  if (!last) return [];
  const partial = fold(last).replace(EDGE_APOSTROPHES, '');
  if (!partial) return [];
  const context = [...new Set(typed.map((w) => processTerm(w)).filter((t): t is string => !!t))];
  // Paragraphs holding every earlier word; the completions must meet them there.
  let within: Set<number> | undefined;
  for (const t of context) {
    const data = core.ix._index.get(t);
    const next = new Set<number>();
    for (const postings of data?.values() ?? []) {
      for (const id of postings.keys()) if (!within || within.has(id)) next.add(id);
    }
    within = next;
    if (within.size === 0) return [];
  }
  const meets = (data: FieldPostings | undefined) => {
    if (!within) return true;
    for (const postings of data?.values() ?? []) {
      if (postings.size < within.size) {
        for (const id of postings.keys()) if (within.has(id)) return true;
      } else {
        for (const id of within) if (postings.has(id)) return true;
      }
    }
    return false;
  };
  const out: string[] = [];
  const add = (term: string) => {
    if (out.length < limit && !out.includes(term) && !context.includes(term)) out.push(term);
  };
  const stemmed = processTerm(last);
  const prefixes = [...new Set([partial, ...(stemmed && stemmed !== partial ? [stemmed] : [])])];
  for (const prefix of prefixes) {
    // Frequent terms first; with earlier words, look a little further down for ones that meet them.
    let tried = 0;
    for (const { term } of termsStartingWith(core, prefix)) {
      if (out.length >= limit || tried >= limit * 8) break;
      tried++;
      if (meets(core.ix._index.get(term))) add(term);
    }
  }
  const distance = Math.round(partial.length * 0.2);
  if (out.length < limit && distance > 0) {
    const near = nearTermsOf(core, partial, distance)
      .map(({ term, d }) => {
        const data = core.ix._index.get(term)!;
        return { term, d, df: documentFrequency(data), data };
      })
      .sort((a, b) => a.d - b.d || b.df - a.df || (a.term < b.term ? -1 : 1));
    for (const { term, data } of near) if (meets(data)) add(term);
  }
  const lead = typed.join(' ');
  return out.map((t) => (lead ? `${lead} ${t}` : t));
}

/** The words of `text` (as written) whose indexed form is among `matched`: what to show in bold. */
export function highlightWords(text: string, matched: Iterable<string>): string[] {
  const wanted = new Set(matched);
  const out: string[] = [];
  for (const w of words(text)) {
    const t = processTerm(w);
    if (t && wanted.has(t) && !out.includes(w)) out.push(w);
  }
  return out;
}

/** Content-word set of a text, for near-duplicate detection. */
export function contentSet(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(text)) {
    const t = processTerm(w);
    if (t) out.add(t);
  }
  return out;
}

/** Jaccard similarity of two sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}
