/** Topic search shared by /when, /where, /what, /search and /timeline. */
import { lineRuleFor } from '../corpus/chrome-rules.js';
import type { DossierIndex } from '../index/model.js';
import { copyTableIfBuilt } from '../index/search/copies.js';
import { isIndexTerm } from '../index/search/vocabulary.js';
import { searchParagraphs, type Hit, type SearchResult } from '../index/search/search.js';
import { processTerm, queryTerms, words } from '../index/terms.js';
import type { Article } from '../corpus/types.js';
import { heldCount } from './tokens.js';
import { foldGroups, type Group } from './common.js';
import { allows, type Scope } from './filter.js';

/** Closing ?, ! or . and any whitespace after them. */
const TRAILING_PUNCTUATION = /[?!.]+\s*$/u;
/** A question word and its auxiliary verb: "when is ", "where did ", "how ". */
const QUESTION_OPENING =
  /^\s*(when|where|what|how|which|who)\b(\s+(is|was|are|were|did|does|do|will|has|have|had|would|could|can))?\s+/i;
const HYPHEN = /-/g;

/** Question wording that is not part of the topic ("when is the summit?" → "summit"). */
export function bareTopic(query: string): string {
  return query.replace(TRAILING_PUNCTUATION, '').replace(QUESTION_OPENING, '').trim();
}

/**
 * The passages about a topic, best first: `limit` distinct passages, each followed by the copies of it
 * other articles carry (syndicated or near-duplicate paragraphs).
 *
 * - The two words of a two-word topic must meet: when any paragraph's text holds both, only such
 *   paragraphs are taken ("shark attack" never answers from a paragraph that holds only "attack");
 *   the search's partial matches are used only when no paragraph holds both. A longer question keeps
 *   the search's own coverage rule, as its wording has words the passages need not repeat ("near",
 *   "people"). For any topic of several words, a paragraph where the words meet in one sentence ranks
 *   above one where they are sentences apart.
 * - Copies are folded before the window is filled: when a corpus carries the same article many
 *   times, the copies of the best passages would otherwise take every place in the window and push
 *   the other passages (and their dates, places, figures) out. The search is asked for more until
 *   the window holds `limit` distinct passages (up to FETCH_MAX times the window).
 */
export function topicHits(
  index: DossierIndex,
  topic: string,
  limit = 40,
  recall = false,
  scope?: Scope,
): { hits: Hit[]; noTerms: boolean; groups: Group[] } {
  // Page furniture ("Leave a Reply") is stripped from the articles: never cite a look-alike for it.
  if (lineRuleFor(topic.trim())) return { hits: [], noTerms: false, groups: [] };
  // A name ("Ivo Marsh") is not held to the two-word rule: news names a person in full once and by
  // surname after ("the 63-year-old Marsh said").
  const terms = queryTerms(topic);
  const count = isName(topic) ? 0 : terms.length;
  const several = terms.length > 1;
  // An article filter: only the paragraphs of the articles it allows are searched.
  const allow = scope ? { allow: scope.mask() } : {};
  const searchFor = (fetch: number) => {
    const result =
      count === 2
        ? searchParagraphs(index, topic, { limit: fetch, recall: true, minCoverage: 1, ...allow })
        : searchParagraphs(index, topic, { limit: fetch, recall, ...allow });
    // A near spelling does not make the words meet ("waiting … cost" for "paintings cost") when the
    // corpus has the word itself: typo tolerance is for words the articles do not use.
    return count === 2 && !result.hits.some((h) => bothHeld(index, h, terms))
      ? searchParagraphs(index, topic, { limit: fetch, recall, ...allow })
      : result;
  };
  // The search's ranking is one order whatever the limit, so the first `fetch` hits of a larger
  // search are what a search for `fetch` gives. Where copies are common, the first search asks at
  // once for as many as the window will likely need; the steps below read its first hits.
  // (A size the steps below take, so a step never needs a search just above this one.)
  const likely = limit * copiesPerPassage(index);
  let wanted = limit;
  while (wanted < likely && wanted < limit * FETCH_MAX) wanted = Math.min(limit * FETCH_MAX, wanted * 4);
  let pool: { result: SearchResult; limit: number } | undefined;
  for (let fetch = limit; ;) {
    if (!pool || pool.limit < fetch) {
      const size = Math.max(fetch, wanted);
      pool = { result: searchFor(size), limit: size };
    }
    const result =
      pool.limit === fetch ? pool.result : { ...pool.result, hits: pool.result.hits.slice(0, fetch) };
    if (result.empty === 'no-terms') return { hits: [], noTerms: true, groups: [] };
    const hits = several
      ? sentenceFirst(
          result.hits,
          Math.min(limit, SENTENCE_HEAD),
          copyTableIfBuilt(index)?.first,
          phraseOf(topic),
        )
      : result.hits;
    const groups = foldGroups(
      index,
      hits.map((h) => ({ pos: h.pos, score: h.score, matched: h.matched })),
      limit,
    );
    const copies = groups.reduce((n, g) => n + g.positions.length - 1, 0);
    // Fetch again only when copies took a real share of the window (a few near-duplicates in an
    // ordinary corpus are not worth a second search) and the search had more to give.
    if (
      groups.length >= limit ||
      result.hits.length < fetch ||
      copies <= limit / 8 ||
      fetch >= limit * FETCH_MAX
    ) {
      const kept = new Set(groups.flatMap((g) => g.positions));
      return { hits: hits.filter((h) => kept.has(h.pos)), noTerms: false, groups };
    }
    fetch = Math.min(limit * FETCH_MAX, fetch * 4);
  }
}

