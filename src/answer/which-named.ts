/**
 * "Which journal published the study?", "Which comet leaves the debris behind the Orionids?", "In
 * which journal did the study appear?": a question for the name of a thing of a kind that news
 * names (a journal, a film, a comet, a hotel). The answer is the name the best passages give as one
 * of that kind, in the ways English news writes it:
 *
 * - the kind, then the name: "published in the journal Current Biology", "World War One film
 *   “1917,” the big winner", "a drug called Zolgensma";
 * - the name ending on the kind: "Frontiers in Ecology and the Environment journal", "Halley’s Comet";
 * - the name, then the kind in apposition: "Zolgensma, a gene therapy drug,".
 *
 * Names the question itself holds are not answers. Nothing found leaves the question to the other
 * answerers (undefined).
 */
import type { DossierIndex } from '../index/model.js';
import type { Hit } from '../index/search/search.js';
import { fold, processTerm, queryTerms } from '../index/terms.js';
import { matchesOf } from '../corpus/text.js';
import { collapseWhitespace, leadersAnswer, positionOf, withoutEndMarks, type Ranked } from './common.js';
import type { Scope } from './filter.js';
import { evidenceWeight, mergeHits, onTheNames, topicHits } from './topic.js';
import { heldCount } from './tokens.js';
import type { Answer } from './types.js';

/** Kinds of things news names, each with the words articles also use for it. */
const KINDS: Record<string, string[]> = {
  journal: ['journal'],
  magazine: ['magazine'],
  film: ['film', 'movie'],
  movie: ['movie', 'film'],
  documentary: ['documentary', 'film'],
  book: ['book', 'novel', 'memoir'],
  novel: ['novel', 'book'],
  memoir: ['memoir', 'book'],
  song: ['song', 'single', 'track'],
  single: ['single', 'song'],
  album: ['album', 'record'],
  show: ['show', 'series', 'programme', 'program'],
  series: ['series', 'show'],
  podcast: ['podcast'],
  comet: ['comet'],
  asteroid: ['asteroid'],
  galaxy: ['galaxy'],
  telescope: ['telescope'],
  spacecraft: ['spacecraft', 'probe'],
  probe: ['probe', 'spacecraft'],
  rover: ['rover'],
  rocket: ['rocket'],
  satellite: ['satellite'],
  mission: ['mission'],
  ship: ['ship', 'vessel'],
  vessel: ['vessel', 'ship'],
  drug: ['drug', 'medication', 'medicine', 'treatment'],
  vaccine: ['vaccine'],
  virus: ['virus'],
  app: ['app', 'application'],
  hotel: ['hotel'],
  restaurant: ['restaurant'],
  festival: ['festival'],
  award: ['award', 'prize'],
  prize: ['prize', 'award'],
  law: ['law', 'act', 'bill'],
  bill: ['bill', 'act', 'law'],
  operation: ['operation'],
  storm: ['storm', 'hurricane', 'typhoon'],
  hurricane: ['hurricane', 'storm'],
  typhoon: ['typhoon', 'storm'],
};

/** "which journal …", "in which film …", "what comet …" (group 1 the modifiers, 2 the kind, 3 the rest). */
const WHICH_KIND = new RegExp(
  String.raw`^(?:(?:in|on|at|from|by|for|to|with)\s+)?(?:which|what)\s+((?:[\p{L}'’-]+\s+){0,2}?)(${Object.keys(KINDS).join('|')})s?\s+(\S.*)$`,
  'iu',
);

/** A capitalised name, "of", "in", "and the" joining its words ("Frontiers in Ecology and the Environment"). */
const NAME = String.raw`\p{Lu}[\p{L}\p{M}\p{N}'’.&-]*(?:\s+(?:(?:of|in|and|on|for|de|la|the)\s+){0,2}\p{Lu}[\p{L}\p{M}\p{N}'’.&-]*)*`;
/** A title in quotation marks. */
const QUOTED = String.raw`[“"]([^”"]{1,80}?)[,.]?[”"]`;
/** The passages this many deep are read for names. */
const READ_HITS = 10;
/** The articles of this many of the best passages are the question's stories. */
const STORY_HITS = 3;
/** What a sentence of such a story counts, as a number of the question's words it holds. */
const STORY_HELD = 0.5;
/** Runners-up named beside the best must score this share of it. */
const ALSO_SHARE = 0.5;

interface Named extends Ranked {
  name: string;
}

