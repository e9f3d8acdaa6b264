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
 *   scored, with MiniSearch's formula, adding up in MiniSearch's order so the scores are identical
 *   (fast-scorer.ts finds and ranks them, exact-scores.ts scores them, core.ts reads the index).
 */
import type { Article, Paragraph } from '../../corpus/types.js';
import type { DossierIndex } from '../model.js';
import { fuzzyBudget, processTerm, queryTerms, words } from '../terms.js';
import { copyTableIfBuilt } from './copies.js';
import { BOOST, coreOf } from './core.js';
import { fastSearch } from './fast-scorer.js';

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
  /**
   * Only paragraphs whose position is 1 here may be found (an answer's article filter). Applied
   * before the AND/OR decision and the limit, so a filter leaves the best allowed paragraphs.
   */
  allow?: Uint8Array;
}

export interface SearchResult {
  terms: string[];
  hits: Hit[];
  /** Why nothing could be searched: the query had no content words. */
  empty?: 'no-terms';
}

const fuzzy = (term: string) => fuzzyBudget(term);

/** One query term (or group of alternatives, matched as OR) and whether it may match as a prefix. */
export interface Clause {
  terms: string[];
  prefix: boolean;
}

/** A scored paragraph before it becomes a hit: search id, score, matched index terms, matched query terms. */
export interface Raw {
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
  const unfiltered: Engine =
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

  const engine = opts.allow ? allowedOnly(unfiltered, opts.allow) : unfiltered;
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

/**
 * An engine that finds only allowed paragraphs: all its hits are scored (a limit could be filled by
 * paragraphs the filter then drops) and counted as qualifying the way the MiniSearch path counts.
 */
function allowedOnly(engine: Engine, allow: Uint8Array): Engine {
  return (cs, combineWith, need) => {
    const raw = engine(cs, combineWith, need).raw.filter((r) => allow[r.id] === 1);
    const want = combineWith === 'AND' ? cs.length : need;
    return {
      raw,
      found: raw.filter((r) => r.textTerms.length > 0 && coveredBy(cs, r.queryTerms) >= want).length,
    };
  };
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
