/** Shared pieces of every answerer: citations from paragraphs, near-duplicate folding, sources. */
import type { Article } from '../corpus/types.js';
import { CHUNK, defineScratch, defineTable } from '../index/derived.js';
import type { DossierIndex } from '../index/model.js';
import { positionAt, termBridgeOf, termTableIfBuilt } from './tables.js';
import { contentSet } from '../index/search/content-overlap.js';
import { copyTableIfBuilt } from '../index/search/copies.js';
import { articleTotal, type Scope } from './filter.js';
import { highlightsIn } from './tokens.js';
import type { Answer, AnswerKind, Citation, Source } from './types.js';

/** Up to this many cited paragraphs per answer. */
const MAX_CITATIONS = 3;
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

function citationFor(index: DossierIndex, c: Candidate): Citation | undefined {
  const p = index.paragraphs[c.pos];
  const article = p && index.articleById.get(p.articleId);
  if (!p || !article) return undefined;
  const citation: Citation = {
    ...sourceOf(article),
    paragraph: p.n,
    text: p.text,
    highlights: highlightsIn(p.text, c.matched),
  };
  if (c.date) citation.date = c.date;
  return citation;
}

/** Word ids (typed, compact). */
type WordIds = Int32Array | Uint16Array;

/** A cited passage and the near-duplicates of it folded in, before it is turned into a citation. */
export interface Group {
  candidate: Candidate;
  /** Its content words, as word ids. */
  words: WordIds;
  articleIds: Set<string>;
  alsoIn: { articleId: string; title: string; paragraph: number }[];
  /** The positions of the passage and of every copy folded into it, in rank order. */
  positions: number[];
}

/**
 * Ranked candidates folded into distinct passages, best first, at most `max`: a near-duplicate of an
 * earlier passage from another article joins that passage's `alsoIn` instead. Only the words of each
 * passage are looked at here (from the per-index term table when it is built); citations (with
 * highlights) are made for the passages shown.
 *
 * Which earlier passages to compare with is found by prefix filtering (as in set-similarity joins):
 * with every word set in one global order (rarest words first, in the term table), two sets with a
 * Jaccard similarity of at least t share a word among the first |A| − ⌈t·|A|⌉ + 1 of each. So only
 * the groups that share such a word are compared, in group order, and the first near-duplicate wins.
 *
 * A word-for-word copy of a passage already folded (a syndicated story's copies are mostly that) is
 * not compared again: it goes where that passage went, unless a group passed over then for holding
 * the passage's own article could take it, or that group holds the copy's article already.
 */
export function foldGroups(index: DossierIndex, ranked: Candidate[], max: number): Group[] {
  const groups: Group[] = [];
  const seen = new Set<number>();
  // Groups without content words: the only ones a passage without any can duplicate.
  const empty: number[] = [];
  const terms = termsOf(index);
  const copies = copyTableIfBuilt(index)?.first;
  // Per distinct text folded so far (by the position of its first copy, or by the text): where it
  // went and the earlier groups passed over for holding its article.
  const folded = new Map<number | string, { group: number; passed: number[] }>();
  // Working space reused from call to call (a fold runs for every answer): per word, the groups
  // holding it among the first words of their set (see above), as linked entries; per word, the
  // stamp of the passage being compared.
  const f = foldScratch.get(index);
  const call = nextStamp(f);
  let entries = 0;
  for (const c of ranked) {
    if (groups.length >= max) break;
    if (seen.has(c.pos)) continue;
    seen.add(c.pos);
    const p = index.paragraphs[c.pos];
    const article = p && index.articleById.get(p.articleId);
    if (!p || !article) continue;
    const set = terms.at(c.pos, p.text);
    const key = copies ? copies[c.pos]! : p.text;
    const before = folded.get(key);
    let dup = -1;
    if (before && !groups[before.group]!.articleIds.has(article.id)) {
      for (const g of before.passed) {
        if (!groups[g]!.articleIds.has(article.id) && similarSets(groups[g]!.words, set)) {
          dup = g;
          break;
        }
      }
      if (dup < 0) dup = before.group;
    } else {
      const passed: number[] = [];
      dup = compareWithGroups(f, groups, empty, set, article.id, call, passed);
      if (!before) folded.set(key, { group: dup >= 0 ? dup : groups.length, passed });
    }
    if (dup >= 0) {
      const group = groups[dup]!;
      group.articleIds.add(article.id);
      group.alsoIn.push({ articleId: article.id, title: article.title, paragraph: p.n });
      group.positions.push(c.pos);
      continue;
    }
    const g = groups.length;
    const prefix = prefixLength(set.length);
    if (f.met.length <= g) growGroups(f, 2 * (g + 1));
    if (f.next.length < entries + prefix) growEntries(f, 2 * (entries + prefix));
    for (let i = 0; i < prefix; i++) {
      const w = set[i]!;
      f.next[entries] = f.headStamp[w] === call ? f.head[w]! : -1;
      f.group[entries] = g;
      f.head[w] = entries++;
      f.headStamp[w] = call;
    }
    if (set.length === 0) empty.push(g);
    groups.push({
      candidate: c,
      words: set,
      articleIds: new Set([article.id]),
      alsoIn: [],
      positions: [c.pos],
    });
  }
  return groups;
}

