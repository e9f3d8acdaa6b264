/**
 * People, places and organisations named in the corpus, with every spelling met, every mention and
 * the roles the text gives them.
 *
 * Two passes, both linear in the corpus size:
 *  1. `spot` (entities-spans.ts) finds capitalised name spans in each paragraph, strips titles and
 *     possessives, and records evidence for each kind plus role phrases next to the name; `settle`
 *     then adds compromise's opinion of the names, asked for in batches, and the place evidence that
 *     coordinated names ("Luhansk and Donetsk") share.
 *  2. Here: candidates are grouped by folded spelling; evidence is summed corpus-wide (one "in
 *     Donetsk" and one "Donetsk regions" make a place); full personal names are clustered by surname
 *     (exact, or within a small edit distance through a deletion index) with compatible first names;
 *     lone words then join the person whose surname they are, or a place/organisation, or are
 *     dropped unless they carry enough evidence on their own ("Mayor Okafor said").
 */
import type { Article } from '../../corpus/types.js';
import type { Entity, EntityKind } from './types.js';
import { type Candidate, type Votes, settle, spot, spotted } from './entities-spans.js';
import { type Cluster, EntityMemo, type Group, articleRanks, buildEntities } from './entities-output.js';
import { isCommonWord, isKnownOrg, isKnownPlace, isLexiconWord, transliterate } from './names-lexicon.js';
import { editDistance } from '../edit-distance.js';
import { fold, nameSkeleton } from './names.js';
import { type FuzzyIndex, NearMemo, fuzzyIndex } from './fuzzy-index.js';

const MIN_VOTES = 2;

function kindOf(v: Votes, min = MIN_VOTES): EntityKind | undefined {
  const best = Math.max(v.person, v.place, v.organization);
  if (best < min) return undefined;
  if (v.organization === best) return 'organization';
  if (v.person === best) return 'person';
  return 'place';
}

function addVotes(a: Votes, b: Votes): void {
  a.person += b.person;
  a.place += b.place;
  a.organization += b.organization;
}

const TRAILING_DOT = /\.$/;

/** First names that may belong to one person: equal, an initial, one edit, or the same skeleton. */
function firstCompatible(a: string, b: string): boolean {
  if (a === b) return true;
  const x = a.replace(TRAILING_DOT, '');
  const y = b.replace(TRAILING_DOT, '');
  if ((x.length === 1 && y.startsWith(x)) || (y.length === 1 && x.startsWith(y))) return true;
  if (editDistance(x, y, 1) <= 1 && Math.min(x.length, y.length) >= 3) return true;
  const sx = nameSkeleton(x);
  return sx.length > 0 && sx === nameSkeleton(y);
}

const LEADING_THE = /^the /;
/** Words that make a place of their own of the place they precede: "Inner Mongolia", "Greater London". */
const PLACE_MODIFIER = new Set([
  'inner',
  'outer',
  'upper',
  'lower',
  'greater',
  'little',
  'great',
  'far',
  'middle',
]);

/** The clusters being formed, the indexes that find them, and the candidates left as lone words. */
interface Clustering {
  clusters: Cluster[];
  /** Person clusters by folded surname. */
  surnames: FuzzyIndex<Cluster>;
  /** Place and organisation clusters by folded name. */
  placeOrgs: FuzzyIndex<Cluster>;
  /** Candidates that only join a cluster found from other spellings (lone words, split names). */
  loose: Candidate[];
  /** `splitWords`, through the memo when there is one. */
  split: (c: Candidate) => Candidate[];
}

/**
 * What a clustering keeps for the next one (build/incremental.ts), all of it reused only where it
 * is provably what would be made again: entities by cluster (EntityMemo), each candidate's split
 * into lone words, and the fuzzy indexes' answers (NearMemo).
 */
