/** Shared pieces of every answerer: citations from paragraphs, near-duplicate folding, sources. */
import type { Article } from '../corpus/types.js';
import type { DossierIndex } from '../index/build.js';
import { positionAt } from './tables.js';
import { contentSet, highlightWords } from '../index/search.js';
import type { Answer, AnswerKind, Citation, Source } from './types.js';

/** Up to this many cited paragraphs per answer. */
export const MAX_CITATIONS = 3;
/** Paragraphs this similar (content-word Jaccard) are the same passage reported twice. */
const NEAR_DUPLICATE = 0.5;

export function sourceOf(article: Article): Source {
  const s: Source = { articleId: article.id, title: article.title };
  if (article.outlet) s.outlet = article.outlet;
  if (article.published) s.published = article.published;
  if (article.url) s.url = article.url;
  return s;
}

/** A candidate paragraph for citing, with what to highlight in it. */
export interface Candidate {
  pos: number;
  score: number;
  /** Indexed (folded) terms to highlight. */
  matched: Iterable<string>;
  date?: string;
}

export function citationFor(index: DossierIndex, c: Candidate): Citation | undefined {
  const p = index.paragraphs[c.pos];
  const article = p && index.articleById.get(p.articleId);
  if (!p || !article) return undefined;
  const citation: Citation = {
    ...sourceOf(article),
    paragraph: p.n,
    text: p.text,
    highlights: highlightWords(p.text, c.matched),
  };
  if (c.date) citation.date = c.date;
  return citation;
}

/** A cited passage and the near-duplicates of it folded in, before it is turned into a citation. */
export interface Group {
  candidate: Candidate;
  /** Its content words, as word ids. */
  words: Int32Array;
  articleIds: Set<string>;
  alsoIn: { articleId: string; title: string; paragraph: number }[];
}

/**
 * Ranked candidates folded into distinct passages, best first, at most `max`: a near-duplicate of an
 * earlier passage from another article joins that passage's `alsoIn` instead. Only the words of each
 * passage are looked at here; citations (with highlights) are made for the passages shown.
 */
export function foldGroups(index: DossierIndex, ranked: Candidate[], max: number): Group[] {
  const groups: Group[] = [];
  // Which groups hold each word, so overlaps are counted once per shared word, not per pair of passages.
  const holders = new Map<number, number[]>();
  const seen = new Set<number>();
  // Words shared with each group so far, for the passage being placed (indexed by group).
  const shared = new Int32Array(max);
  const table = wordTableOf(index);
  for (const c of ranked) {
    if (groups.length >= max) break;
    if (seen.has(c.pos)) continue;
    seen.add(c.pos);
    const p = index.paragraphs[c.pos];
    const article = p && index.articleById.get(p.articleId);
    if (!p || !article) continue;
    const set = paragraphWords(table, p.text);
    shared.fill(0, 0, groups.length);
    for (const w of set) {
      const list = holders.get(w);
      if (list) for (const g of list) shared[g]!++;
    }
    let dup: Group | undefined;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g]!;
      if (group.articleIds.has(article.id)) continue;
      const inter = shared[g]!;
      const union = group.words.length + set.length - inter;
      if ((union === 0 ? 1 : inter / union) >= NEAR_DUPLICATE) {
        dup = group;
        break;
      }
    }
    if (dup) {
      dup.articleIds.add(article.id);
      dup.alsoIn.push({ articleId: article.id, title: article.title, paragraph: p.n });
      continue;
    }
    for (const w of set) {
      const list = holders.get(w);
      if (list) list.push(groups.length);
      else holders.set(w, [groups.length]);
    }
    groups.push({ candidate: c, words: set, articleIds: new Set([article.id]), alsoIn: [] });
  }
  return groups;
}

export function citationOf(index: DossierIndex, g: Group): Citation {
  const citation = citationFor(index, g.candidate)!;
  if (g.alsoIn.length) citation.alsoIn = g.alsoIn.map((a) => ({ ...a }));
  return citation;
}

