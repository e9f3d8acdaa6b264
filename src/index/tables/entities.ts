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
import type { Entity, EntityKind, Mention, Role } from './types.js';
import { type Candidate, type Votes, settle, spot, spotted } from './entities-spans.js';
import { dedupeRoles } from './entities-roles.js';
import { TRANSLITERATIONS, isCommonWord, isKnownOrg, isKnownPlace, isLexiconWord } from './names-lexicon.js';
import { editDistance } from '../edit-distance.js';
import { fold, nameSkeleton, slug } from './names.js';
import { type FuzzyIndex, fuzzyIndex } from './fuzzy-index.js';

interface Group {
  key: string;
  words: string[];
  count: number;
  votes: Votes;
  cands: Candidate[];
}

interface Cluster {
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

const translit = (key: string): string => TRANSLITERATIONS[key] ?? key;

const LEADING_THE = /^the /;

/** The clusters being formed, the indexes that find them, and the candidates left as lone words. */
interface Clustering {
  clusters: Cluster[];
  /** Person clusters by folded surname. */
  surnames: FuzzyIndex<Cluster>;
  /** Place and organisation clusters by folded name. */
  placeOrgs: FuzzyIndex<Cluster>;
  /** Candidates that only join a cluster found from other spellings (lone words, split names). */
  loose: Candidate[];
}

export function extractEntities(articles: Article[]): Entity[] {
  return clusterCandidates(spotArticles(articles).flat());
}

/**
 * Pass 2 over every candidate of the corpus, article by article in corpus order. Reads the
 * candidates without changing them, so one article's list can be kept and clustered again.
 */
export function clusterCandidates(cands: Candidate[]): Entity[] {
  const byFrequency = groupBySpelling(cands);
  const st: Clustering = {
    clusters: [],
    surnames: fuzzyIndex<Cluster>(),
    placeOrgs: fuzzyIndex<Cluster>(),
    loose: [],
  };
  clusterFullNames(st, byFrequency);
  const singles = clusterPlacesAndOrgs(st, byFrequency);
  mergeAcronyms(st.clusters, st.placeOrgs);
  for (const g of singles) for (const c of g.cands) st.loose.push(c);
  joinLoneWords(st);
  return buildEntities(st.clusters);
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
      for (const c of g.cands) loose.push(...splitWords(c));
      continue;
    }
    if (!cluster) {
      // "Vladimir Putininitially", "Anthony Blinkenand": a known surname glued to a common word.
      const cut = unglue(surname, (p) => surnames.exact(p).length > 0);
      if (cut) {
        surname = cut;
        cluster = findPerson(st, surname, first);
        const display = [...g.words];
        display[display.length - 1] = display[display.length - 1]!.slice(0, cut.length);
        if (cluster) cluster.deglued.set(g.key, display);
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
      g.words.some((w) => isKnownPlace(w))
    ) {
      // "Ukraine NATO": two names side by side, not one place.
      for (const c of g.cands) loose.push(...splitWords(c));
      continue;
    }
    if (kind === 'place' || kind === 'organization') {
      const key = translit(g.key.replace(LEADING_THE, ''));
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
    else for (const c of g.cands) loose.push(...splitWords(c));
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

/** Lone words: surnames, spellings of known places and organisations, glued words, near misses. */
function joinLoneWords(st: Clustering): void {
  const { surnames, placeOrgs } = st;
  const articleCounts = personCountsByArticle(st.clusters);
  const lookups = new Map<
    string,
    { common: boolean; nearSurname?: Cluster[] | null; cut?: string | null; nearPlace?: Cluster | null }
  >();
  for (const c of st.loose) {
    let cluster = resolveWord(c);
    while (cluster?.into) cluster = cluster.into;
    if (cluster) cluster.extra.push(c);
  }

  function pickPerson(options: Cluster[], articleId: string): Cluster | undefined {
    if (options.length <= 1) return options[0];
    // Two people share a surname: the one this article names most, else the one named most overall.
    return [...options].sort(
      (a, b) =>
        (articleCounts.get(b)?.get(articleId) ?? 0) - (articleCounts.get(a)?.get(articleId) ?? 0) ||
        size(b) - size(a),
    )[0];
  }

  function resolveWord(c: Candidate): Cluster | undefined {
    const k = c.key;
    const person = pickPerson(surnames.exact(k), c.articleId);
    if (person) return person;
    const place = placeOrgs.exact(translit(k))[0];
    if (place) return place;
    // The fuzzy lookups depend only on the word (the indexes no longer change): once per word.
    let known = lookups.get(k);
    if (!known) lookups.set(k, (known = { common: isCommonWord(k) || isKnownPlace(k) }));
    if (!known.common) {
      if (known.nearSurname === undefined) known.nearSurname = surnames.near(k)[0]?.values ?? null;
      if (known.nearSurname) return pickPerson(known.nearSurname, c.articleId);
    }
    if (known.cut === undefined) {
      known.cut = unglue(k, (p) => surnames.exact(p).length > 0 || placeOrgs.exact(p).length > 0) ?? null;
    }
    const cut = known.cut;
    if (cut) return pickPerson(surnames.exact(cut), c.articleId) ?? placeOrgs.exact(cut)[0];
    if (!known.common && !c.weak) {
      if (known.nearPlace === undefined) {
        const near = placeOrgs.near(translit(k)).filter((n) => !(isKnownPlace(n.key) && isKnownPlace(k)))[0];
        known.nearPlace = near?.values[0] ?? null;
      }
      if (known.nearPlace) return known.nearPlace;
    }
    return undefined;
  }
}

function zero(): Votes {
  return { person: 0, place: 0, organization: 0 };
}

function size(c: Cluster): number {
  return c.groups.reduce((n, g) => n + g.count, 0) + c.extra.length;
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

function personCountsByArticle(clusters: Cluster[]): Map<Cluster, Map<string, number>> {
  const out = new Map<Cluster, Map<string, number>>();
  for (const c of clusters) {
    if (c.kind !== 'person') continue;
    const m = new Map<string, number>();
    for (const g of c.groups)
      for (const cand of g.cands) m.set(cand.articleId, (m.get(cand.articleId) ?? 0) + 1);
    out.set(c, m);
  }
  return out;
}

const PRINTABLE_ASCII = /[\x20-\x7e]/g;
/** Non-ASCII letters: with equal counts, "Élysée Palace" beats "Elysee Palace". */
const accents = (s: string): number => s.replace(PRINTABLE_ASCII, '').length;

const TRANSLITERATED = new Set(Object.keys(TRANSLITERATIONS));

/** The name a cluster is shown under; `folded` memoises `fold` across clusters (spellings repeat). */
function canonical(c: Cluster, folded: Map<string, string>): string {
  const forms = new Map<string, number>();
  const surfaceCounts = new Map<string, Map<string, number>>();
  for (const g of c.groups) {
    const deglued = c.deglued.get(g.key)?.join(' ');
    for (const cand of g.cands) {
      const shown = deglued ?? cand.words.join(' ');
      let key = folded.get(shown);
      if (key === undefined) folded.set(shown, (key = fold(shown)));
      forms.set(key, (forms.get(key) ?? 0) + 1);
      let m = surfaceCounts.get(key);
      if (!m) surfaceCounts.set(key, (m = new Map()));
      m.set(shown, (m.get(shown) ?? 0) + 1);
    }
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

function buildEntities(clusters: Cluster[]): Entity[] {
  // One string per spelling: "Kennedy" is mentioned thousands of times, and each mention's surface
  // is otherwise its own copy (or a slice keeping its paragraph's text alive).
  const spellings = new Map<string, string>();
  const intern = (s: string): string => {
    const known = spellings.get(s);
    if (known !== undefined) return known;
    spellings.set(s, s);
    return s;
  };
  const out: Entity[] = [];
  const ids = new Set<string>();
  const folded = new Map<string, string>();
  // Mentions sort by article id: compare each id's rank among them, not the strings, every time.
  const articleRank = new Map<string, number>();
  for (const c of clusters) {
    for (const g of c.groups) for (const cand of g.cands) articleRank.set(cand.articleId, 0);
    for (const cand of c.extra) articleRank.set(cand.articleId, 0);
  }
  [...articleRank.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .forEach((id, i) => articleRank.set(id, i));
  for (const c of clusters) {
    const all: Candidate[] = [];
    for (const g of c.groups) for (const cand of g.cands) all.push(cand);
    for (const cand of c.extra) all.push(cand);
    if (all.length === 0) continue;
    const name = canonical(c, folded);
    let id = `${c.kind}:${slug(name)}`;
    for (let i = 2; ids.has(id); i++) id = `${c.kind}:${slug(name)}-${i}`;
    ids.add(id);
    all.sort(
      (a, b) =>
        articleRank.get(a.articleId)! - articleRank.get(b.articleId)! ||
        a.paragraph - b.paragraph ||
        a.offset - b.offset,
    );
    const mentions: Mention[] = all.map((m) => ({
      articleId: m.articleId,
      paragraph: m.paragraph,
      surface: intern(m.surface),
    }));
    const variants = new Set<string>();
    for (const m of all) variants.add(m.surface);
    for (const [, words] of c.deglued) variants.add(words.join(' '));
    variants.delete(name);
    const roles: Role[] = [];
    if (c.kind === 'person') {
      for (const m of all)
        for (const r of m.roles) roles.push({ text: r, articleId: m.articleId, paragraph: m.paragraph });
    }
    out.push({ id, kind: c.kind, name, variants: [...variants], mentions, roles: dedupeRoles(roles) });
  }
  return out.sort((a, b) => b.mentions.length - a.mentions.length || (a.id < b.id ? -1 : 1));
}
