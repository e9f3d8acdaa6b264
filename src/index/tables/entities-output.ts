/**
 * The last step of entity clustering (entities.ts): each cluster of spellings becomes an `Entity`
 * with its display name, id, variants, mentions in corpus order and deduplicated roles.
 *
 * The work is per candidate, hundreds of thousands of them in a large corpus, so nothing per
 * candidate is done twice: a group's spellings are joined and counted once per distinct spelling,
 * mentions are ordered by one packed number per candidate, and mentions, variants and roles are
 * gathered in one pass.
 */
import type { Candidate, Votes } from './entities-spans.js';
import { entityOrder, type Entity, type EntityKind, type Mention, type Role } from './types.js';
import { dedupeRoles } from './entities-roles.js';
import { TRANSLITERATIONS } from './names-lexicon.js';
import { fold, slug } from './names.js';

/** The candidates of one spelling (folded key), with their summed evidence. */
export interface Group {
  key: string;
  words: string[];
  count: number;
  votes: Votes;
  cands: Candidate[];
}

export interface Cluster {
  kind: EntityKind;
  /** Groups (spellings) in the cluster. */
  groups: Group[];
  /** Single-word occurrences that joined it. */
  extra: Candidate[];
  /** Folded surname and first names (persons). */
  surname: string;
  firsts: string[];
  /** Set when merged into another cluster (an acronym into its expansion). */
  into?: Cluster;
  /** Display words for de-glued spellings ("Anthony Blinkenand" → "Anthony Blinken"). */
  deglued: Map<string, string[]>;
}

const PRINTABLE_ASCII = /[\x20-\x7e]/g;
/** Non-ASCII letters: with equal counts, "Élysée Palace" beats "Elysee Palace". */
const accents = (s: string): number => s.replace(PRINTABLE_ASCII, '').length;

const TRANSLITERATED = new Set(Object.keys(TRANSLITERATIONS));

const sameWords = (a: string[], b: string[]): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** Distinct spellings compared word by word before a group's spellings are joined and hashed. */
const SCANNED_SPELLINGS = 8;

interface Spelling {
  words: string[];
  shown: string;
  n: number;
}

/**
 * The distinct word lists of a group's candidates joined by spaces, in order of first appearance,
 * with how many candidates have each. A group's candidates are mostly written alike, so each is
 * compared with the few spellings met so far instead of being joined.
 */
function spellingsOf(g: Group): Spelling[] {
  const seen: Spelling[] = [];
  let byShown: Map<string, Spelling> | undefined;
  for (const cand of g.cands) {
    let hit: Spelling | undefined;
    for (let i = 0; i < seen.length && i < SCANNED_SPELLINGS; i++) {
      if (sameWords(seen[i]!.words, cand.words)) {
        hit = seen[i];
        break;
      }
    }
    if (!hit && seen.length >= SCANNED_SPELLINGS) {
      // Many spellings of one key: look the rest up by their joined words.
      byShown ??= new Map(seen.map((s) => [s.shown, s]));
      const shown = cand.words.join(' ');
      hit = byShown.get(shown);
      if (!hit) {
        seen.push((hit = { words: cand.words, shown, n: 0 }));
        byShown.set(shown, hit);
      }
    } else if (!hit) {
      seen.push((hit = { words: cand.words, shown: cand.words.join(' '), n: 0 }));
    }
    hit.n++;
  }
  return seen;
}

/**
 * Counts `n` occurrences of a spelling as shown, under its folded form. (A plain function, not a
 * closure per cluster: under tsx each named closure made costs a defineProperty.)
 */
function countForm(
  forms: Map<string, number>,
  surfaceCounts: Map<string, Map<string, number>>,
  folded: Map<string, string>,
  shown: string,
  n: number,
): void {
  let key = folded.get(shown);
  if (key === undefined) folded.set(shown, (key = fold(shown)));
  forms.set(key, (forms.get(key) ?? 0) + n);
  let m = surfaceCounts.get(key);
  if (!m) surfaceCounts.set(key, (m = new Map()));
  m.set(shown, (m.get(shown) ?? 0) + n);
}

