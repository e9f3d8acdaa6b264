/**
 * A change to an index, as the build worker sends it and the saved index's change log keeps it: the
 * articles taken out and put in, and what that changed in the lookup tables. `applyDelta` makes the
 * index after the change from the index before it in a few milliseconds, with the same content a
 * full build of the changed folder gives (the worker computes the delta from a full build's own
 * steps, see build/incremental.ts); the search index is changed in place, not rebuilt.
 */
import type { Article, IngestError } from '../corpus/types.js';
import { entityOrder, type Entity, type Quote, type TimeMention } from './tables/types.js';
import { assembleIndex, isUnloaded, type DossierIndex, type SearchDoc } from './model.js';
import {
  changeSearch,
  checkedChange,
  inTree,
  madeAhead,
  materializeTerms,
  freeIdsAhead,
  plannedMoves,
} from './search/changes.js';
import { inChunks, run, type Build } from './derived.js';

export interface IndexDelta {
  /** The version of the index this applies to, and the version it makes. */
  from: string;
  to: string;
  /** When the change was made (ms since the epoch) and how long computing it took. */
  builtAt: number;
  buildMs: number;
  /** Ids of the articles taken out (a replaced article is taken out and put in again). */
  removed: string[];
  /** Articles put in, in corpus order. */
  added: Article[];
  /** Entities that are new or differ, whole; ids of the entities that are gone. */
  entities: { changed: Entity[]; removed: string[] };
  /** The time expressions of the added articles, in their order. */
  times: TimeMention[];
  /** The quotes of these articles are replaced by these (in article order). */
  quotes: { articles: string[]; quotes: Quote[] };
  /** The files that failed to ingest, after the change. */
  errors: IngestError[];
}

/** A delta's `from` is not the index it is applied to. */
class DeltaMismatch extends Error {
  override name = 'DeltaMismatch';
}

/** Code-unit order of file paths: the order the corpus is read in (load-corpus.ts). */
export function byFile(a: Pick<Article, 'file'>, b: Pick<Article, 'file'>): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

/**
 * The index after `delta`. `index.search` is changed in place and belongs to the result: `index`
 * must not serve afterwards.
 */
export function applyDelta(index: DossierIndex, delta: IndexDelta): DossierIndex {
  const { next, commit } = run(prepareDeltaSteps(index, delta));
  commit();
  // Nothing is warmed between the steps here (a load replaying its change log): keep no link.
  next.derived.forget();
  return next;
}

/**
 * `applyDelta` in two steps, so a serving process can build the next index's other tables while
 * `index` still serves: `next` is whole except for its search (still `index.search`, unchanged:
 * nothing may read it yet), and `commit()` changes the search in place (a few ms), after which
 * `next` is whole and `index` must not serve; it gives the terms it wrote, whose postings it left
 * as Maps (`repackTerms` packs them again). Made in steps (a Build, derived.ts) for a process
 * that keeps answering meanwhile: each walks at most a few thousand paragraphs or items, where
 * the whole takes tens of ms at 100k paragraphs.
 */
export function* prepareDeltaSteps(
  index: DossierIndex,
  delta: IndexDelta,
): Build<{ next: DossierIndex; commit: () => string[] }> {
  if (delta.from !== index.version) {
    throw new DeltaMismatch(`the change is for index ${delta.from}, not ${index.version}`);
  }
  const removed = new Set(delta.removed);
  const added = new Set(delta.added);
  const articles = mergeSorted(
    index.articles.filter((a) => !removed.has(a.id)),
    delta.added,
    byFile,
  );
  yield;
  const { paragraphs, moved, docs } = yield* layOut(index, articles, added);
  const commit = isUnloaded(index.search)
    ? () => ((change.freed = []), []) // no search to change (model.ts `unloadedSearch`)
    : yield* searchCommit(index, removedDocs(index, removed), moved, docs, () => change);
  const entities = changedEntities(index.entities, delta.entities);
  yield;
  const times = yield* regroup(index.times, articles, removed, delta.added, delta.times);
  const quotes = yield* regroup(
    index.quotes,
    articles,
    new Set([...removed, ...delta.quotes.articles]),
    delta.quotes.articles,
    delta.quotes.quotes,
  );
  const next = assembleIndex({
    version: delta.to,
    builtAt: new Date(delta.builtAt),
    buildMs: delta.buildMs,
    articles,
    paragraphs,
    search: index.search,
    entities,
    times,
    quotes,
    errors: delta.errors,
  });
  const change = new IndexChange(index, next, { removed, added, moved });
  next.derived.carryFrom(change);
  return { next, commit };
}

