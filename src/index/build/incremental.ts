/**
 * Builds that redo only what changed. The build worker keeps a `Builder` between builds: each
 * file's work (work.ts), the entities and each article's quotes of its last build. A new build of
 * the folder reuses every unchanged file's work and then runs the corpus-wide steps again on it:
 * clustering the name candidates into entities (about a second at 100k paragraphs), and the quotes
 * of only the articles whose entities changed.
 *
 * When the index now serving is the one the Builder last made, the result is an `IndexDelta`
 * (delta.ts): what changed, which the main thread applies to its index in place of decoding a new
 * one. Otherwise (the first build, or the serving index came from elsewhere) it is a whole index.
 * Either way its content is what a full build of the folder gives: the same steps on the same
 * input in the same order.
 */
import type { Article, Corpus, IngestError } from '../../corpus/types.js';
import { ClusterMemo, clusterCandidates, spotArticles } from '../tables/entities.js';
import { extractQuotes } from '../tables/quotes.js';
import { extractTimes } from '../tables/dates.js';
import type { Candidate } from '../tables/entities-spans.js';
import type { Entity, Mention, Quote } from '../tables/types.js';
import type { IndexDelta } from '../delta.js';
import { corpusVersion, type DossierIndex } from '../model.js';
import { buildIndex, type BuildOptions } from './build.js';
import { workFor, type FileWork, type ReadMemo } from './work.js';

/** What a Builder keeps of its last build. */
export interface BuildState {
  version: string;
  /** Each indexed file's work, in corpus order. */
  work: Map<string, FileWork>;
  entities: Entity[];
  /** Each article's quotes, by article id (articles without quotes left out). */
  quotes: Map<string, Quote[]>;
  errors: IngestError[];
}

export type Outcome = { kind: 'full'; index: DossierIndex } | { kind: 'delta'; delta: IndexDelta };

export class Builder {
  #state: BuildState | undefined;
  /**
   * What the last clustering made that the next may reuse (a cluster no change touched, say); none
   * for a Builder used once (filling it costs that one build about 1 s at 100k paragraphs).
   */
  #made: ClusterMemo | undefined;
  /** Whether `#made` is from a clustering of this state (else the next change clusters cold; `#prime`). */
  #warm = false;

  /** `once`: this Builder makes one build (a one-shot CLI's change): it keeps no clustering memo. */
  constructor(private readonly opts: { once?: boolean } = {}) {
    this.#made = this.#newMemo();
  }