/** The name a cluster is shown under; `folded` memoises `fold` across clusters (spellings repeat). */
function canonical(c: Cluster, folded: Map<string, string>): string {
  const forms = new Map<string, number>();
  const surfaceCounts = new Map<string, Map<string, number>>();
  for (const g of c.groups) {
    const deglued = c.deglued.get(g.key)?.join(' ');
    if (deglued === undefined)
      for (const s of spellingsOf(g)) countForm(forms, surfaceCounts, folded, s.shown, s.n);
    else if (g.cands.length) countForm(forms, surfaceCounts, folded, deglued, g.cands.length);
  }
  const ranked = [...forms.entries()].sort(([a, na], [b, nb]) => {
    if (c.kind === 'person') {
      const wa = a.split(' ').length >= 2 ? 1 : 0;
      const wb = b.split(' ').length >= 2 ? 1 : 0;
      if (wa !== wb) return wb - wa; // the fullest name first
    } else {
      const ta = TRANSLITERATED.has(a) ? 1 : 0;
      const tb = TRANSLITERATED.has(b) ? 1 : 0;
      if (ta !== tb) return ta - tb; // "Kyiv" over "Kiev"
    }
    return nb - na || b.length - a.length;
  });
  const best = ranked[0]?.[0];
  if (best === undefined) return c.surname;
  const shown = [...(surfaceCounts.get(best) ?? new Map<string, number>()).entries()].sort(
    ([a, na], [b, nb]) => nb - na || accents(b) - accents(a) || (a < b ? -1 : 1),
  );
  return shown[0]?.[0] ?? best;
}

/**
 * Each article id's rank among the ids of `cands` sorted as strings, for ordering mentions. The
 * candidates come article by article, in id order as the corpus is loaded: then no sort is needed.
 */
export function articleRanks(cands: Candidate[]): Map<string, number> {
  const rank = new Map<string, number>();
  let last: string | undefined;
  let sorted = true;
  for (const c of cands) {
    if (c.articleId === last || rank.has(c.articleId)) continue;
    if (last !== undefined && c.articleId < last) sorted = false;
    rank.set((last = c.articleId), rank.size);
  }
  if (!sorted) {
    [...rank.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).forEach((id, i) => rank.set(id, i));
  }
  return rank;
}

// Mention order packed in one number: rank × 2³² + paragraph × 2²⁰ + offset, exact below 2⁵³.
const PARAGRAPHS = 2 ** 12;
const OFFSETS = 2 ** 20;
const MAX_RANK = 2 ** 21;

/**
 * `all` in mention order (article id, paragraph, offset), as a stable sort would leave it: as it
 * is when already in order, which it mostly is (each spelling's candidates come in corpus order).
 */
function sortMentions(all: Candidate[], rank: Map<string, number>): Candidate[] {
  const keys = new Float64Array(all.length);
  let sorted = true;
  let lastId: string | undefined;
  let lastRank = 0;
  for (let i = 0; i < all.length; i++) {
    const { articleId, paragraph, offset } = all[i]!;
    if (articleId !== lastId) lastRank = rank.get((lastId = articleId)) ?? MAX_RANK;
    const fits = paragraph >= 0 && paragraph < PARAGRAPHS && offset >= 0 && offset < OFFSETS;
    if (!fits || lastRank >= MAX_RANK || !Number.isInteger(paragraph + offset)) return sortMentionsPlain(all);
    keys[i] = lastRank * PARAGRAPHS * OFFSETS + paragraph * OFFSETS + offset;
    if (i > 0 && keys[i]! < keys[i - 1]!) sorted = false;
  }
  if (sorted) return all;
  const index = Array.from(all, (_, i) => i);
  index.sort((a, b) => keys[a]! - keys[b]!);
  return index.map((i) => all[i]!);
}

/** Field-by-field mention order, for numbers too large to pack. */
function sortMentionsPlain(all: Candidate[]): Candidate[] {
  return all.sort(
    (a, b) =>
      (a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : 0) ||
      a.paragraph - b.paragraph ||
      a.offset - b.offset,
  );
}

/** What buildEntities made of one cluster: reused for a cluster of the very same candidates. */
interface Made {
  kind: EntityKind;
  /** The cluster's candidates as gathered (groups', then the lone words'), and how many are lone. */
  gathered: Candidate[];
  extra: number;
  deglued: string;
  name: string;
  /** The name as in the entity's id. */
  slug: string;
  mentions: Mention[];
  variants: string[];
  roles: Role[];
  /** The id and place in the sorted list of the entity made of it in the last build that used it. */
  placed?: { id: string; at: number };
}

/**
 * The entities a build made, by cluster, for the next build to reuse (build/incremental.ts): a
 * cluster's entity is a function of its kind, its candidates in order and its de-glued spellings
 * (mention order follows the article ids' order, which adding or removing other articles keeps),
 * so a cluster the change did not touch is not made again.
 */
export class EntityMemo {
  #last = new Map<Candidate, Made>();
  #next = new Map<Candidate, Made>();

