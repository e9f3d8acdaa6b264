/**
 * Per-index lookup tables derived from the index's plain lists, kept with the index
 * (`defineTable`, src/index/derived.ts, so the index itself stays plain data and the tables go with it).
 *
 * Each table is built by a generator that yields every few thousand items: a question that needs a
 * table nobody built yet builds it at once, while warm-up (src/serve/warm.ts) builds them in slices
 * before an index is put in service, so no question waits for them at 100k paragraphs.
 */
import { CHUNK, defineScratch, defineTable, inChunks, type Build } from '../index/derived.js';
import { contentSet } from '../index/search/content-overlap.js';
import type { IndexChange } from '../index/delta.js';
import type { DossierIndex } from '../index/model.js';
import type { Entity, Quote, TimeMention } from '../index/tables/types.js';
import { paragraphTerms, type ParagraphTerms } from '../index/search/paragraph-terms.js';

const positions = defineTable('paragraph positions', function* (index) {
  const byArticle = new Map<string, number[]>();
  for (let pos = 0; pos < index.paragraphs.length; pos++) {
    const p = index.paragraphs[pos]!;
    let list = byArticle.get(p.articleId);
    if (!list) byArticle.set(p.articleId, (list = []));
    list[p.n] = pos;
    if (pos % CHUNK === CHUNK - 1) yield;
  }
  return byArticle;
});

/**
 * A paragraph's position from its article id and number (its place in `index.paragraphs`), without
 * building a `${articleId}#${n}` key per lookup (hundreds of thousands of mentions at 100k paragraphs).
 */
export function positionAt(index: DossierIndex, articleId: string, n: number): number | undefined {
  return positions.get(index).get(articleId)?.[n];
}

function* positionsMap<T extends { articleId: string; paragraph: number }>(
  index: DossierIndex,
  items: T[],
): Build<Map<number, T[]>> {
  const byArticle = yield* positionsOf(index);
  const map = new Map<number, T[]>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const pos = byArticle.get(item.articleId)?.[item.paragraph];
    if (pos !== undefined) {
      const list = map.get(pos);
      if (list) list.push(item);
      else map.set(pos, [item]);
    }
    if (i % CHUNK === CHUNK - 1) yield;
  }
  return map;
}

/** The positions table, built (in steps) if it is not yet. */
function* positionsOf(index: DossierIndex): Build<Map<string, number[]>> {
  yield* positions.warm(index);
  return positions.get(index);
}

const times = defineTable('times by paragraph', (index) => positionsMap(index, index.times), {
  *carry(before, change, index) {
    // The kept articles' entries move (in the same order); the added articles' come in at their place.
    const { moved, added } = change.articles;
    const ids = new Set([...added].map((a) => a.id));
    const fresh = [
      ...(yield* positionsMap(
        index,
        index.times.filter((t) => ids.has(t.articleId)),
      )),
    ];
    const map = new Map<number, TimeMention[]>();
    let j = 0;
    before.forEach((list, q) => {
      const p = moved[q]!;
      if (p < 0) return;
      for (; j < fresh.length && fresh[j]![0] < p; j++) map.set(fresh[j]![0], fresh[j]![1]);
      map.set(p, list.slice());
    });
    for (; j < fresh.length; j++) map.set(fresh[j]![0], fresh[j]![1]);
    return map;
  },
});

/** Time expressions by paragraph position. */
export function timesByParagraph(index: DossierIndex): Map<number, TimeMention[]> {
  return times.get(index);
}

/**
 * Who is named in each paragraph, compactly: for paragraph position p, the pairs
 * `entity[i], mention[i]` for i from `start[p]` to `start[p + 1]` (positions in `index.entities` and
 * in that entity's `mentions`), in entity order, then mention order.
 */
interface MentionTable {
  start: Int32Array;
  entity: Int32Array;
  mention: Int32Array;
}

const mentions = defineTable('entities by paragraph', (index) => fileMentions(index), {
  carry: carryMentions,
});