/**
 * The step that changes `index.search` in place (`prepareDeltaSteps`): documents `gone` out, the
 * kept ones `moved`, `docs` in. Checked, and the added documents' known terms looked up, ahead: the
 * commit's one step does less; so are the packed postings it will write made Maps. It records the
 * freed ids on the `change` made meanwhile.
 */
function* searchCommit(
  index: DossierIndex,
  gone: SearchDoc[],
  moved: Int32Array,
  docs: SearchDoc[],
  change: () => IndexChange,
): Build<() => string[]> {
  yield;
  const searchChange = checkedChange(index.search, { removed: gone, moved, added: docs });
  yield;
  if (searchChange.checked) searchChange.moves = yield* plannedMoves(index.search, moved);
  if (searchChange.checked) searchChange.holes = yield* freeIdsAhead(index.search, docs.length);
  const made = yield* madeAhead(index.search, [...gone, ...docs]);
  searchChange.made = made;
  searchChange.ahead = inTree(index.search, made.all);
  yield;
  yield* materializeTerms(index.search, made.all);
  // A change of the tables only (entities, quotes, errors) leaves every document where it was.
  return () => {
    if (gone.length === 0 && docs.length === 0) {
      change().freed = [];
      return [];
    }
    const { freed, touched } = changeSearch(index.search, searchChange);
    change().freed = freed;
    return touched;
  };
}

/**
 * What a change did, as the tables carried over to the next index (derived.ts, `Carry`) read it: the
 * articles taken out and put in, where each paragraph and each entity went.
 */
export class IndexChange {
  /**
   * Once committed: the short ids of the search documents taken out (the added ones may hold some
   * of them again; none for a change that left the search alone). Unset before the commit.
   */
  freed: number[] | undefined;
  #paragraphFrom: Int32Array | undefined;
  #entityMoves: Int32Array | undefined;
  #freshEntities: number[] | undefined;

  constructor(
    readonly previous: DossierIndex,
    readonly next: DossierIndex,
    readonly articles: {
      /** Ids of the articles taken out (a replaced article's too). */
      removed: Set<string>;
      /** The articles put in (objects of `next.articles`). */
      added: Set<Article>;
      /** Each paragraph's position in `next`, by its position in `previous` (-1: taken out). */
      moved: Int32Array;
    },
  ) {}

  /** Each paragraph's position in `previous`, by its position in `next` (-1: put in). */
  paragraphFrom(): Int32Array {
    if (!this.#paragraphFrom) {
      const { moved } = this.articles;
      const from = new Int32Array(this.next.paragraphs.length).fill(-1);
      for (let at = 0; at < moved.length; at++) if (moved[at]! >= 0) from[moved[at]!] = at;
      this.#paragraphFrom = from;
    }
    return this.#paragraphFrom;
  }

  /**
   * Each entity's position in `next.entities`, by its position in `previous.entities`, for an entity
   * the change kept as it was (the same object); -1 for one that went or changed.
   */
  entityMoves(): Int32Array {
    if (!this.#entityMoves) {
      const before = this.previous.entities;
      const after = this.next.entities;
      const moves = new Int32Array(before.length).fill(-1);
      // Both lists are in entity order, kept entities the same objects with the same place in it:
      // one walk finds them (one out of that order would only be taken for a changed one).
      for (let i = 0, j = 0; i < before.length; i++) {
        while (j < after.length && entityOrder(after[j]!, before[i]!) < 0) j++;
        if (after[j] === before[i]) moves[i] = j++;
      }
      this.#entityMoves = moves;
    }
    return this.#entityMoves;
  }

  /** Positions in `next.entities` of the entities that are not kept as they were, ascending. */
  freshEntities(): number[] {
    if (!this.#freshEntities) {
      const kept = new Uint8Array(this.next.entities.length);
      for (const to of this.entityMoves()) if (to >= 0) kept[to] = 1;
      const out: number[] = [];
      for (let i = 0; i < kept.length; i++) if (!kept[i]) out.push(i);
      this.#freshEntities = out;
    }
    return this.#freshEntities;
  }
}

/**
 * Two lists each sorted by `order`, merged (`b` is short: the articles or entities a change adds); on
 * a tie `a`'s item first, as a stable sort of `[...a, ...b]` would put them.
 */