  /** What the last build made of a cluster of the same kind, candidates and de-glued spellings. */
  find(c: Cluster, count: number, deglued: string): Made | undefined {
    const first = c.groups.find((g) => g.cands.length > 0)?.cands[0] ?? c.extra[0];
    const m = first && this.#last.get(first);
    if (!m || m.kind !== c.kind || m.extra !== c.extra.length || m.deglued !== deglued) return undefined;
    const was = m.gathered;
    if (was.length !== count) return undefined;
    let i = 0;
    for (const g of c.groups) for (const cand of g.cands) if (was[i++] !== cand) return undefined;
    for (const cand of c.extra) if (was[i++] !== cand) return undefined;
    return m;
  }

  keep(made: Made): void {
    this.#next.set(made.gathered[0]!, made);
  }

  /** Ends a build: what it made is what the next one may reuse. */
  done(): void {
    this.#last = this.#next;
    this.#next = new Map();
  }
}

/** The entities of `clusters`; `rank` is `articleRanks` of the candidates clustered. */
export function buildEntities(clusters: Cluster[], rank: Map<string, number>, memo?: EntityMemo): Entity[] {
  const out: Entity[] = [];
  const mades: Made[] = [];
  const ids = new Set<string>();
  const folded = new Map<string, string>();
  for (const c of clusters) {
    let n = c.extra.length;
    for (const g of c.groups) n += g.cands.length;
    if (n === 0) continue;
    const deglued = memo ? [...c.deglued].map(([k, w]) => `${k}\u0001${w.join(' ')}`).join('\u0002') : '';
    const made = memo?.find(c, n, deglued) ?? makeEntity(c, gather(c, n), folded, rank, deglued);
    memo?.keep(made);
    mades.push(made);
    let id = `${c.kind}:${made.slug}`;
    for (let k = 2; ids.has(id); k++) id = `${c.kind}:${made.slug}-${k}`;
    ids.add(id);
    const { name, mentions, variants, roles } = made;
    out.push({ id, kind: c.kind, name, variants, mentions, roles });
  }
  if (!memo) return out.sort(entityOrder);
  const order = sortedAsBefore(out, mades);
  order.forEach((i, at) => (mades[i]!.placed = { id: out[i]!.id, at }));
  memo.done();
  return order.map((i) => out[i]!);
}

/**
 * The positions of `entities` in entity order. An entity made again of what the last build made
 * under the same id has the same mentions' count and id, which are all `entityOrder` reads: those
 * keep their order among themselves, so only the others (a change's few) are sorted, then merged.
 */
function sortedAsBefore(entities: Entity[], mades: Made[]): number[] {
  // The kept ones by their last places (each its own: a Made is found for one cluster at most).
  let size = 0;
  for (const m of mades) if (m.placed) size = Math.max(size, m.placed.at + 1);
  const slots = new Int32Array(size).fill(-1);
  const others: number[] = [];
  for (let i = 0; i < entities.length; i++) {
    const placed = mades[i]!.placed;
    if (placed?.id === entities[i]!.id) slots[placed.at] = i;
    else others.push(i);
  }
  const kept: number[] = [];
  for (const i of slots) if (i >= 0) kept.push(i);
  others.sort((a, b) => entityOrder(entities[a]!, entities[b]!));
  const out: number[] = [];
  let j = 0;
  for (const i of kept) {
    while (j < others.length && entityOrder(entities[others[j]!]!, entities[i]!) < 0) out.push(others[j++]!);
    out.push(i);
  }
  while (j < others.length) out.push(others[j++]!);
  return out;
}

/** A cluster's `n` candidates as gathered: its groups', then the lone words'. */
function gather(c: Cluster, n: number): Candidate[] {
  const gathered: Candidate[] = new Array<Candidate>(n);
  let i = 0;
  for (const g of c.groups) for (const cand of g.cands) gathered[i++] = cand;
  for (const cand of c.extra) gathered[i++] = cand;
  return gathered;
}

/** One cluster's entity parts (its id is given by buildEntities, which knows the ids taken). */
function makeEntity(
  c: Cluster,
  gathered: Candidate[],
  folded: Map<string, string>,
  rank: Map<string, number>,
  deglued: string,
): Made {
  const name = canonical(c, folded);
  const all = sortMentions(gathered.slice(), rank);
  // Spotting shares one string per spelling (entities-spans.ts): mentions keep those.
  const mentions: Mention[] = [];
  const variants = new Set<string>();
  for (const m of all) {
    mentions.push({ articleId: m.articleId, paragraph: m.paragraph, surface: m.surface });
    variants.add(m.surface);
  }
  for (const [, words] of c.deglued) variants.add(words.join(' '));
  variants.delete(name);
  const roles = c.kind === 'person' ? dedupeRoles(all) : [];
  return {
    kind: c.kind,
    gathered,
    extra: c.extra.length,
    deglued,
    name,
    slug: slug(name),
    mentions,
    variants: [...variants],
    roles,
  };
}