/** Content words of paragraph texts as word ids, per index: compact, and shared by repeated texts. */
interface WordTable {
  ids: Map<string, number>;
  byText: Map<string, Int32Array>;
}
const wordTables = new WeakMap<DossierIndex, WordTable>();
/** Texts kept (a few hundred bytes each); older ones are dropped together. */
const TEXTS_MAX = 20_000;
/** Distinct words given ids before the table starts over. */
const IDS_MAX = 500_000;

function wordTableOf(index: DossierIndex): WordTable {
  let table = wordTables.get(index);
  if (!table || table.ids.size >= IDS_MAX)
    wordTables.set(index, (table = { ids: new Map(), byText: new Map() }));
  return table;
}

/** The content words of a paragraph (as indexed), as word ids, for near-duplicate folding. */
function paragraphWords(table: WordTable, text: string): Int32Array {
  let set = table.byText.get(text);
  if (!set) {
    if (table.byText.size >= TEXTS_MAX) table.byText.clear();
    const ids = table.ids;
    const out: number[] = [];
    for (const t of contentSet(text)) {
      let id = ids.get(t);
      if (id === undefined) ids.set(t, (id = ids.size));
      out.push(id);
    }
    set = Int32Array.from(out);
    table.byText.set(text, set);
  }
  return set;
}

/**
 * Turns ranked candidates into citations, best first, folding near-duplicates of an earlier
 * citation into its `alsoIn` instead of citing the same passage twice.
 */
export function cite(index: DossierIndex, ranked: Candidate[], max = MAX_CITATIONS, offset = 0): Citation[] {
  return foldGroups(index, ranked, offset + max)
    .slice(offset, offset + max)
    .map((g) => citationOf(index, g));
}

/**
 * One page of `size` citations from `offset` among at most `max` distinct passages, and how many
 * distinct passages there are in all (up to `max`).
 */
export function citeSlice(
  index: DossierIndex,
  ranked: Candidate[],
  max: number,
  offset: number,
  size: number,
): { citations: Citation[]; total: number; start: number } {
  const groups = foldGroups(index, ranked, max);
  const start = Math.max(0, Math.min(offset, Math.max(0, groups.length - 1)));
  return {
    citations: groups.slice(start, start + size).map((g) => citationOf(index, g)),
    total: groups.length,
    start,
  };
}

/** Candidates beyond this many are never paged to (a "More passages" chain ends there). */
const PAGE_WINDOW = 60;

/**
 * One page of citations and where it stands: `page` is set when there is more than one page, so
 * surfaces can offer "More passages".
 */
export function citePage(
  index: DossierIndex,
  ranked: Candidate[],
  offset = 0,
  size = MAX_CITATIONS,
): { citations: Citation[]; page?: Answer['page'] } {
  const { citations, total, start } = citeSlice(
    index,
    ranked.slice(0, PAGE_WINDOW * 3),
    PAGE_WINDOW,
    offset,
    size,
  );
  return total > size || start > 0 ? { citations, page: { offset: start, size, total } } : { citations };
}

/** The distinct articles behind a set of paragraph positions, in corpus order. */
export function sourcesOf(index: DossierIndex, positions: Iterable<number>): Source[] {
  const order = articleOrder(index);
  const at = new Set<number>();
  for (const pos of positions) {
    const p = index.paragraphs[pos];
    for (const i of (p && order.get(p.articleId)) ?? []) at.add(i);
  }
  return [...at].sort((a, b) => a - b).map((i) => sourceOf(index.articles[i]!));
}

const articleOrders = new WeakMap<DossierIndex, Map<string, number[]>>();

/** Article id → its position(s) in `index.articles`. */
function articleOrder(index: DossierIndex): Map<string, number[]> {
  let order = articleOrders.get(index);
  if (!order) {
    order = new Map();
    index.articles.forEach((a, i) => {
      const list = order!.get(a.id);
      if (list) list.push(i);
      else order!.set(a.id, [i]);
    });
    articleOrders.set(index, order);
  }
  return order;
}