function mergeSorted<T>(a: T[], b: T[], order: (x: T, y: T) => number): T[] {
  if (b.length === 0) return a;
  const out: T[] = [];
  let j = 0;
  for (const x of a) {
    while (j < b.length && order(b[j]!, x) < 0) out.push(b[j++]!);
    out.push(x);
  }
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** The flat paragraph list after the change, where each kept paragraph moved, and the new documents. */
function* layOut(
  index: DossierIndex,
  articles: Article[],
  added: Set<Article>,
): Build<{ paragraphs: DossierIndex['paragraphs']; moved: Int32Array; docs: SearchDoc[] }> {
  const start = new Map<Article, number>();
  let pos = 0;
  for (const a of index.articles) {
    start.set(a, pos);
    pos += a.paragraphs.length;
  }
  const out = {
    paragraphs: [] as DossierIndex['paragraphs'],
    moved: new Int32Array(index.paragraphs.length).fill(-1),
    docs: [] as SearchDoc[],
  };
  yield;
  for (let i = 0; i < articles.length;) {
    i = layOutSome(articles, i, out, (a) => (added.has(a) ? undefined : start.get(a)));
    yield;
  }
  return out;
}

/** Lays out articles from `i` on until some thousands of paragraphs are placed; the next `i`. */
function layOutSome(
  articles: Article[],
  i: number,
  out: { paragraphs: DossierIndex['paragraphs']; moved: Int32Array; docs: SearchDoc[] },
  startOf: (a: Article) => number | undefined,
): number {
  const { paragraphs, moved, docs } = out;
  const stop = paragraphs.length + STEP_ITEMS;
  for (; i < articles.length && paragraphs.length < stop; i++) {
    const a = articles[i]!;
    const from = startOf(a);
    a.paragraphs.forEach((p, j) => {
      const id = paragraphs.length;
      if (from === undefined) docs.push({ id, text: p.text, section: p.section ?? '', title: a.title });
      else moved[from + j] = id;
      paragraphs.push(p);
    });
  }
  return i;
}

/** Paragraphs or list items a step of `prepareDeltaSteps` walks, about. */
const STEP_ITEMS = 4096;

/** The search documents of the removed articles, as they were added (ids are old positions). */
function removedDocs(index: DossierIndex, removed: Set<string>): SearchDoc[] {
  const docs: SearchDoc[] = [];
  let pos = 0;
  for (const a of index.articles) {
    if (removed.has(a.id)) {
      a.paragraphs.forEach((p, j) =>
        docs.push({ id: pos + j, text: p.text, section: p.section ?? '', title: a.title }),
      );
    }
    pos += a.paragraphs.length;
  }
  return docs;
}

function changedEntities(before: Entity[], change: IndexDelta['entities']): Entity[] {
  if (change.changed.length === 0 && change.removed.length === 0) return before;
  const out = new Set(change.removed);
  for (const e of change.changed) out.add(e.id);
  // `before` is in entity order: the kept ones stay so, and the changed ones (few) are merged in.
  return mergeSorted(
    before.filter((e) => !out.has(e.id)),
    [...change.changed].sort(entityOrder),
    entityOrder,
  );
}

/**
 * A per-article list (times, quotes: each in article order, an article's items together) after the
 * change: the items of `dropped` articles go, the `fresh` items of the `replacing` articles come in
 * at their articles' places.
 */
function* regroup<T extends { articleId: string }>(
  before: T[],
  articles: Article[],
  dropped: Set<string>,
  replacing: (Article | string)[],
  fresh: T[],
): Build<T[]> {
  const byArticle = new Map<string, T[]>();
  const add = (item: T) => {
    let list = byArticle.get(item.articleId);
    if (!list) byArticle.set(item.articleId, (list = []));
    list.push(item);
  };
  yield* inChunks(before.length, STEP_ITEMS, (from, to) => {
    for (let i = from; i < to; i++) if (!dropped.has(before[i]!.articleId)) add(before[i]!);
  });
  const replaced = new Set(replacing.map((r) => (typeof r === 'string' ? r : r.id)));
  for (const id of replaced) byArticle.delete(id);
  for (const item of fresh) add(item);
  const out: T[] = [];
  yield* inChunks(articles.length, STEP_ITEMS / 16, (from, to) => {
    for (let i = from; i < to; i++) {
      const list = byArticle.get(articles[i]!.id);
      if (list) for (const item of list) out.push(item);
    }
  });
  return out;
}