/**
 * The first group (in group order) that a passage with these words from this article is a
 * near-duplicate of, or -1; the groups passed over for holding the article already go in `passed`.
 */
function compareWithGroups(
  f: FoldScratch,
  groups: Group[],
  empty: number[],
  set: WordIds,
  articleId: string,
  call: number,
  passed: number[],
): number {
  if (set.length === 0) {
    for (const g of empty) {
      if (!groups[g]!.articleIds.has(articleId)) return g;
      passed.push(g);
    }
    return -1;
  }
  if (f.head.length <= set[set.length - 1]!) growWords(f, set[set.length - 1]! + 1);
  const epoch = nextStamp(f);
  let compared = 0;
  const prefix = prefixLength(set.length);
  for (let i = 0; i < prefix; i++) {
    const w = set[i]!;
    if (f.headStamp[w] !== call) continue;
    for (let e = f.head[w]!; e >= 0; e = f.next[e]!) {
      const g = f.group[e]!;
      if (f.met[g] !== epoch) {
        f.met[g] = epoch;
        f.compare[compared++] = g;
      }
    }
  }
  if (compared === 0) return -1;
  for (let i = 0; i < set.length; i++) f.mark[set[i]!] = epoch;
  // In group order: the first near-duplicate wins.
  const compare = f.compare.subarray(0, compared).sort();
  for (let i = 0; i < compared; i++) {
    const g = compare[i]!;
    const group = groups[g]!;
    if (group.articleIds.has(articleId)) {
      passed.push(g);
      continue;
    }
    const words = group.words;
    // Reading the group's words stops once too many are missing for the two to be this similar.
    let misses = words.length - leastShared(words.length, set.length);
    if (misses < 0) continue;
    let inter = 0;
    for (let j = 0; j < words.length; j++) {
      if (f.mark[words[j]!] === epoch) inter++;
      else if (--misses < 0) break;
    }
    if (misses < 0) continue;
    const union = words.length + set.length - inter;
    if ((union === 0 ? 1 : inter / union) >= NEAR_DUPLICATE) return g;
  }
  return -1;
}

/**
 * The fewest words two sets of sizes `a` and `b` (not both empty) must share to be near-duplicates
 * by compareWithGroups' test (the share it tests grows with the words shared).
 */
function leastShared(a: number, b: number): number {
  let inter = Math.max(0, Math.floor((NEAR_DUPLICATE * (a + b)) / (1 + NEAR_DUPLICATE)) - 1);
  const most = Math.min(a, b);
  while (inter <= most && inter / (a + b - inter) < NEAR_DUPLICATE) inter++;
  // More than either holds: they cannot be.
  return Math.min(inter, most + 1);
}

/** Whether two word sets (each in ascending id order) are near-duplicates. */
function similarSets(a: WordIds, b: WordIds): boolean {
  let inter = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i]! === b[j]!) {
      inter++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  const union = a.length + b.length - inter;
  return (union === 0 ? 1 : inter / union) >= NEAR_DUPLICATE;
}

/**
 * foldGroups' reused working space: per word id, per group, per (word, group) entry, and the last
 * stamp given out.
 */
type FoldScratch = Record<
  'head' | 'headStamp' | 'mark' | 'met' | 'compare' | 'next' | 'group',
  Int32Array
> & {
  stamp: number;
};

/** Each index's fold working space (word ids are its term table's), grown as needed. */
const foldScratch = defineScratch('fold working space', (): FoldScratch => ({
  head: new Int32Array(0),
  headStamp: new Int32Array(0),
  mark: new Int32Array(0),
  met: new Int32Array(0),
  compare: new Int32Array(0),
  next: new Int32Array(0),
  group: new Int32Array(0),
  stamp: 0,
}));

/** A stamp no slot of the working space holds yet (wrapping clears them all). */
function nextStamp(f: FoldScratch): number {
  if (++f.stamp === 0x7fffffff) {
    f.headStamp.fill(0);
    f.mark.fill(0);
    f.met.fill(0);
    f.stamp = 1;
  }
  return f.stamp;
}

function grown(a: Int32Array, size: number, keep: boolean): Int32Array {
  const b = new Int32Array(size);
  if (keep) b.set(a);
  return b;
}