/**
 * How many paragraphs a corpus holds per distinct text, with a margin (1 where copies are rare): how
 * much larger than the window a search must be for the window to hold that many distinct passages.
 */
function copiesPerPassage(index: DossierIndex): number {
  const table = copyTableIfBuilt(index);
  const n = index.paragraphs.length;
  if (!table || n === 0 || table.copies <= n / 8) return 1;
  return (1.25 * n) / (n - table.copies);
}

/** Whether the hit's text holds each term itself, or a near spelling of one the index does not hold. */
function bothHeld(index: DossierIndex, h: Hit, terms: readonly string[]): boolean {
  return terms.every((t) => h.matched.includes(t) || !isIndexTerm(index, t));
}

/** The window may be filled from up to this many times its size in search results. */
const FETCH_MAX = 16;
/**
 * How many of the best hits are re-ranked by where their words meet: more than any answer reads or a
 * page of /search shows, far fewer than the thousands a common word finds.
 */
const SENTENCE_HEAD = 60;
/** How much more a passage counts when the topic's words meet in one of its sentences. */
const SAME_SENTENCE = 1.25;

/**
 * Hits re-ranked so that those whose matched words meet in one sentence come first, score for score.
 * Only the best `head` hits are re-ranked (reading every sentence of thousands of hits was most of a
 * search's time at 100k paragraphs); the rest follow in the search's order: below the window they
 * decide no citation and no answer.
 */
function sentenceFirst(
  hits: Hit[],
  head: number,
  firstCopy: Int32Array | undefined,
  phrase: RegExp | undefined,
): Hit[] {
  // A word-for-word copy (same text, so the same sentences) is read once: its first copy's answer.
  const meets = new Map<string, boolean>();
  const meet = (h: Hit) => {
    const key = `${firstCopy?.[h.pos] ?? h.pos}\u0000${h.textTerms.length}\u0000${h.matched.join('\u0001')}`;
    let v = meets.get(key);
    if (v === undefined) meets.set(key, (v = wordsMeetInASentence(h)));
    return v;
  };
  const top = hits
    .slice(0, head)
    .map((h) => {
      const factor =
        (meet(h) ? SAME_SENTENCE : 1) *
        (h.coverage >= 1 && holdsPhrase(h.paragraph.sentences, phrase) ? AS_A_PHRASE : 1);
      return factor === 1 ? h : { ...h, score: h.score * factor };
    })
    .sort((a, b) => b.score - a.score || a.pos - b.pos);
  return hits.length > head ? top.concat(hits.slice(head)) : top;
}