export function positionOf(index: DossierIndex, articleId: string, n: number): number | undefined {
  return positionAt(index, articleId, n);
}

/** An answer that found nothing: no citations, and a message saying what to try. */
export function notFound(index: DossierIndex, kind: AnswerKind, query: string, message: string): Answer {
  return {
    kind,
    query,
    text: null,
    message,
    citations: [],
    sources: [],
    corpusArticles: index.articles.length,
  };
}

/** "in 3 of 5 articles" — corroboration, said only when more than one article carries it. */
export function corroboration(sources: number, total: number): string {
  return sources > 1 ? ` (reported in ${sources} of ${total} articles)` : '';
}

/** Collapses whitespace and trims a user's query for echoing back. */
export function cleanQuery(query: string): string {
  return query.replace(/\s+/g, ' ').trim();
}

/** Help for a query of only common words, with examples taken from this corpus's own entities. */
export function noTermsMessage(index: DossierIndex): string {
  // The most mentioned entity of each kind (the first such, in index order).
  const top = new Map<string, { name: string; mentions: number }>();
  for (const e of index.entities) {
    const best = top.get(e.kind);
    if (!best || e.mentions.length > best.mentions)
      top.set(e.kind, { name: e.name, mentions: e.mentions.length });
  }
  const examples = (['person', 'place', 'organization'] as const)
    .map((kind) => top.get(kind)?.name)
    .filter((n): n is string => !!n)
    .map((n) => `“${n}”`);
  const hint = examples.length ? `, for example ${examples.join(', ')}` : '';
  return `Your question has only common words. Try a name, a place or a topic${hint}.`;
}

/**
 * The specific answer (a date, a place, a figure) was not in the passages: say so, and still show the
 * passages that match, which is the next best thing a reader can check for themselves.
 */
export function closestPassages(
  index: DossierIndex,
  kind: AnswerKind,
  query: string,
  message: string,
  hits: { pos: number; score: number; matched: string[] }[],
  offset: number,
): Answer {
  return {
    ...notFound(index, kind, query, message),
    ...citePage(
      index,
      hits.map((h) => ({ pos: h.pos, score: h.score, matched: h.matched })),
      offset,
    ),
    sources: sourcesOf(
      index,
      hits.map((h) => h.pos),
    ),
  };
}

/** Something an answerer ranked (a date, a place, a person), with the passages that support it. */
export interface Ranked {
  score: number;
  articles: Set<string>;
  /** Paragraph position → how strongly that paragraph supports it. */
  positions: Map<number, number>;
}

/** The best item and the runners-up worth naming beside it (at least `share` of the best score). */
export function leaders<T extends Ranked>(ranked: T[], share: number, runnersUp = 2): T[] {
  const best = ranked[0];
  if (!best) return [];
  return [best, ...ranked.slice(1, 1 + runnersUp).filter((r) => r.score >= best.score * share)];
}

/** Citation candidates for ranked items, each item's strongest passages first, in item order. */
export function candidatesFor<T extends Ranked>(
  items: T[],
  hits: { pos: number; matched: string[] }[],
  date?: (item: T) => string,
): Candidate[] {
  const matchedAt = new Map(hits.map((h) => [h.pos, h.matched]));
  return items.flatMap((item) =>
    [...item.positions.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([pos, score]) => {
        const c: Candidate = { pos, score, matched: matchedAt.get(pos) ?? [] };
        const d = date?.(item);
        if (d) c.date = d;
        return c;
      }),
  );
}

/** "Geneva (reported in 2 of 5 articles); also Ukraine." — the best item, its corroboration, runners-up. */
export function leadLine<T extends Ranked>(
  items: T[],
  label: (item: T) => string,
  totalArticles: number,
): string {
  const [best, ...also] = items;
  if (!best) return '';
  return (
    `${label(best)}${corroboration(best.articles.size, totalArticles)}` +
    (also.length ? `; also ${also.map(label).join(', ')}` : '') +
    '.'
  );
}