export class ClusterMemo {
  readonly entities = new EntityMemo();
  readonly surnames = new NearMemo();
  readonly placeOrgs = new NearMemo();
  #lastSplit = new Map<Candidate, Candidate[]>();
  #nextSplit = new Map<Candidate, Candidate[]>();

  /**
   * `splitWords(c)`, as the same objects as the last clustering's for the same candidate (a split
   * is a function of the candidate alone, and neither is ever changed): a cluster they join is then
   * found in the EntityMemo too.
   */
  split(c: Candidate): Candidate[] {
    const parts = this.#lastSplit.get(c) ?? splitWords(c);
    this.#nextSplit.set(c, parts);
    return parts;
  }

  /** Ends a clustering: its splits are what the next one may reuse. */
  done(): void {
    this.#lastSplit = this.#nextSplit;
    this.#nextSplit = new Map();
  }
}

export function extractEntities(articles: Article[]): Entity[] {
  return clusterCandidates(spotArticles(articles).flat());
}

/**
 * Pass 2 over every candidate of the corpus, article by article in corpus order. Reads the
 * candidates without changing them, so one article's list can be kept and clustered again.
 */
export function clusterCandidates(cands: Candidate[], memo?: ClusterMemo): Entity[] {
  const byFrequency = groupBySpelling(cands);
  if (memo) {
    memo.surnames.learn(surnameKeys(byFrequency));
    memo.placeOrgs.learn(placeOrgKeys(byFrequency, true));
  }
  const st: Clustering = {
    clusters: [],
    surnames: memo ? memo.surnames.view() : fuzzyIndex<Cluster>(),
    placeOrgs: memo ? memo.placeOrgs.view() : fuzzyIndex<Cluster>(2, placeOrgKeys(byFrequency)),
    loose: [],
    split: memo ? (c) => memo.split(c) : splitWords,
  };
  clusterFullNames(st, byFrequency);
  const singles = clusterPlacesAndOrgs(st, byFrequency);
  mergeAcronyms(st.clusters, st.placeOrgs);
  joinLoneWords(st, singles);
  memo?.done();
  return buildEntities(st.clusters, articleRanks(cands), memo?.entities);
}

/**
 * Pass 1: each article's candidates, settled. compromise's opinions are asked for in batches across
 * articles (see `settle`); a phrase gets the same opinion in any batch, so an article's list is the
 * same as if it were spotted alone. Settling every few thousand asks keeps the pending lists small.
 */
export function spotArticles(articles: Article[]): Candidate[][] {
  const found = spotted();
  const out: Candidate[][] = [];
  for (const article of articles) {
    const from = found.cands.length;
    for (const p of article.paragraphs) spot(article.id, p.n, p.text, found);
    out.push(found.cands.slice(from));
    if (found.asks.length >= 5000) settle(found);
  }
  settle(found);
  return out;
}

/** Groups by spelling, summing the evidence of strong occurrences; most frequent first. */
function groupBySpelling(cands: Candidate[]): Group[] {
  const groups = new Map<string, Group>();
  for (const c of cands) {
    let g = groups.get(c.key);
    if (!g) groups.set(c.key, (g = { key: c.key, words: c.words, count: 0, votes: zero(), cands: [] }));
    g.cands.push(c);
    g.count++;
    if (!c.weak) addVotes(g.votes, c.votes);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || b.words.length - a.words.length);
}

/**
 * The spellings that may become keys of the place and organisation index: to size it, or (`all`)
 * every key it may be given, as it is given them (see `NearMemo.learn`).
 */
function placeOrgKeys(byFrequency: Group[], all = false): string[] {
  const out: string[] = [];
  for (const g of byFrequency) {
    const kind = kindOf(g.votes);
    if (kind !== 'place' && kind !== 'organization') continue;
    out.push(g.key);
    if (all) out.push(transliterate(g.key.replace(LEADING_THE, '')));
  }
  return out;
}