/** How much more a passage counts when it holds the topic word for word ("its Blue Moon lander"). */
const AS_A_PHRASE = 1.25;
const NOT_A_WORD = /[^\p{L}\p{N}]+/gu;
const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;
/**
 * A letter or digit, and anything else, for the phrase pattern: Latin letters with their accents, as
 * a plain class. A pattern made per topic with \p{L} took 2 ms to compile, on every new question.
 */
const WORD_CHAR = '[a-z0-9\\u00c0-\\u024f]';
const NOT_WORD_CHAR = '[^a-z0-9\\u00c0-\\u024f]';

/**
 * The topic as a pattern that finds its words in order, with anything but letters and digits between
 * and around them, whatever the case; undefined for a topic of fewer than PHRASE_WORDS words. Made
 * once per topic.
 */
function phraseOf(topic: string): RegExp | undefined {
  let p = phrases.get(topic);
  if (p === undefined) {
    const ws = topic.toLowerCase().split(NOT_A_WORD).filter(Boolean);
    p =
      ws.length < PHRASE_WORDS
        ? null
        : new RegExp(
            `(?:^|${NOT_WORD_CHAR})${ws.map((w) => w.replace(REGEX_SPECIAL, '\\$&')).join(`${NOT_WORD_CHAR}+`)}(?!${WORD_CHAR})`,
            'i',
          );
    if (phrases.size > PHRASES_KEPT) phrases.clear();
    phrases.set(topic, p);
  }
  return p ?? undefined;
}
const phrases = new Map<string, RegExp | null>();
/**
 * A phrase is looked for in topics of this many words or more: the two words of a two-word topic
 * must already meet, and re-ranking them cost more than it gained.
 */
const PHRASE_WORDS = 3;
const PHRASES_KEPT = 1000;

/**
 * Whether a sentence holds the phrase word for word, as written (the pattern is made from the
 * question as written, so no sentence is folded for it: folding one per candidate was answer-path
 * work with nothing to gain). Read from the sentences, as the other checks here are.
 */
function holdsPhrase(sentences: readonly string[], phrase: RegExp | undefined): boolean {
  if (!phrase) return false;
  for (const sentence of sentences) if (phrase.test(sentence)) return true;
  return false;
}

/** Whether one sentence of the paragraph holds as many of the matched words as its text holds query terms. */
function wordsMeetInASentence(hit: Hit): boolean {
  const need = hit.textTerms.length;
  if (need < 2) return true;
  if (hit.paragraph.sentences.length < 2) return true;
  const matched = new Set(hit.matched);
  for (const sentence of hit.paragraph.sentences)
    if (heldCount(sentence, matched, true, need) >= need) return true;
  return false;
}

/**
 * The names in the query that no article holds at all, even spelled a little differently: "Titanic"
 * in "when did the Titanic sink". A question about someone or something the articles never name has
 * no answer in them, however well its other words match. Only capitalised words count (names,
 * places, events): a plain word the articles do not use ("start") may just be the asker's wording.
 */
export function namesNoArticleHolds(
  index: DossierIndex,
  topic: string,
  hits: Hit[],
  scope?: Scope,
): string[] {
  const found = new Set(hits.flatMap((h) => h.queryTerms));
  const missing: string[] = [];
  const capitalised = topic
    .split(WHITESPACE_RUN)
    .filter((w) => CAPITALISED.test(w) && !CALENDAR_WORD.test(w));
  for (const word of capitalised) {
    const terms = queryTerms(word);
    if (terms.length === 0 || terms.some((t) => found.has(t))) continue;
    const allow = scope ? { allow: scope.mask() } : {};
    if (searchParagraphs(index, word, { limit: 1, ...allow }).hits.length > 0) continue;
    // "the VG247 reviewer": an outlet or author names an article too.
    const byline = index.articles.some(
      (a) => (!scope || allows(scope, a.id)) && terms.every((t) => metaNames(a, t)),
    );
    if (!byline) missing.push(word);
  }
  return missing;
}