function growWords(f: FoldScratch, size: number) {
  const n = Math.max(size, 2 * f.head.length);
  f.head = grown(f.head, n, true);
  f.headStamp = grown(f.headStamp, n, true);
  f.mark = grown(f.mark, n, true);
}

function growGroups(f: FoldScratch, size: number) {
  f.met = grown(f.met, size, true);
  f.compare = grown(f.compare, size, false);
}

function growEntries(f: FoldScratch, size: number) {
  f.next = grown(f.next, size, true);
  f.group = grown(f.group, size, true);
}

/** How many of a set's first words (in the global order) any set this similar must share one of. */
function prefixLength(size: number): number {
  return Math.min(size, size - Math.ceil(NEAR_DUPLICATE * size) + 1);
}

export function citationOf(index: DossierIndex, g: Group): Citation {
  const citation = citationFor(index, g.candidate)!;
  if (g.alsoIn.length) citation.alsoIn = g.alsoIn.map((a) => ({ ...a }));
  return citation;
}

/**
 * The distinct content words of the paragraph at a position, as word ids in one order for all
 * (rarest first): from the index's term table when warm.ts has built it, else tokenised here (ids
 * then valid within this one call, in the order first met).
 */
function termsOf(index: DossierIndex): { at(pos: number, text: string): WordIds } {
  const table = termTableIfBuilt(index);
  if (table) {
    return {
      at: (pos) => table.ids.subarray(table.start[pos]!, table.start[pos + 1]!),
    };
  }
  const bridge = termBridgeOf(index);
  if (bridge) {
    const { previous, from, added } = bridge;
    return {
      at: (pos) => {
        const was = from[pos]!;
        return was >= 0
          ? previous.ids.subarray(previous.start[was]!, previous.start[was + 1]!)
          : added.get(pos)!;
      },
    };
  }
  const ids = new Map<string, number>();
  return {
    at: (_pos, text) => {
      const out: number[] = [];
      for (const t of contentSet(text)) {
        let id = ids.get(t);
        if (id === undefined) ids.set(t, (id = ids.size));
        out.push(id);
      }
      return Int32Array.from(out).sort();
    },
  };
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
function citeSlice(
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
  const order = articleOrder.get(index);
  const at = new Set<number>();
  for (const pos of positions) {
    const p = index.paragraphs[pos];
    for (const i of (p && order.get(p.articleId)) ?? []) at.add(i);
  }
  return [...at].sort((a, b) => a - b).map((i) => sourceOf(index.articles[i]!));
}

/** Article id → its position(s) in `index.articles`. */
const articleOrder = defineTable('article order', function* (index) {
  const order = new Map<string, number[]>();
  for (let i = 0; i < index.articles.length; i++) {
    const id = index.articles[i]!.id;
    const list = order.get(id);
    if (list) list.push(i);
    else order.set(id, [i]);
    if (i % CHUNK === CHUNK - 1) yield;
  }
  return order;
});

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

const WHITESPACE_RUN = /\s+/g;

/** Collapses whitespace and trims a user's query for echoing back. */
export function collapseWhitespace(query: string): string {
  return query.replace(WHITESPACE_RUN, ' ').trim();
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
function leadLine<T extends Ranked>(items: T[], label: (item: T) => string, totalArticles: number): string {
  const [best, ...also] = items;
  if (!best) return '';
  return (
    `${label(best)}${corroboration(best.articles.size, totalArticles)}` +
    (also.length ? `; also ${also.map(label).join(', ')}` : '') +
    '.'
  );
}

/**
 * The answer naming the leading items (the best and the runners-up within `share` of it) in one line,
 * citing each item's strongest passages in turn; its sources are the best item's.
 */
export function leadersAnswer<T extends Ranked>(
  index: DossierIndex,
  kind: AnswerKind,
  query: string,
  offset: number,
  lead: {
    ranked: T[];
    share: number;
    hits: { pos: number; matched: string[] }[];
    label: (item: T) => string;
    date?: (item: T) => string;
  },
  scope?: Scope,
): Answer {
  const leading = leaders(lead.ranked, lead.share);
  const text = leadLine(leading, lead.label, articleTotal(index, scope));
  const candidates = candidatesFor(leading, lead.hits, lead.date);
  return {
    kind,
    query,
    text,
    ...citePage(index, candidates, offset),
    sources: sourcesOf(index, lead.ranked[0]!.positions.keys()),
    corpusArticles: index.articles.length,
  };
}

const END_MARKS = /[?!.]+\s*$/;

/** A question without its closing marks ("…?", "…!"). */
export function withoutEndMarks(text: string): string {
  return text.replace(END_MARKS, '');
}