  #newMemo(): ClusterMemo | undefined {
    return this.opts.once ? undefined : new ClusterMemo();
  }

  /** The work of the last build, by file (empty before the first): what a new build may reuse. */
  work(): ReadonlyMap<string, FileWork> {
    return this.#state?.work ?? new Map();
  }

  /** The version of the index this Builder made last. */
  version(): string | undefined {
    return this.#state?.version;
  }

  /**
   * Takes up the state of a build made elsewhere (an index loaded from its saved file, with the
   * work saved beside it; seed.ts), as if this Builder had made it.
   */
  adopt(state: BuildState): void {
    this.#state = state;
    this.#made = this.#newMemo();
    this.#warm = false;
  }

  /** Forgets the last build (its index was not put in service). */
  forget(): void {
    this.#state = undefined;
    this.#made = this.#newMemo();
    this.#warm = false;
  }

  /**
   * What the next change would otherwise do cold, done in a build that clustered nothing (a
   * reindex that found no change, after a start from the saved index): clusters the candidates once
   * (filling the memo; the entities are the last build's already) and reads one article's names and
   * dates again (that code then runs at full speed: the first new article took 0.2 s more, mostly
   * chrono's first parse). At 100k paragraphs this adds about 2 s to such a reindex, which the
   * change after it would otherwise add to itself.
   */
  #prime(work: Map<string, FileWork>): void {
    if (!this.#made || this.#warm) return;
    const first = work.values().next().value;
    if (first) {
      spotArticles([first.article]);
      extractTimes([first.article]);
    }
    clusterCandidates(allCandidates(work), this.#made);
    this.#warm = true;
  }

  /**
   * Builds from `corpus` (read with a `ReadMemo` over `work()`, so unchanged files give the very
   * same Article objects). `serving` is the version of the index
   * now in service: a delta is returned when it is the one this Builder made last.
   */
  build(corpus: Corpus, memo: ReadMemo, serving: string | undefined, opts: BuildOptions = {}): Outcome {
    const started = performance.now();
    const before = this.#state;
    const progress = opts.onProgress ?? (() => undefined);
    // Names and dates of the articles not read before, then the corpus-wide steps (two more).
    let steps = 0;
    const work = workFor(corpus.articles, memo, before?.work ?? new Map(), (done, total) =>
      progress('entities', done, (steps = total + 2)),
    );
    const change = before ? articleChange(before.work, work) : undefined;
    const same =
      before !== undefined && change !== undefined && change.added.length + change.removed.length === 0;
    const entities = same ? before.entities : clusterCandidates(allCandidates(work), this.#made);
    if (same) this.#prime(work);
    else this.#warm = true;
    const version = same ? before.version : corpusVersion(corpus.articles, (a) => work.get(a.file)!.digest);
    if (before && change && serving !== undefined && serving === before.version && !tooBig(change, work)) {
      const { delta, quotes } = deltaFrom(before, change, work, entities, version);
      progress('entities', steps, steps);
      delta.errors = corpus.errors;
      delta.buildMs = performance.now() - started;
      this.#state = { version, work, entities, quotes, errors: corpus.errors };
      return { kind: 'delta', delta };
    }
    const times = [...work.values()].flatMap((w) => w.times);
    const quotes = extractQuotes(corpus.articles, entities);
    progress('entities', steps, steps);
    const index = buildIndex(corpus, { ...opts, tables: { entities, times, quotes, version } });
    this.#state = {
      version: index.version,
      work,
      entities,
      quotes: byArticle(index.quotes),
      errors: corpus.errors,
    };
    return { kind: 'full', index };
  }
}

/** Every file's candidates, in corpus order, in one array (flatMap takes several times longer). */
function allCandidates(work: Map<string, FileWork>): Candidate[] {
  let n = 0;
  for (const w of work.values()) n += w.candidates.length;
  const out = new Array<Candidate>(n);
  let i = 0;
  for (const w of work.values()) for (const c of w.candidates) out[i++] = c;
  return out;
}

/**
 * A change this large is built whole instead: applying a change edits the serving search on the
 * thread that answers, in one step, at a cost that grows with the paragraphs it adds and removes;
 * a whole index is decoded in slices. (A new day can change every article: see work.ts.)
 */
const MOST_CHANGED_PARAGRAPHS = 2000;
const MOST_CHANGED_SHARE = 0.2;

/** The articles a build puts in and takes out, against the last one's (kept ones are the same objects). */
interface ArticleChange {
  added: Article[];
  removed: Article[];
}

function articleChange(before: Map<string, FileWork>, after: Map<string, FileWork>): ArticleChange {
  const kept = new Set<Article>();
  const added: Article[] = [];
  for (const w of after.values()) {
    if (before.get(w.article.file)?.article === w.article) kept.add(w.article);
    else added.push(w.article);
  }
  const removed = [...before.values()].map((w) => w.article).filter((a) => !kept.has(a));
  return { added, removed };
}

function tooBig(change: ArticleChange, after: Map<string, FileWork>): boolean {
  const paragraphs = (list: Iterable<Article>) => {
    let n = 0;
    for (const a of list) n += a.paragraphs.length;
    return n;
  };
  const changed = paragraphs(change.added) + paragraphs(change.removed);
  const total = paragraphs([...after.values()].map((w) => w.article));
  return changed > Math.max(MOST_CHANGED_PARAGRAPHS, MOST_CHANGED_SHARE * total);
}