/** The pairs of the entities at positions `only` (ascending; default all), by paragraph. */
function* fileMentions(index: DossierIndex, only?: number[]): Build<MentionTable> {
  const byArticle = yield* positionsOf(index);
  const n = index.paragraphs.length;
  const which = only ?? Array.from(index.entities.keys());
  // Two passes: count per paragraph, then fill (entities in order, so each paragraph's list is too).
  const start = new Int32Array(n + 1);
  let done = 0;
  for (const ei of which) {
    for (const m of index.entities[ei]!.mentions) {
      const pos = byArticle.get(m.articleId)?.[m.paragraph];
      if (pos !== undefined) start[pos + 1]!++;
      if (++done % CHUNK === 0) yield;
    }
  }
  for (let p = 0; p < n; p++) start[p + 1]! += start[p]!;
  const fill = start.slice(0, n);
  const entity = new Int32Array(start[n]!);
  const mention = new Int32Array(start[n]!);
  for (const ei of which) {
    const list = index.entities[ei]!.mentions;
    for (let mi = 0; mi < list.length; mi++) {
      const m = list[mi]!;
      const pos = byArticle.get(m.articleId)?.[m.paragraph];
      if (pos !== undefined) {
        const at = fill[pos]!++;
        entity[at] = ei;
        mention[at] = mi;
      }
      if (++done % CHUNK === 0) yield;
    }
  }
  return { start, entity, mention };
}

/**
 * The table of the next index from the previous one's: a kept paragraph keeps the pairs of the kept
 * entities (at their new positions, in the same order), merged with those of the other entities,
 * which are filed as a build files them.
 */
function* carryMentions(before: MentionTable, change: IndexChange, index: DossierIndex): Build<MentionTable> {
  const moves = change.entityMoves().slice();
  const from = change.paragraphFrom();
  // A kept entity named in a paragraph taken out may be named in one put in (an article replaced
  // by one that names it at the same place): it is filed again, as the fresh ones are.
  const again = new Set(change.freshEntities());
  change.articles.moved.forEach((to, q) => {
    if (to >= 0) return;
    for (let i = before.start[q]!; i < before.start[q + 1]!; i++) {
      const e = moves[before.entity[i]!]!;
      if (e >= 0) again.add(e);
      moves[before.entity[i]!] = -1;
    }
  });
  const added = yield* fileMentions(
    index,
    [...again].sort((a, b) => a - b),
  );
  const n = index.paragraphs.length;
  const start = new Int32Array(n + 1);
  // The loops are plain functions run in pieces (`inChunks`), so V8 optimises them as they run.
  yield* inChunks(n, CHUNK * 16, (lo, hi) => {
    for (let p = lo; p < hi; p++) {
      let count = added.start[p + 1]! - added.start[p]!;
      const q = from[p]!;
      if (q >= 0)
        for (let i = before.start[q]!; i < before.start[q + 1]!; i++)
          if (moves[before.entity[i]!]! >= 0) count++;
      start[p + 1] = start[p]! + count;
    }
  });
  const entity = new Int32Array(start[n]!);
  const mention = new Int32Array(start[n]!);
  yield* inChunks(n, CHUNK * 8, (lo, hi) => {
    for (let p = lo; p < hi; p++) {
      let at = start[p]!;
      let j = added.start[p]!;
      const jEnd = added.start[p + 1]!;
      const q = from[p]!;
      for (let i = q >= 0 ? before.start[q]! : 0, end = q >= 0 ? before.start[q + 1]! : 0; i < end; i++) {
        const e = moves[before.entity[i]!]!;
        if (e < 0) continue;
        for (; j < jEnd && added.entity[j]! < e; j++, at++) {
          entity[at] = added.entity[j]!;
          mention[at] = added.mention[j]!;
        }
        entity[at] = e;
        mention[at++] = before.mention[i]!;
      }
      for (; j < jEnd; j++, at++) {
        entity[at] = added.entity[j]!;
        mention[at] = added.mention[j]!;
      }
    }
  });
  return { start, entity, mention };
}

/** An entity named in a paragraph, with the words that name it there (in mention order). */
export interface NamedIn {
  entity: Entity;
  surfaces: string[];
}

