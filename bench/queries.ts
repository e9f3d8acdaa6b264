/**
 * The benchmark's questions, derived from the corpus itself (never a hand-made list of names), so
 * they make sense for whatever corpus is indexed and the same seed always gives the same set.
 *
 * - who: person names from the index's entity table, half among the most named, half rare (2–5
 *   mentions). Only names whose words are capitalised in ≥ 90 % of their occurrences in the text
 *   (so "Wayne State" or "Magistrate of the United States" from a noisy extraction are skipped).
 * - when / where / what / search: topics from frequent content words (words written in lower case,
 *   not stop words) and frequent adjacent pairs of them ("tax cut").
 * - ask: questions built from templates and corpus terms ("Who is …?", "How many … were there?",
 *   "Where did the … take place?"), plus long questions full of common words: a few built from a
 *   template, and real corpus sentences turned into a question ("Is it true that …?").
 * - autocomplete: prefixes (3–5 letters) of the names above for /who, of topics for /when.
 * - typos: a surname (≥ 5 letters, capitalised ≥ 90 % of the time) with one edit (two for names of
 *   8+ letters, every other one), never on the first letter, never a word of the corpus; alone or
 *   after a first name. The expected set is every paragraph whose text contains the correct surname
 *   as a word: a typo query "finds the right name" when one of its top 10 paragraphs is in that set.
 *
 *   npx tsx bench/queries.ts 10000 [--seed 7] [--per-kind 40]   # prints the query set as JSON
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_QUERY } from '../commands/shared.js';
import type { DossierIndex } from '../src/index/model.js';
import { levenshtein } from '../src/index/edit-distance.js';
import { fold, STOP_WORDS, words } from '../src/index/terms.js';

export const LATENCY_KINDS = ['who', 'when', 'where', 'what', 'ask', 'search', 'autocomplete'] as const;
export type LatencyKind = (typeof LATENCY_KINDS)[number];

export interface BenchQuery {
  kind: LatencyKind;
  /** The text a user types: the name, topic, question or search terms; for autocomplete the prefix. */
  text: string;
  /** For autocomplete: which command's option is being completed. */
  command?: 'who' | 'when';
  /** Where the query came from (for reading results): "frequent name", "long template", … */
  note: string;
}

export interface TypoQuery {
  /** The correct surname. */
  name: string;
  /** What the user typed (the surname with edits, maybe after a first name). */
  query: string;
  edits: 1 | 2;
  /** Positions (in `index.paragraphs`, = search ids) of every paragraph containing `name` as a word. */
  expected: Set<number>;
}

export interface QuerySet {
  seed: number;
  paragraphs: number;
  queries: Record<LatencyKind, BenchQuery[]>;
  typos: TypoQuery[];
}

export interface QuerySetOptions {
  seed?: number;
  /** Queries per latency kind (default 40). */
  perKind?: number;
  /** Typo queries (default 60). */
  typos?: number;
}

/** mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface WordStats {
  /** Paragraphs containing the folded word. */
  df: number;
  /** Occurrences starting with a capital letter / in total. */
  capital: number;
  total: number;
  /** Occurrences right after "the", "a" or "an" (a cheap sign of a noun). */
  afterArticle: number;
}

interface Vocabulary {
  words: Map<string, WordStats>;
  /** Adjacent lower-case content-word pairs after an article ("the tax cut") → paragraphs containing them. */
  pairs: Map<string, number>;
  /** Sentences of 14–40 words, sampled (every k-th), for long questions. */
  sentences: string[];
}

const isLetters = (w: string) => /^\p{L}+$/u.test(w);