/** The names a sentence gives as things of the kind (any of `words`), in the order they stand. */
export function namesOfKind(sentence: string, words: string[]): string[] {
  const { after, ending, apposed, suchAs } = patternsOf(words);
  const out: string[] = [];
  // The kind, then the name: "the journal Current Biology", "film “1917,”", "a drug called Zolgensma".
  for (const m of matchesOf(after, sentence)) out.push(m[1] ?? m[2]!);
  // The name ending on the kind: "Frontiers in Ecology and the Environment journal", "Halley’s Comet".
  for (const m of matchesOf(ending, sentence)) {
    const whole = m[0];
    // "World War One film “1917,”": a name after the kind is its name; the one before describes it.
    if (NAME_NEXT.test(sentence.slice((m.index ?? 0) + whole.length))) continue;
    // "Halley’s Comet": the kind is part of the name when capitalised.
    out.push(CAPITAL_AFTER_SPACE.test(whole.slice(m[1]!.length)) ? whole : m[1]!);
  }
  // The name, then the kind in apposition: "Zolgensma, a gene therapy drug,".
  for (const m of matchesOf(apposed, sentence)) out.push(m[1]!);
  // The kind, then an example: "Some hotel groups even offer a discount …, such as The Hoxton".
  for (const m of matchesOf(suchAs, sentence)) out.push(m[1] ?? m[2]!);
  return out.map(clean).filter((n) => n.length > 1 && !LEADING_ONLY.test(n));
}

/** The patterns of `namesOfKind` for one list of words for a kind, made once. */
interface KindPatterns {
  after: RegExp;
  ending: RegExp;
  apposed: RegExp;
  suchAs: RegExp;
}
const patterns = new Map<string, KindPatterns>();

function patternsOf(words: string[]): KindPatterns {
  const key = words.join('|');
  let p = patterns.get(key);
  if (!p) {
    // Either case for the kind's first letter ("Comet"), the name's own capitals kept.
    const kind = words.map((w) => `[${w[0]!.toLowerCase()}${w[0]!.toUpperCase()}]${w.slice(1)}`).join('|');
    p = {
      after: new RegExp(
        String.raw`\b(?:${kind})s?\s+(?:(?:called|named|titled|dubbed|known as)\s+)?(?:${QUOTED}|(${NAME}))`,
        'gu',
      ),
      ending: new RegExp(String.raw`(${NAME})\s+(?:${kind})s?\b`, 'gu'),
      apposed: new RegExp(String.raw`(${NAME}),\s+(?:a|an|the)\s+(?:[\p{L}-]+\s+){0,3}(?:${kind})s?\b`, 'gu'),
      suchAs: new RegExp(
        String.raw`\b(?:${kind})s?\b(?:\s+[\p{Ll}-]+){0,12}?,?\s+such\s+as\s+(?:${QUOTED}|(${NAME}))`,
        'gu',
      ),
    };
    patterns.set(key, p);
  }
  return p;
}