/** Every key the surname index may be given (clusterFullNames, clusterPlacesAndOrgs), and more. */
function surnameKeys(byFrequency: Group[]): string[] {
  const out: string[] = [];
  for (const g of byFrequency) {
    if (kindOf(g.votes) !== 'person') continue;
    out.push(g.words.length === 1 ? g.key : fold(g.words[g.words.length - 1]!));
  }
  return out;
}

function newCluster(
  st: Clustering,
  kind: EntityKind,
  g: Group | undefined,
  surname = '',
  firsts: string[] = [],
): Cluster {
  const c: Cluster = { kind, groups: g ? [g] : [], extra: [], surname, firsts, deglued: new Map() };
  st.clusters.push(c);
  return c;
}

/** Full personal names, most frequent spelling first so it anchors its variants. */
function clusterFullNames(st: Clustering, byFrequency: Group[]): void {
  const { surnames, loose } = st;
  for (const g of byFrequency) {
    if (g.words.length < 2 || kindOf(g.votes) !== 'person') continue;
    const words = g.words.map(fold);
    let surname = words[words.length - 1]!;
    const first = words[0]!;
    let cluster = findPerson(st, surname, first);
    if (!cluster && words.every((w) => surnames.exact(w).length > 0)) {
      // "With Biden Putin They met": two surnames side by side, not a person called "Biden Putin".
      for (const c of g.cands) loose.push(...st.split(c));
      continue;
    }
    if (!cluster) {
      // "Vladimir Putininitially", "Anthony Blinkenand": a known surname glued to a common word.
      // Only when the person so found is named: "Leon Cooperman" is not a "Cooper" glued to "man".
      const cut = unglue(surname, (p) => surnames.exact(p).length > 0);
      const glued = cut ? findPerson(st, cut, first) : undefined;
      if (cut && glued) {
        surname = cut;
        cluster = glued;
        const display = [...g.words];
        display[display.length - 1] = display[display.length - 1]!.slice(0, cut.length);
        cluster.deglued.set(g.key, display);
      }
    }
    if (cluster) {
      cluster.groups.push(g);
      if (!cluster.firsts.includes(first)) cluster.firsts.push(first);
    } else {
      cluster = newCluster(st, 'person', g, surname, [first]);
      surnames.add(surname, cluster);
    }
  }
}

/**
 * Places and organisations of any length; then lone words with title evidence become people.
 * Returns the one-word spellings left to join a cluster as lone words.
 */
function clusterPlacesAndOrgs(st: Clustering, byFrequency: Group[]): Group[] {
  const { surnames, placeOrgs, loose } = st;
  const singles: Group[] = [];
  for (const g of byFrequency) {
    if (g.words.length >= 2 && kindOf(g.votes) === 'person') continue;
    const kind = kindOf(g.votes);
    if (g.words.length === 1 && surnames.exact(g.key).length) {
      singles.push(g);
      continue;
    }
    if (
      kind === 'place' &&
      g.words.length >= 2 &&
      !isKnownPlace(g.key) &&
      !PLACE_MODIFIER.has(fold(g.words[0]!)) &&
      g.words.some((w) => isKnownPlace(w))
    ) {
      // "Ukraine NATO": two names side by side, not one place.
      for (const c of g.cands) loose.push(...st.split(c));
      continue;
    }
    if (kind === 'place' || kind === 'organization') {
      const key = transliterate(g.key.replace(LEADING_THE, ''));
      let cluster = placeOrgs.exact(key).find((c) => c.kind === kind) ?? placeOrgs.exact(key)[0];
      if (!cluster) {
        const near = placeOrgs
          .near(key)
          .filter(
            (n) => !(isKnownPlace(n.key) && isKnownPlace(key)) && !(isKnownOrg(n.key) && isKnownOrg(key)),
          );
        cluster = near[0]?.values.find((c) => c.kind === kind);
      }
      if (cluster) cluster.groups.push(g);
      else placeOrgs.add(key, newCluster(st, kind, g));
      continue;
    }
    if (g.words.length === 1 && kind === 'person' && g.votes.person >= 3) {
      // "Mayor Okafor said" with no full name anywhere: a surname-only person.
      const surname = g.key;
      const cluster = newCluster(st, 'person', g, surname, []);
      surnames.add(surname, cluster);
      continue;
    }
    if (g.words.length === 1) singles.push(g);
    else for (const c of g.cands) loose.push(...st.split(c));
  }
  return singles;
}