function vocabulary(index: DossierIndex): Vocabulary {
  const stats = new Map<string, WordStats>();
  const pairs = new Map<string, number>();
  const sentences: string[] = [];
  const every = Math.max(1, Math.floor(index.paragraphs.length / 400));
  index.paragraphs.forEach((p, i) => {
    const seen = new Set<string>();
    const seenPairs = new Set<string>();
    let prev: string | undefined;
    let article = false;
    let prevArticle = false;
    for (const w of words(p.text)) {
      const f = fold(w);
      const afterArticle = article;
      article = f === 'the' || f === 'a' || f === 'an';
      let s = stats.get(f);
      if (!s) stats.set(f, (s = { df: 0, capital: 0, total: 0, afterArticle: 0 }));
      s.total++;
      if (afterArticle) s.afterArticle++;
      if (/^\p{Lu}/u.test(w)) s.capital++;
      if (!seen.has(f)) {
        seen.add(f);
        s.df++;
      }
      const content = isLetters(w) && w === f && f.length >= 4 && !STOP_WORDS.has(f);
      if (content && prev && prevArticle) {
        const pair = `${prev} ${f}`;
        if (!seenPairs.has(pair)) {
          seenPairs.add(pair);
          pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
        }
      }
      prev = content ? f : undefined;
      prevArticle = afterArticle;
    }
    if (i % every === 0) {
      for (const s of p.sentences) {
        const n = s.split(/\s+/).length;
        if (n >= 14 && n <= 40 && !/[“”"]/.test(s)) {
          sentences.push(s);
          break;
        }
      }
    }
  });
  return { words: stats, pairs, sentences };
}

/** Up to n queries with distinct texts (a repeated query would measure a warm path twice). */
function distinct(n: number, make: (i: number) => BenchQuery): BenchQuery[] {
  const out: BenchQuery[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < n && i < n * 20; i++) {
    const q = make(i);
    const key = `${q.command ?? ''}|${q.text.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(q);
  }
  return out;
}

function pick<T>(items: readonly T[], n: number, rand: () => number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]!);
  return out;
}

/** Takes n items cycling through `sources` in turn (so each kind mixes its sources evenly). */
function interleave<T>(sources: T[][], n: number): T[] {
  const out: T[] = [];
  for (let i = 0; out.length < n && sources.some((s) => s.length); i++) {
    const s = sources[i % sources.length]!;
    if (s.length) out.push(s.shift()!);
  }
  return out;
}

function isProperWord(v: Vocabulary, w: string): boolean {
  const s = v.words.get(fold(w));
  return !!s && s.total > 0 && s.capital / s.total >= 0.9;
}

const NAME_SHAPE = /^\p{Lu}[\p{L}'’.-]*(?: \p{Lu}[\p{L}'’.-]*){0,3}$/u;

export function buildQuerySet(index: DossierIndex, opts: QuerySetOptions = {}): QuerySet {
  const seed = opts.seed ?? 7;
  const perKind = opts.perKind ?? 40;
  const typoCount = opts.typos ?? 60;
  const rand = rng(seed);
  const v = vocabulary(index);

  // --- names -------------------------------------------------------------------------------
  const people = index.entities
    .filter((e) => e.kind === 'person' && NAME_SHAPE.test(e.name) && !/ of /i.test(e.name))
    .filter((e) => e.name.split(' ').every((w) => w.length <= 2 || isProperWord(v, w)))
    .sort((a, b) => b.mentions.length - a.mentions.length || a.name.localeCompare(b.name));
  const frequentPeople = people.slice(0, Math.max(10, Math.ceil(people.length / 10)));
  const rarePeople = people.filter((e) => e.mentions.length >= 2 && e.mentions.length <= 5);
  const names = interleave(
    [
      pick(frequentPeople, perKind, rand).map((e) => ({ name: e.name, note: 'frequent name' })),
      pick(rarePeople, perKind, rand).map((e) => ({ name: e.name, note: 'rare name' })),
    ],
    perKind * 2,
  )
    // In a small corpus a "frequent" name can be a rare one too: each name once.
    .filter((n, i, all) => all.findIndex((m) => m.name === n.name) === i)
    .slice(0, perKind);

  // --- topics -------------------------------------------------------------------------------
  const lowerWords = [...v.words]
    .filter(
      ([w, s]) =>
        isLetters(w) &&
        w.length >= 4 &&
        !STOP_WORDS.has(w) &&
        s.capital / s.total < 0.5 &&
        s.afterArticle / s.total >= 0.25,
    )
    .sort((a, b) => b[1].df - a[1].df || a[0].localeCompare(b[0]));
  const topWords = lowerWords.slice(0, 300).map(([w]) => w);
  const midWords = lowerWords.slice(300, 2000).map(([w]) => w);
  const topPairs = [...v.pairs]
    .filter(([, n]) => n >= 3)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 300)
    .map(([p]) => p);
  // Frequent words 45 %, the next tier 25 %, frequent pairs 30 % (a pool that is empty in a small
  // corpus passes its share on to the next one).
  const pools: [number, string[]][] = [
    [0.45, topWords],
    [0.7, midWords],
    [1, topPairs],
  ];
  const fallback = topWords.length ? topWords : ['news'];
  const topic = () => {
    const r = rand();
    const pool = pools.find(([upTo, p]) => r < upTo && p.length)?.[1] ?? pools.find(([, p]) => p.length)?.[1];
    const from = pool ?? fallback;
    return from[Math.floor(rand() * from.length)]!;
  };
  const plurals = topWords.filter((w) => w.endsWith('s') && !/(ss|us|is)$/.test(w));

  const topicQueries = (kind: LatencyKind, wrap: (t: string) => string): BenchQuery[] =>
    distinct(perKind, () => {
      const t = topic();
      return { kind, text: wrap(t), note: t.includes(' ') ? 'frequent pair' : 'topic word' };
    });

  const who: BenchQuery[] = names.map((n) => ({ kind: 'who', text: n.name, note: n.note }));
  const when = topicQueries('when', (t) => `the ${t}`);
  const where = topicQueries('where', (t) => `the ${t}`);
  const what = topicQueries('what', (t) => t);
  const search: BenchQuery[] = distinct(perKind, (i) => {
    const n = 1 + (i % 3);
    const text = Array.from({ length: n }, () => topic()).join(' ');
    return { kind: 'search', text, note: `${n} topic${n > 1 ? 's' : ''}` };
  });

  // --- ask ----------------------------------------------------------------------------------
  const name = () => names[Math.floor(rand() * names.length)]?.name ?? topic();
  const surname = () => name().split(' ').at(-1)!;
  const templates: [string, () => string][] = [
    ['who template', () => `Who is ${name()}?`],
    ['when template', () => `When was the ${topic()}?`],
    ['where template', () => `Where did the ${topic()} take place?`],
    [
      'how-many template',
      () => `How many ${plurals[Math.floor(rand() * plurals.length)] ?? topic()} were there?`,
    ],
    ['said template', () => `What did ${surname()} say about the ${topic()}?`],
    ['what template', () => `What happened to the ${topic()} after the ${topic()}?`],
    [
      'long template',
      () =>
        `Can you tell me what all of the people who were there have said about the ${topic()} and the ${topic()}, ` +
        `and what it was that they would have wanted to do about it in the years that came after that?`,
    ],
    [
      'long sentence',
      () =>
        `Is it true that ${lowerFirst(v, v.sentences[Math.floor(rand() * v.sentences.length)] ?? topic())}`,
    ],
  ];
  const ask: BenchQuery[] = distinct(perKind, (i) => {
    const [note, make] = templates[i % templates.length]!;
    return {
      kind: 'ask',
      text: withinLimit(make())
        .replace(/[.!]?$/, (m) => (m === '?' ? m : '?'))
        .replace(/\?\?$/, '?'),
      note,
    };
  });

  // --- autocomplete -------------------------------------------------------------------------
  const autocomplete: BenchQuery[] = distinct(perKind, (i) => {
    const len = 3 + (i % 3);
    if (i % 3 === 2) {
      const t = topic();
      return { kind: 'autocomplete', command: 'when', text: t.slice(0, len), note: '/when topic prefix' };
    }
    const n = names[i % Math.max(1, names.length)]?.name ?? topic();
    const word = i % 2 ? n.split(' ').at(-1)! : n;
    return { kind: 'autocomplete', command: 'who', text: word.slice(0, len), note: '/who name prefix' };
  });

  // --- typos --------------------------------------------------------------------------------
  const typos = typoQueries(index, v, people, typoCount, rand);

  return {
    seed,
    paragraphs: index.paragraphs.length,
    queries: { who, when, where, what, ask, search, autocomplete },
    typos,
  };
}

/**
 * A question a user could send: Discord refuses a text option longer than the commands' max_length
 * (MAX_QUERY), so a long sentence is cut at a word boundary, leaving room for the question mark.
 */
function withinLimit(question: string): string {
  if (question.length <= MAX_QUERY) return question;
  const cut = question.slice(0, MAX_QUERY - 1);
  const space = cut.lastIndexOf(' ');
  return (space > 0 ? cut.slice(0, space) : cut).replace(/[\s,;:—–-]+$/, '');
}

/** "The jury said …" → "the jury said …", but "Kennedy said …" stays as written. */
function lowerFirst(v: Vocabulary, s: string): string {
  const first = s.split(' ')[0] ?? '';
  return isProperWord(v, first) ? s : s.charAt(0).toLowerCase() + s.slice(1);
}

/** Honorifics are not first names ("Miss Rickenbaugh" is typed as "Rickenbaugh" or not at all). */
const TITLES = new Set([
  'miss',
  'mrs',
  'mr',
  'ms',
  'dr',
  'sir',
  'gen',
  'col',
  'capt',
  'sen',
  'rep',
  'gov',
  'lady',
  'lord',
]);

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One Levenshtein edit (substitute, delete or insert) at a position ≥ 1, keeping the first letter. */
function edit(word: string, rand: () => number): string {
  const op = Math.floor(rand() * 3);
  const at = 1 + Math.floor(rand() * (word.length - 1));
  const letter = () => LETTERS[Math.floor(rand() * LETTERS.length)]!;
  if (op === 0) {
    let c = letter();
    while (c === word[at]?.toLowerCase()) c = letter();
    return word.slice(0, at) + c + word.slice(at + 1);
  }
  if (op === 1 && word.length > 4) return word.slice(0, at) + word.slice(at + 1);
  return word.slice(0, at) + letter() + word.slice(at);
}

function typoQueries(
  index: DossierIndex,
  v: Vocabulary,
  people: DossierIndex['entities'],
  count: number,
  rand: () => number,
): TypoQuery[] {
  // Surnames: the last word of a person's name, ≥ 5 letters, written capitalised.
  const bySurname = new Map<string, { surname: string; first?: string; mentions: number }>();
  for (const e of people) {
    const parts = e.name.split(' ');
    const last = parts.at(-1)!;
    if (last.length < 5 || !isLetters(last) || !isProperWord(v, last)) continue;
    const key = fold(last);
    if ((v.words.get(key)?.df ?? 0) < 2 || bySurname.has(key)) continue;
    const first =
      parts.length > 1 && isLetters(parts[0]!) && parts[0]!.length > 2 && !TITLES.has(fold(parts[0]!))
        ? parts[0]
        : undefined;
    bySurname.set(key, { surname: last, first, mentions: e.mentions.length });
  }
  const candidates = [...bySurname.values()];
  const frequent = candidates.slice(0, Math.max(10, Math.ceil(candidates.length / 5)));
  const chosen = interleave(
    [pick(frequent, count, rand), pick(candidates.slice(frequent.length), count, rand)],
    count,
  );

  const out: TypoQuery[] = [];
  chosen.forEach((c, i) => {
    const edits: 1 | 2 = c.surname.length >= 8 && i % 2 === 1 ? 2 : 1;
    let typo = c.surname;
    for (let attempt = 0; attempt < 20; attempt++) {
      typo = c.surname;
      for (let k = 0; k < edits; k++) typo = edit(typo, rand);
      if (levenshtein(fold(typo), fold(c.surname)) === edits && !v.words.has(fold(typo))) break;
      typo = '';
    }
    if (!typo) return;
    const query = c.first && i % 3 === 0 ? `${c.first} ${typo}` : typo;
    out.push({ name: c.surname, query, edits, expected: new Set() });
  });

  // The expected sets: every paragraph with the correct surname as a word, in one pass.
  const groups = new Map<string, TypoQuery[]>();
  for (const q of out) groups.set(fold(q.name), [...(groups.get(fold(q.name)) ?? []), q]);
  index.paragraphs.forEach((p, pos) => {
    for (const w of words(p.text)) {
      const g = groups.get(fold(w));
      if (g) for (const q of g) q.expected.add(pos);
    }
  });
  return out.filter((q) => q.expected.size > 0);
}

/**
 * recall@10: the share of typo queries whose top 10 results hold a paragraph of the right name. Each
 * result is the positions it stands for (a citation may fold near-duplicates into itself).
 */
export function typoRecall(typos: TypoQuery[], top10: (q: TypoQuery) => number[][]): number {
  if (typos.length === 0) return 0;
  let found = 0;
  for (const q of typos) {
    if (
      top10(q)
        .slice(0, 10)
        .some((group) => group.some((pos) => q.expected.has(pos)))
    )
      found++;
  }
  return found / typos.length;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  const n = Number(argv.find((a) => /^\d+$/.test(a)) ?? 1000);
  const { ensureBenchCorpus } = await import('./corpus.js');
  const { loadCorpus } = await import('../src/corpus/index.js');
  const { buildIndex } = await import('../src/index/build/build.js');
  const index = buildIndex(await loadCorpus(ensureBenchCorpus(n).dir));
  const set = buildQuerySet(index, { seed: arg('--seed'), perKind: arg('--per-kind') });
  process.stdout.write(
    JSON.stringify(
      {
        ...set,
        typos: set.typos.map((t) => ({ ...t, expected: t.expected.size })),
      },
      null,
      2,
    ) + '\n',
  );
}