/** A per-article list (quotes, times) grouped by article, each article's items in their order. */
export function byArticle<T extends { articleId: string }>(list: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of list) {
    let l = out.get(item.articleId);
    if (!l) out.set(item.articleId, (l = []));
    l.push(item);
  }
  return out;
}

/** The delta from the last build to this one, and every article's quotes after it. */
function deltaFrom(
  before: BuildState,
  { added, removed }: ArticleChange,
  work: Map<string, FileWork>,
  entities: Entity[],
  version: string,
): { delta: IndexDelta; quotes: Map<string, Quote[]> } {
  const change = entityChange(before.entities, entities);

  // Quotes are worked out per article from what the entities named in it say there: redo the
  // articles added, and those where that changed (see `namedIn`).
  const redo = new Set(added.map((a) => a.id));
  const touched = new Set<string>();
  for (const e of [...change.changed, ...change.old]) {
    if (e.kind === 'place') continue; // quotes never read places
    for (const m of e.mentions) if (!redo.has(m.articleId)) touched.add(m.articleId);
  }
  // Only the entities that may have moved among the others can make an article read differently.
  const moved = mayMove(entities, change);
  const was = namedIn(
    before.entities.filter((e) => moved.has(e.id)),
    touched,
  );
  const is = namedIn(
    entities.filter((e) => moved.has(e.id)),
    touched,
  );
  for (const id of touched) if (!sameRuns(was.get(id), is.get(id))) redo.add(id);
  const redoArticles: Article[] = [];
  for (const w of work.values()) if (redo.has(w.article.id)) redoArticles.push(w.article);
  // Every entity named in an article new to the corpus is a changed one: it gained the mentions there.
  const gone = new Set(removed.map((a) => a.id));
  const allNew = [...redo].every((id) => !gone.has(id) && added.some((a) => a.id === id));
  const changedIds = new Set(change.changed.map((e) => e.id));
  const candidates = allNew ? entities.filter((e) => changedIds.has(e.id)) : entities;
  const fresh = extractQuotes(redoArticles, namedOnly(namedIn(candidates, redo), redo));
  const quotes = new Map(before.quotes);
  for (const a of removed) quotes.delete(a.id);
  for (const id of redo) quotes.delete(id);
  for (const [id, list] of byArticle(fresh)) quotes.set(id, list);
  const delta: IndexDelta = {
    from: before.version,
    to: version,
    builtAt: Date.now(),
    buildMs: 0,
    removed: removed.map((a) => a.id),
    added,
    entities: { changed: change.changed, removed: change.removed },
    times: added.flatMap((a) => work.get(a.file)!.times),
    quotes: { articles: redoArticles.map((a) => a.id), quotes: fresh },
    errors: [],
  };
  return { delta, quotes };
}

/** `entityOrder` as a comparison: below 0 when `a` comes first, 0 for the same place. */
function compareOrder(a: Entity, b: Entity): number {
  return b.mentions.length - a.mentions.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The ids of the entities of `after` (in entityOrder) whose place among the others may not be what
 * it was: those changed, new or gone, and those whose place lies between a changed entity's old and
 * new places. Any other two entities stand in the same order in both lists.
 */
function mayMove(
  after: Entity[],
  change: { changed: Entity[]; removed: string[]; old: Entity[] },
): Set<string> {
  const ids = new Set([...change.changed.map((e) => e.id), ...change.removed]);
  const old = new Map(change.old.map((e) => [e.id, e]));
  for (const e of change.changed) {
    const o = old.get(e.id);
    if (!o) continue;
    const [first, last] = compareOrder(o, e) < 0 ? [o, e] : [e, o];
    let lo = 0;
    let hi = after.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareOrder(after[mid]!, first) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < after.length && compareOrder(after[i]!, last) <= 0; i++) ids.add(after[i]!.id);
  }
  return ids;
}