const WHITESPACE_RUN = /\s+/;
const CAPITALISED = /^\p{Lu}/u;
/** Days and months are capitalised without being names: "recorded on Tuesday" names no one. */
const CALENDAR_WORD =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|august|september|october|november|december)(?:['’]s)?[?.,!]*$/i;

/**
 * The passages of articles that name everything the question names. "How much did Iran raise fuel
 * prices?" is not answered from a car show's "2.5-liter" engine, nor "Who is the CEO of Chime?" from
 * an article that never names Chime, however well their other words match: the question's
 * capitalised words (names, places, events) must be in the passage's article: its title, outlet,
 * author or any of its paragraphs. A word counts as named when the article holds it or a form of it that only adds or
 * drops an ending ("Russian" for "Russia", "Iranian" for "Iran"). The question's first word is its
 * wording, not a name.
 */
export function onTheNames(index: DossierIndex, query: string, topic: string, hits: Hit[]): Hit[] {
  const names = nameWords(query, topic).flatMap((w) => queryTerms(w));
  if (names.length === 0 || hits.length === 0) return hits;
  // An article one of whose hits the name's term found holds it; only the others are read.
  const found = new Map<string, Set<string>>();
  for (const h of hits) {
    let set = found.get(h.article.id);
    if (!set) found.set(h.article.id, (set = new Set()));
    for (const t of h.queryTerms) set.add(t);
  }
  const verdicts = new Map<string, boolean>();
  const naming = new Map<string, Set<string>>();
  const holds = (article: Article, term: string): boolean => {
    let set = naming.get(term);
    if (!set) naming.set(term, (set = articlesNaming(index, term)));
    return set.has(article.id) || metaNames(article, term);
  };
  return hits.filter((h) => {
    let ok = verdicts.get(h.article.id);
    if (ok === undefined) {
      const have = found.get(h.article.id)!;
      ok = names.every((n) => have.has(n) || holds(h.article, n));
      verdicts.set(h.article.id, ok);
    }
    return ok;
  });
}

/** The question's capitalised words after its first: what onTheNames looks for. */
function nameWords(query: string, topic: string): string[] {
  const first = query.trim().split(WHITESPACE_RUN)[0];
  return topic
    .split(WHITESPACE_RUN)
    .filter((w) => w !== first && CAPITALISED.test(w) && !CALENDAR_WORD.test(w) && queryTerms(w).length > 0);
}

/** What to say when every passage on the topic is in an article that does not name what the question names. */
export function namesApart(query: string, topic: string): string {
  const names = nameWords(query, topic).map((w) => w.replace(EDGE_PUNCTUATION, ''));
  const list = names.length > 1 ? `all of ${names.join(', ')}` : names[0];
  return `Nothing found on “${topic.trim()}”: the passages on it are in articles that do not name ${list}.`;
}

const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** The shortest stem two forms of a name share ("iran" of "iranian", "russia" of "russian"). */
const NAME_STEM_MIN = 4;
/** How much longer a form of a name may be than the name ("Iran" → "Iranians"). */
const NAME_FORM_SLACK = 4;

/** What every form of a name begins with ("iran" of "iranian", "russia" of "russian"). */
function stemOf(term: string): string {
  return term.slice(0, Math.max(NAME_STEM_MIN, term.length - 2));
}

/** Whether `t` is the name's term or a form that only adds or changes an ending ("iranian" of "iran"). */
function isFormOf(t: string, term: string): boolean {
  return t === term || (t.startsWith(stemOf(term)) && t.length <= term.length + NAME_FORM_SLACK);
}

/**
 * The articles whose paragraphs (text, title or section) hold the term or a form of it, read from
 * the search index's postings: no article is read word by word (at 100k paragraphs, reading the
 * articles of 40 hits took a tenth of a second). A discarded paragraph's stale posting has no
 * document id and is passed over.
 */
function articlesNaming(index: DossierIndex, term: string): Set<string> {
  const ix = index.search;
  const out = new Set<string>();
  for (const [t, data] of ix._index.atPrefix(stemOf(term))) {
    if (!isFormOf(t, term)) continue;
    for (const postings of data.values()) {
      for (const shortId of postings.keys()) {
        const pos = ix._documentIds.get(shortId);
        const p = pos === undefined ? undefined : index.paragraphs[pos];
        if (p) out.add(p.articleId);
      }
    }
  }
  return out;
}

/** Whether the article's outlet or author holds the term or a form of it ("the Wired writer"). */
function metaNames(article: Article, term: string): boolean {
  for (const w of words(`${article.outlet ?? ''} ${article.author ?? ''}`)) {
    const t = processTerm(w);
    if (t && isFormOf(t, term)) return true;
  }
  return false;
}

/** Clause boundaries inside a sentence: commas, semicolons, colons, dashes and brackets. */
const CLAUSE_MARK = /[,;:—–()]/;

/** The clause of `sentence` that holds `expression` (the whole sentence when it is not found). */
export function clauseOf(sentence: string, expression: string): string {
  const at = sentence.indexOf(expression);
  if (at < 0) return sentence;
  let start = at;
  while (start > 0 && !CLAUSE_MARK.test(sentence[start - 1]!)) start--;
  let end = at + expression.length;
  while (end < sentence.length && !CLAUSE_MARK.test(sentence[end]!)) end++;
  return sentence.slice(start, end);
}

/** A sentence that opens on a subject pronoun: it goes on about the one before it. */
export const PRONOUN_LED = /^\W*(?:he|she|they|it)\s/i;

/**
 * Whether sentence `i` of a paragraph holds one of the matched terms, asked sentence by sentence:
 * only the sentences asked about are tokenised (a date's or a name's sentence), not the whole
 * paragraph, and each once.
 */
export function sentenceTest(
  sentences: readonly string[],
  matched: Iterable<string>,
): (i: number) => boolean {
  const wanted = matched instanceof Set ? (matched as ReadonlySet<string>) : new Set(matched);
  const known: (boolean | undefined)[] = [];
  return (i) => {
    let v = known[i];
    if (v === undefined) {
      const sentence = sentences[i];
      v = sentence !== undefined && heldCount(sentence, wanted, false, 1) > 0;
      known[i] = v;
    }
    return v;
  };
}

/**
 * How much one passage's evidence counts, relative to the best passage: the square root compresses
 * BM25's spread, so several good passages that agree outweigh one excellent passage.
 */
export function evidenceWeight(hit: Hit, topScore: number): number {
  return Math.sqrt(hit.score / (topScore || 1));
}

/** What to say when nothing matches: page furniture is named as such, anything else as not found. */
export function nothingAbout(topic: string): string {
  const text = topic.trim();
  const rule = lineRuleFor(text);
  if (rule) {
    return `“${text}” is page furniture (${rule.name.replace(HYPHEN, ' ')}), which Dossier leaves out of the articles. Ask about what the articles report.`;
  }
  return `Nothing about “${text}” appears in the articles.`;
}

const TOPIC_WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/** Whether every word of the topic that is indexed is capitalised: a name, not a phrase. */
function isName(topic: string): boolean {
  const indexed = (topic.match(TOPIC_WORD) ?? []).filter((w) => queryTerms(w).length > 0);
  return indexed.length > 0 && indexed.every((w) => CAPITALISED.test(w));
}

/**
 * Words a question and the article may use for the same thing, each with its counterpart: "start" and
 * "begin", "based" and "headquartered", and a verb's base form (after "did", "does", "will") with its
 * irregular past ("Where did she grow up?" — "she grew up in St. Croix"): the search folds plurals but
 * stems no verbs: regularForms below joins "start" and "started", this list "grow" and "grew".
 */
const OTHER_FORM: Record<string, string> = {
  start: 'begin',
  starts: 'begins',
  started: 'began',
  starting: 'beginning',
  begin: 'start',
  begins: 'starts',
  began: 'started',
  begun: 'started',
  beginning: 'starting',
  based: 'headquartered',
  headquartered: 'based',
  ...Object.fromEntries(
    `arise arose,become became,begin began,bite bit,blow blew,break broke,bring brought,build built,buy bought,
    catch caught,choose chose,come came,dig dug,draw drew,drink drank,drive drove,eat ate,fall fell,feed fed,
    feel felt,fight fought,find found,flee fled,fly flew,forget forgot,freeze froze,get got,give gave,go went,
    grow grew,hang hung,hear heard,hide hid,hold held,keep kept,know knew,lay laid,lead led,leave left,lend lent,
    lose lost,make made,mean meant,meet met,pay paid,ride rode,ring rang,rise rose,run ran,see saw,seek sought,
    sell sold,send sent,shake shook,shoot shot,sing sang,sink sank,sit sat,sleep slept,speak spoke,spend spent,
    stand stood,steal stole,stick stuck,strike struck,swear swore,swim swam,take took,teach taught,tear tore,
    tell told,think thought,throw threw,understand understood,wake woke,wear wore,win won,write wrote`
      .split(',')
      .map((pair) => pair.trim().split(' ') as [string, string]),
  ),
};
const OTHER_FORM_WORD = new RegExp(`\\b(${Object.keys(OTHER_FORM).join('|')})\\b`, 'gi');

/** A verb's past or participle in a question ("drafted", "launching"), and a base form after "did". */
const INFLECTED = /\b(\p{Ll}{3,}(?:ed|ing))\b|\b(?:did|does|do|will|to)\s+(\p{Ll}{3,})\b/gu;

/**
 * The topic with each verb in the form its articles use when they do not use the question's: the
 * index does not stem, so "When was Garrett drafted?" must also look for "the 2017 draft", and
 * "When did the first AirPods launch?" for "first launched in 2016". Only forms the index holds.
 */
function regularForms(index: DossierIndex, topic: string): string {
  INFLECTED.lastIndex = 0;
  return topic.replace(INFLECTED, (whole, inflected: string | undefined, base: string | undefined) => {
    const word = inflected ?? base!;
    const found = formsOf(word, !!inflected).find((f) => f !== word && isIndexTerm(index, f));
    return found ? whole.replace(word, found) : whole;
  });
}

/**
 * The terms of the topic's lower-case words (what happened, not who or where), in the question's
 * forms and in the other forms `withOtherForms` looks for: undefined when it has none.
 */
export function eventTerms(index: DossierIndex, topic: string): Set<string> | undefined {
  const lower = (text: string) =>
    words(text)
      .filter((w) => !CAPITAL_START.test(w))
      .flatMap((w) => queryTerms(w));
  const terms = new Set([
    ...lower(topic),
    ...lower(otherForms(index, topic)),
    ...lower(nounForms(index, topic)),
  ]);
  terms.delete('when');
  return terms.size > 0 ? terms : undefined;
}
const CAPITAL_START = /^\p{Lu}/u;

/**
 * The terms of `text`, and of its verbs in the other regular form the index holds ("buying" →
 * "buy"): for matching words of a question against a quote or a sentence. `size` is the number of
 * the question's own terms.
 */
export function termsWithForms(index: DossierIndex, text: string): { terms: Set<string>; size: number } {
  const own = new Set(queryTerms(text));
  return { terms: new Set([...own, ...queryTerms(regularForms(index, text))]), size: own.size };
}

/** The topic with each word in its other form: OTHER_FORM's counterpart, else a regular verb's. */
function otherForms(index: DossierIndex, topic: string, verbs: readonly string[] = []): string {
  OTHER_FORM_WORD.lastIndex = 0;
  let out = regularForms(
    index,
    topic.replace(OTHER_FORM_WORD, (w) => OTHER_FORM[w.toLowerCase()] ?? w),
  );
  // A base verb the question's wording shows ("When did Disney+ launch?": the topic "Disney+ launch"
  // has lost its "did"): its past too ("launched Disney+").
  for (const verb of verbs) {
    if (INFLECTED_WORD.test(verb) || OTHER_FORM[verb.toLowerCase()]) continue;
    const found = formsOf(verb, false).find((f) => isIndexTerm(index, f));
    if (found) out = out.replace(LOWER_WORD, (w) => (w === verb ? found : w));
  }
  return out;
}

/**
 * A word's term and each of its regular forms the index holds ("vote": "voted", "votes", "voting";
 * "drafted": "draft"): for reading whether a sentence holds a word the search matched.
 */
export function formsHeld(index: DossierIndex, term: string): Set<string> {
  const out = new Set([term]);
  for (const f of formsOf(term, INFLECTED_WORD.test(term))) if (isIndexTerm(index, f)) out.add(f);
  return out;
}
const INFLECTED_WORD = /\p{Ll}{3,}(?:ed|ing)$/u;
const SHORT_CVC = /^[^aeiou]*[aeiou][bdgklmnprt]$/;
const LOWER_WORD = /\p{Ll}+/gu;

/** The other forms of a regular verb: its base for a past or participle, else its past. */
function formsOf(word: string, inflected: boolean): string[] {
  if (!inflected) {
    const stem = word.endsWith('e') ? word.slice(0, -1) : word;
    // "stop" → "stopped", "plan" → "planning": a short word ending consonant-vowel-consonant doubles.
    const doubled = SHORT_CVC.test(word) ? [`${word}${word.at(-1)}ed`, `${word}${word.at(-1)}ing`] : [];
    return [`${stem}ed`, ...doubled, `${word}s`, `${stem}ing`];
  }
  const stem = word.endsWith('ed') ? word.slice(0, -2) : word.slice(0, -3);
  const doubled = stem.length > 2 && stem.at(-1) === stem.at(-2) ? [stem.slice(0, -1)] : [];
  // "studied" → "study"; "injured" → "injury", "delivered" → "delivery": the noun news often uses.
  return [stem, `${stem}e`, ...doubled, stem.endsWith('i') ? `${stem.slice(0, -1)}y` : `${stem}y`];
}

/**
 * The passages on the topic, and those on it in the other form of a word it uses (OTHER_FORM): "When
 * did the protests start?" is answered by "The protests began in June". Each passage once, with its
 * better score. `verbs`: the question's verbs in base form (questionWords), whose past is searched
 * too ("When did Disney+ launch?" is answered by "… when the company launched Disney+").
 */
export function withOtherForms(
  index: DossierIndex,
  topic: string,
  scope?: Scope,
  verbs: readonly string[] = [],
): ReturnType<typeof topicHits> {
  const first = topicHits(index, topic, 40, true, scope);
  const forms = [otherForms(index, topic, verbs), nounForms(index, topic)].filter((t) => t !== topic);
  if (forms.length === 0) return first;
  const more = [...new Set(forms)].map((t) => topicHits(index, t, 40, true, scope).hits);
  return { ...first, hits: mergeHits([first.hits, ...more]) };
}

/**
 * The topic with its closing participle (the event a passive question asks about) as the noun news
 * makes of it: "When is Carlineo to be sentenced?" is answered by "His sentencing is scheduled for
 * Feb. 14". Only the closing one: "the kidnapped girl", "voted for Trump" are not events named so.
 */
function nounForms(index: DossierIndex, topic: string): string {
  return topic.replace(PARTICIPLE, (word, stem: string) => {
    const noun = `${stem}ing`;
    return isIndexTerm(index, noun) ? noun : word;
  });
}
const PARTICIPLE = /\b(\p{Ll}{3,})ed\s*$/u;

/** Several searches' passages as one ranking: each passage once, with its best score. */
export function mergeHits(lists: Hit[][]): Hit[] {
  const byPos = new Map<number, Hit>();
  for (const list of lists) {
    for (const h of list) {
      const known = byPos.get(h.pos);
      if (!known || h.score > known.score) byPos.set(h.pos, h);
    }
  }
  return [...byPos.values()].sort((a, b) => b.score - a.score || a.pos - b.pos);
}