function findPerson(st: Clustering, surname: string, first: string): Cluster | undefined {
  const exact = st.surnames.exact(surname);
  const hit = exact.find((c) => c.firsts.length === 0 || c.firsts.some((f) => firstCompatible(f, first)));
  if (hit) return hit;
  if (isCommonWord(surname) || isKnownPlace(surname)) return undefined;
  for (const n of st.surnames.near(surname)) {
    const c = n.values.find((v) => v.firsts.length === 0 || v.firsts.some((f) => firstCompatible(f, first)));
    if (c) return c;
  }
  return undefined;
}

/**
 * Where a lone word goes, found once per word (the indexes no longer change): among the people
 * `options` (the one its article names most), else to `place`, else, unless the occurrence is weak,
 * to the near spelling of a place or organisation (`nearPlace`, looked up when first needed).
 */
interface LoneWord {
  options?: Cluster[];
  /** The options only spell the word near, not the same: they must be named in the word's article. */
  near?: boolean;
  place?: Cluster;
  common: boolean;
  nearPlace?: Cluster | null;
}

/** Lone words: surnames, spellings of known places and organisations, glued words, near misses. */
function joinLoneWords(st: Clustering, singles: Group[]): void {
  const { surnames, placeOrgs } = st;
  // How often each person is named in each article, counted when two people share a surname.
  const articleCounts = new Map<Cluster, Map<string, number>>();
  const countIn = (c: Cluster, articleId: string): number => {
    let m = articleCounts.get(c);
    if (!m) {
      articleCounts.set(c, (m = new Map()));
      for (const g of c.groups)
        for (const cand of g.cands) m.set(cand.articleId, (m.get(cand.articleId) ?? 0) + 1);
    }
    return m.get(articleId) ?? 0;
  };
  // Occurrences of each person's spellings (fixed here; lone words joined so far are added to it).
  const spelled = new Map<Cluster, number>();
  const size = (c: Cluster): number => {
    let n = spelled.get(c);
    if (n === undefined) spelled.set(c, (n = c.groups.reduce((sum, g) => sum + g.count, 0)));
    return n + c.extra.length;
  };

  const words = new Map<string, LoneWord>();
  const join = (c: Candidate): void => {
    let w = words.get(c.key);
    if (!w) words.set(c.key, (w = lookUp(c.key)));
    let cluster: Cluster | undefined;
    // "Ronald" near "Ronaldo": one edit apart is a misspelling of someone the article names, not
    // of a footballer named in another story.
    const options = w.near ? w.options?.filter((o) => countIn(o, c.articleId) > 0) : w.options;
    if (options?.length) cluster = pickPerson(options, c.articleId);
    else if (w.place) cluster = w.place;
    else if (!w.common && !c.weak) {
      if (w.nearPlace === undefined) {
        const k = c.key;
        const near = placeOrgs
          .near(transliterate(k))
          .filter((n) => !(isKnownPlace(n.key) && isKnownPlace(k)))[0];
        w.nearPlace = near?.values[0] ?? null;
      }
      cluster = w.nearPlace ?? undefined;
    }
    while (cluster?.into) cluster = cluster.into;
    if (cluster) cluster.extra.push(c);
  };
  for (const c of st.loose) join(c);
  for (const g of singles) for (const c of g.cands) join(c);

  function pickPerson(options: Cluster[], articleId: string): Cluster | undefined {
    // Two people share a surname: the one this article names most, else the one named most overall,
    // else the first found.
    let best = options[0];
    for (let i = 1; i < options.length; i++) {
      const o = options[i]!;
      const d = countIn(o, articleId) - countIn(best!, articleId);
      if (d > 0 || (d === 0 && size(o) > size(best!))) best = o;
    }
    return best;
  }

  function lookUp(k: string): LoneWord {
    const common = isCommonWord(k) || isKnownPlace(k);
    const persons = surnames.exact(k);
    if (persons.length) return { options: persons, common };
    const place = placeOrgs.exact(transliterate(k))[0];
    if (place) return { place, common };
    if (!common) {
      const nearSurname = surnames.near(k)[0]?.values;
      if (nearSurname) return { options: nearSurname, near: true, common };
    }
    const cut = unglue(k, (p) => surnames.exact(p).length > 0 || placeOrgs.exact(p).length > 0);
    if (cut) {
      const cutPersons = surnames.exact(cut);
      if (cutPersons.length) return { options: cutPersons, common };
      return { place: placeOrgs.exact(cut)[0], common: true };
    }
    return { common };
  }
}