/** Mentions `from` to `to` (exclusive) of the entity at `at` in the list, all in one article. */
interface Run {
  at: number;
  entity: Entity;
  from: number;
  to: number;
}

/**
 * For each of `articles` (ids), what quote attribution reads of the entities there (quotes.ts reads
 * no more): each entity that is not a place and is named in the article, in the list's order, with
 * its id, kind, name and where and how it is named in that article, as runs of its mentions.
 *
 * Two articles' runs compare equal when only the entities that `mayMove` gives are listed: the
 * others are the same entities in both lists and stand in the same order among all of them.
 */
function namedIn(entities: Entity[], articles: Set<string>): Map<string, Run[]> {
  const out = new Map<string, Run[]>();
  if (articles.size === 0) return out;
  entities.forEach((entity, at) => {
    if (entity.kind === 'place') return;
    const { mentions } = entity;
    for (let i = 0; i < mentions.length;) {
      const id = mentions[i]!.articleId;
      let to = i + 1;
      while (to < mentions.length && mentions[to]!.articleId === id) to++;
      if (articles.has(id)) {
        let runs = out.get(id);
        if (!runs) out.set(id, (runs = []));
        runs.push({ at, entity, from: i, to });
      }
      i = to;
    }
  });
  return out;
}

/**
 * Whether two articles' runs (`namedIn`) read the same to quote attribution. It reads each entity
 * named there (its id, kind, name, and where and how it is named) and the entities' order only
 * where two of them are named by the same words in the same paragraph (quotes-spans.ts
 * `mentionSpans`: spans are taken by position, and the list's order only breaks exact ties). So an
 * entity that moved past another in the list changes nothing unless they share such a name.
 */