/** The entities named in the paragraph at `pos`, in entity order. */
export function entitiesAt(index: DossierIndex, pos: number): NamedIn[] {
  const t = mentions.get(index);
  const out: NamedIn[] = [];
  for (let i = t.start[pos] ?? 0, end = t.start[pos + 1] ?? 0; i < end; i++) {
    const entity = index.entities[t.entity[i]!]!;
    const surface = entity.mentions[t.mention[i]!]!.surface;
    const last = out[out.length - 1];
    if (last?.entity === entity) last.surfaces.push(surface);
    else out.push({ entity, surfaces: [surface] });
  }
  return out;
}

const quotes = defineTable('quotes by speaker', function* (index): Build<Map<string, Quote[]>> {
  const map = new Map<string, Quote[]>();
  for (let i = 0; i < index.quotes.length; i++) {
    const q = index.quotes[i]!;
    const list = map.get(q.entityId);
    if (list) list.push(q);
    else map.set(q.entityId, [q]);
    if (i % CHUNK === CHUNK - 1) yield;
  }
  return map;
});

/** Quotes by speaker entity id. */
export function quotesBySpeaker(index: DossierIndex): Map<string, Quote[]> {
  return quotes.get(index);
}

const terms = defineTable('paragraph terms', (index) => paragraphTerms(index), { readsSearch: true });

/**
 * The distinct content terms of each paragraph's text as term ids, rarest first (see
 * `paragraphTerms` in src/index/search/paragraph-terms.ts), if warm-up has built them; undefined until then, and null
 * when the index cannot be read directly.
 */
export function termTableIfBuilt(index: DossierIndex): ParagraphTerms | null | undefined {
  return terms.peek(index);
}

/**
 * After a change, until its index's own term table is built (in slices, once it serves: at 100k
 * paragraphs a second or more), the previous index's table stands in for it: a kept paragraph's
 * words are the ids it had there, and a paragraph put in has its words read into the same ids
 * (a word the previous index did not hold gets an id past them). One order for all, as the table's
 * own: near-duplicates fold the same with either (common.ts), only without reading every cited
 * paragraph's words again, which made each answer of that while several times slower.
 */
export interface TermBridge {
  previous: ParagraphTerms;
  /** Each paragraph's position in the previous index (-1: put in by the change). */
  from: Int32Array;
  /** The words of each paragraph put in, as ids, ascending. */
  added: Map<number, Int32Array>;
}

const bridges = defineScratch('paragraph terms bridge', (): { bridge?: TermBridge } => ({}));

/**
 * Makes the stand-in for `index`, made by a change from an index whose term table is built (else
 * nothing): before the index serves, in slices (src/serve/store.ts).
 */
export function* prepareTermBridge(index: DossierIndex): Build<void> {
  const change = index.derived.source();
  const previous = change && terms.peek(change.previous);
  if (!change || !previous || terms.peek(index)) return;
  // The words of the paragraphs put in, then their ids in one pass over the previous table's words
  // (a map of every word would cost more than the scan).
  const from = change.paragraphFrom();
  const wordsAt = new Map<number, Set<string>>();
  const idOf = new Map<string, number>();
  for (let pos = 0; pos < from.length; pos++) {
    if (from[pos]! >= 0) continue;
    const set = contentSet(index.paragraphs[pos]!.text);
    wordsAt.set(pos, set);
    for (const word of set) idOf.set(word, -1);
    if (wordsAt.size % CHUNK === 0) yield;
  }
  yield* inChunks(previous.words.length, CHUNK * 16, (a, b) => {
    for (let id = a; id < b; id++) if (idOf.has(previous.words[id]!)) idOf.set(previous.words[id]!, id);
  });
  let next = previous.terms;
  for (const [word, id] of idOf) if (id < 0) idOf.set(word, next++);
  const added = new Map<number, Int32Array>();
  for (const [pos, set] of wordsAt) added.set(pos, Int32Array.from(set, (w) => idOf.get(w)!).sort());
  bridges.get(index).bridge = { previous, from, added };
}

/** The stand-in while `index`'s own term table is not built, if one was made. */
export function termBridgeOf(index: DossierIndex): TermBridge | undefined {
  return bridges.get(index).bridge;
}

/** Lets the stand-in go (its index's own table is built, or a newer index serves). */
export function releaseTermBridge(index: DossierIndex): void {
  bridges.get(index).bridge = undefined;
}