function zero(): Votes {
  return { person: 0, place: 0, organization: 0 };
}

const DOTS = /\./g;

/** A candidate of several words seen as separate lone words (weak: they only join known entities). */
function splitWords(c: Candidate): Candidate[] {
  let offset = c.offset;
  return c.words.map((w) => {
    const at = c.surface.indexOf(w);
    const out: Candidate = { ...c, words: [w], key: fold(w).replace(DOTS, ''), surface: w, weak: true };
    out.offset = at >= 0 ? c.offset + at : offset;
    offset = out.offset + w.length;
    return out;
  });
}

/** "putininitially" → "putin" when `known("putin")` and "initially" is a common word. */
function unglue(word: string, known: (prefix: string) => boolean): string | undefined {
  if (isLexiconWord(word)) return undefined; // "european" is a word, not "europe" + "an"
  for (let cut = word.length - 3; cut >= 4; cut--) {
    const prefix = word.slice(0, cut);
    const suffix = word.slice(cut);
    if (known(prefix) && isCommonWord(suffix)) return prefix;
  }
  return undefined;
}

/** Small words an acronym skips ("North Atlantic Treaty Organization" → "NATO"). */
const NOT_IN_ACRONYM = /^(of|the|for|and|to)$/i;
/** A spelling that looks like an acronym: "NATO", "U.N.". */
const ACRONYM_SPELLING = /^[\p{Lu}.]{2,6}$/u;

/** Joins acronyms to the name they abbreviate ("NATO" ↔ "North Atlantic Treaty Organization"). */
function mergeAcronyms(clusters: Cluster[], placeOrgs: FuzzyIndex<Cluster>): void {
  const byInitials = new Map<string, Cluster | null>();
  for (const c of clusters) {
    if (c.kind === 'person') continue;
    for (const g of c.groups) {
      if (g.words.length < 2) continue;
      const initials = g.words
        .filter((w) => !NOT_IN_ACRONYM.test(w))
        .map((w) => fold(w)[0] ?? '')
        .join('');
      if (initials.length < 2) continue;
      const seen = byInitials.get(initials);
      byInitials.set(initials, seen === undefined || seen === c ? c : null);
    }
  }
  for (const c of clusters) {
    if (c.kind === 'person' || c.groups.length === 0) continue;
    const acronym = c.groups.find((g) => g.words.length === 1 && ACRONYM_SPELLING.test(g.words[0]!));
    if (!acronym) continue;
    const target = byInitials.get(acronym.key);
    if (!target || target === c) continue;
    target.groups.push(...c.groups);
    target.extra.push(...c.extra);
    placeOrgs.add(acronym.key, target);
    c.groups = [];
    c.extra = [];
    c.into = target;
  }
}
