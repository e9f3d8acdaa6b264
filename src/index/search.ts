/**
 * Paragraph search with typo tolerance that does not flood: all query terms must meet first (AND),
 * with fuzzy budgets that grow with word length; only when that finds too little do we fall back to
 * OR, and then keep only paragraphs that cover enough of the query.
 */
import type { Article, Paragraph } from '../corpus/types.js';
import type { DossierIndex } from './build.js';
import { fuzzyBudget, processTerm, queryTerms, words } from './text.js';

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
  /** Share of the query's terms that found this paragraph (0–1). */
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

export function searchParagraphs(index: DossierIndex, query: string, opts: SearchOptions = {}): SearchResult {
  const terms = queryTerms(query);
  const alternatives = (opts.alternatives ?? []).map((alts) =>
    [...new Set(alts.flatMap((a) => words(a)).map((w) => processTerm(w)))].filter((t): t is string => !!t),
  );
  if (terms.length === 0 && alternatives.every((a) => a.length === 0))
    return { terms, hits: [], empty: 'no-terms' };

  // One clause per term; a term with alternatives becomes an OR group, so "Blinken" also meets "Blingen".
  const clauses = terms.map((t) => {
    const alts = alternatives.find((group) => group.includes(t)) ?? [t];
    return { terms: alts, prefix: false };
  });
  for (const group of alternatives) {
    if (group.length && !group.some((g) => terms.includes(g))) clauses.push({ terms: group, prefix: false });
  }
  if (opts.prefixLast && clauses.length) clauses[clauses.length - 1]!.prefix = true;

  const run = (combineWith: 'AND' | 'OR') =>
    index.search.search(
      {
        combineWith,
        queries: clauses.map((c) => ({
          combineWith: 'OR',
          queries: c.terms,
          fuzzy,
          prefix: c.prefix,
          // Terms are already processed; keep them as they are.
          processTerm: (x: string) => x,
        })),
      } as never,
      { boost: { text: 1, section: 0.4, title: 0.25 } },
    );

  const total = clauses.length;
  let raw = run('AND');
  let minCoverage = 1;
  if ((raw.length < 3 || opts.recall) && total > 1) {
    raw = run('OR');
    minCoverage = opts.minCoverage ?? Math.max(1 / total, Math.ceil(total / 2) / total);
  }

  const hits: Hit[] = [];
  for (const r of raw) {
    const pos = r.id as number;
    const paragraph = index.paragraphs[pos];
    if (!paragraph) continue;
    const article = index.articleById.get(paragraph.articleId);
    if (!article) continue;
    const found = new Set(r.queryTerms);
    const covered = clauses.filter((c) => c.terms.some((t) => found.has(t))).length;
    const coverage = total ? covered / total : 1;
    if (coverage + 1e-9 < minCoverage) continue;
    hits.push({
      pos,
      paragraph,
      article,
      // Coverage matters more than raw BM25 once we are in the OR fallback.
      score: r.score * (0.25 + 0.75 * coverage * coverage),
      matched: r.terms,
      queryTerms: r.queryTerms,
      coverage,
    });
  }
  hits.sort((a, b) => b.score - a.score || a.pos - b.pos);
  return { terms, hits: opts.limit ? hits.slice(0, opts.limit) : hits };
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
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}