const CAPITAL_AFTER_SPACE = /\s\p{Lu}/u;
/** A name or a quoted title right after the kind. */
const NAME_NEXT = /^\s+(?:[“"]|\p{Lu})/u;
const TRAILING = /[\s,.;:'’]+$/;
const LEADING_THE = /^(?:The|A|An)\s+(?=\p{Lu})/u;
/** A name that is only a sentence-opening word ("Some hotel groups …" names no hotel). */
const LEADING_ONLY =
  /^(?:The|A|An|This|That|These|Those|Its|Their|His|Her|Our|My|Your|In|On|At|Some|Many|Most|All|Several|Few|Both|Each|Every|Other|Such|No|Any)$/;

function clean(name: string): string {
  return name.replace(TRAILING, '').replace(LEADING_THE, '').trim();
}

export function answerWhichNamed(
  index: DossierIndex,
  rawQuery: string,
  offset: number,
  scope: Scope | undefined,
): Answer | undefined {
  const query = collapseWhitespace(rawQuery);
  const m = WHICH_KIND.exec(withoutEndMarks(query));
  if (!m) return undefined;
  const kindWords = KINDS[m[2]!.toLowerCase()]!;
  const topic = `${m[1]!}${m[2]!} ${m[3]!}`;
  // The passages on the topic, in the question's word for the kind and in the others ("film" for
  // "movie"): each passage once, with its better score.
  const found = mergeHits(
    kindWords.map((word) => topicHits(index, `${m[1]!}${word} ${m[3]!}`, 40, true, scope).hits),
  );
  const hits = onTheNames(index, query, topic, found);
  let ranked = rankNames(hits, topic, kindWords);
  if (ranked.length === 0) ranked = namedInStories(index, hits, kindWords, fold(topic));
  if (ranked.length === 0) return undefined;
  citeStories(index, hits, ranked, kindWords);
  return leadersAnswer(
    index,
    'what',
    query,
    offset,
    { ranked, share: ALSO_SHARE, hits, label: (n) => n.name },
    scope,
  );
}

/** The names the best passages give as things of the kind, by how well their sentences match. */
function rankNames(hits: Hit[], topic: string, kindWords: string[]): Named[] {
  const terms = new Set(queryTerms(topic));
  const kindTerms = new Set(kindWords.map((w) => processTerm(w) ?? w));
  // What the question says besides the kind: a sentence must hold some of it.
  const about = new Set([...terms].filter((t) => !kindTerms.has(t)));
  const foldedTopic = fold(topic);
  const top = hits[0]?.score ?? 1;
  const found = new Map<string, Named>();
  // The stories of the best passages: a sentence there that names a thing of the kind without the
  // question's other words ("A new research paper published in X journal …") still counts, for less.
  const stories = new Set(hits.slice(0, STORY_HITS).map((h) => h.article.id));
  for (const hit of hits.slice(0, READ_HITS)) {
    const weight = evidenceWeight(hit, top);
    for (const sentence of hit.paragraph.sentences) {
      let held = about.size > 0 ? heldCount(sentence, about, true) : 1;
      if (held === 0 && stories.has(hit.article.id)) held = STORY_HELD;
      if (held === 0) continue;
      for (const name of namesOfKind(sentence, kindWords)) {
        const key = fold(name);
        if (foldedTopic.includes(key)) continue;
        const score = weight * (held / Math.max(1, about.size));
        let entry = found.get(key);
        if (!entry) found.set(key, (entry = { name, score: 0, articles: new Set(), positions: new Map() }));
        entry.score += score;
        entry.articles.add(hit.article.id);
        entry.positions.set(hit.pos, Math.max(entry.positions.get(hit.pos) ?? 0, score));
      }
    }
  }
  return [...found.values()].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
}

/**
 * The names of the kind that the stories of the best passages give anywhere, when no passage on the
 * question names one: "A new research paper published in X journal …" opens the story whose later
 * paragraphs hold the question's words. Each story's first such name, in story order.
 */
function namedInStories(index: DossierIndex, hits: Hit[], kindWords: string[], foldedTopic: string): Named[] {
  const out: Named[] = [];
  const stories = [...new Set(hits.slice(0, STORY_HITS).map((h) => h.article))];
  stories.forEach((article, rank) => {
    for (const paragraph of article.paragraphs) {
      const name = paragraph.sentences
        .flatMap((s) => namesOfKind(s, kindWords))
        .find((n) => !foldedTopic.includes(fold(n)));
      const pos = name === undefined ? undefined : positionOf(index, article.id, paragraph.n);
      if (name === undefined || pos === undefined) continue;
      const score = STORY_HELD / (1 + rank);
      out.push({ name, score, articles: new Set([article.id]), positions: new Map([[pos, score]]) });
      return;
    }
  });
  return out.sort((a, b) => b.score - a.score);
}

/**
 * Adds to each name the other passages of the best passages' stories that name it as a thing of
 * the kind ("the cosmic breadcrumbs left by Halley’s Comet" two paragraphs before the passage on
 * the question), below the passages that found it: they show where else the story says so.
 */
function citeStories(index: DossierIndex, hits: Hit[], ranked: Named[], kindWords: string[]): void {
  const byKey = new Map(ranked.map((n) => [fold(n.name), n]));
  const stories = [...new Set(hits.slice(0, STORY_HITS).map((h) => h.article))];
  for (const article of stories) {
    for (const paragraph of article.paragraphs) {
      const pos = positionOf(index, article.id, paragraph.n);
      if (pos === undefined) continue;
      for (const name of paragraph.sentences.flatMap((s) => namesOfKind(s, kindWords))) {
        const entry = byKey.get(fold(name));
        if (!entry || entry.positions.has(pos)) continue;
        const least = Math.min(...entry.positions.values());
        entry.positions.set(pos, least * STORY_HELD);
      }
    }
  }
}