function sameRuns(a: Run[] | undefined, b: Run[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  // Mostly the very same runs in the same order: then they read the same, ties included.
  if (a.length === b.length) {
    const read = sameNamed(a, b);
    if (read !== undefined) return read;
  }
  const x = readOf(a);
  const y = readOf(b);
  if (x.ties !== y.ties || x.named.size !== y.named.size) return false;
  for (const [id, e] of x.named) {
    const f = y.named.get(id);
    if (!f || e.kind !== f.kind || e.name !== f.name || e.names.length !== f.names.length) return false;
    for (let i = 0; i < e.names.length; i++) if (e.names[i] !== f.names[i]) return false;
  }
  return true;
}

/**
 * `sameRuns` without building `readOf`'s strings, for runs of equal length: the same runs in the
 * same order read the same; so do the same runs in another order when no two entities that changed
 * places share a mention. Undefined when two such do (`readOf` then compares their ties).
 */
function sameNamed(a: Run[], b: Run[]): boolean | undefined {
  if (a.every((r, i) => sameRun(r, b[i]!))) return true;
  const at = new Map<string, number>();
  b.forEach((r, i) => at.set(r.entity.id, i));
  const order: number[] = [];
  for (const r of a) {
    const i = at.get(r.entity.id);
    if (i === undefined || !sameRun(r, b[i]!)) return false;
    order.push(i);
  }
  for (let i = 0; i < order.length; i++) {
    for (let j = i + 1; j < order.length; j++) {
      if (order[i]! > order[j]! && shareMention(a[i]!, a[j]!)) return undefined;
    }
  }
  return true;
}

/** Whether two runs name something by the same words in the same paragraph. */
function shareMention(x: Run, y: Run): boolean {
  for (let i = x.from; i < x.to; i++) {
    const m = x.entity.mentions[i]!;
    for (let j = y.from; j < y.to; j++) {
      const n = y.entity.mentions[j]!;
      if (m.paragraph === n.paragraph && m.surface === n.surface) return true;
    }
  }
  return false;
}

/** Two runs name the same entity (id, kind, name) by the same words in the same paragraphs. */
function sameRun(x: Run, y: Run): boolean {
  const e = x.entity;
  const f = y.entity;
  if (e.id !== f.id || e.kind !== f.kind || e.name !== f.name || x.to - x.from !== y.to - y.from)
    return false;
  for (let i = x.from, j = y.from; i < x.to; i++, j++) {
    const m = e.mentions[i]!;
    const n = f.mentions[j]!;
    if (m !== n && (m.paragraph !== n.paragraph || m.surface !== n.surface)) return false;
  }
  return true;
}

/**
 * An article's runs as `sameRuns` compares them: each entity's kind, name and mentions there (as
 * "paragraph|surface"), and, as one string, the order of the entities that share a mention.
 */
function readOf(runs: Run[]): {
  named: Map<string, { kind: string; name: string; names: string[] }>;
  ties: string;
} {
  const named = new Map<string, { kind: string; name: string; names: string[] }>();
  const byName = new Map<string, string[]>();
  for (const { entity, from, to } of runs) {
    let e = named.get(entity.id);
    if (!e) named.set(entity.id, (e = { kind: entity.kind, name: entity.name, names: [] }));
    for (let k = from; k < to; k++) {
      const m = entity.mentions[k]!;
      const at = `${m.paragraph}|${m.surface}`;
      e.names.push(at);
      const ids = byName.get(at);
      if (!ids) byName.set(at, [entity.id]);
      else if (ids[ids.length - 1] !== entity.id) ids.push(entity.id);
    }
  }
  const ties: string[] = [];
  for (const [at, ids] of byName) if (ids.length > 1) ties.push(`${at}\u0000${ids.join('\u0000')}`);
  return { named, ties: ties.sort().join('\u0001') };
}

/**
 * The entities named in `articles`, in the list's order, each with its mentions there only: what
 * quote attribution of those articles reads (it looks mentions up by their article and paragraph).
 */
function namedOnly(runs: Map<string, Run[]>, articles: Set<string>): Entity[] {
  const picked: Run[] = [];
  for (const id of articles) picked.push(...(runs.get(id) ?? []));
  picked.sort((x, y) => x.at - y.at || x.from - y.from);
  const out: Entity[] = [];
  for (let i = 0; i < picked.length;) {
    const { entity, at } = picked[i]!;
    const mentions: Mention[] = [];
    for (; i < picked.length && picked[i]!.at === at; i++) {
      const { from, to } = picked[i]!;
      for (let k = from; k < to; k++) mentions.push(entity.mentions[k]!);
    }
    out.push({ ...entity, mentions });
  }
  return out;
}

/** Entities new or different in `after`, the ids gone, and the old versions of those changed or gone. */
function entityChange(
  before: Entity[],
  after: Entity[],
): { changed: Entity[]; removed: string[]; old: Entity[] } {
  const old = new Map(before.map((e) => [e.id, e]));
  const changed: Entity[] = [];
  const previous: Entity[] = [];
  for (const e of after) {
    const o = old.get(e.id);
    old.delete(e.id);
    if (o && sameEntity(o, e)) continue;
    changed.push(e);
    if (o) previous.push(o);
  }
  const gone = [...old.values()];
  return { changed, removed: gone.map((e) => e.id), old: [...previous, ...gone] };
}

function sameEntity(a: Entity, b: Entity): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.name !== b.name) return false;
  // An entity made again from the same cluster shares its parts (EntityMemo, entities-output.ts).
  if (a.mentions === b.mentions && a.variants === b.variants && a.roles === b.roles) return true;
  if (a.mentions.length !== b.mentions.length || a.variants.length !== b.variants.length) return false;
  if (a.roles.length !== b.roles.length) return false;
  for (let i = 0; i < a.variants.length; i++) if (a.variants[i] !== b.variants[i]) return false;
  for (let i = 0; i < a.mentions.length; i++) {
    const x = a.mentions[i]!;
    const y = b.mentions[i]!;
    if (x.articleId !== y.articleId || x.paragraph !== y.paragraph || x.surface !== y.surface) return false;
  }
  return JSON.stringify(a.roles) === JSON.stringify(b.roles);
}
