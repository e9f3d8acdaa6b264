/** /what <topic>: the best passages on a topic, with a one-line gist taken from them. */
import type { DossierIndex } from '../index/model.js';
import { jaccard } from '../index/search/content-overlap.js';
import type { Hit } from '../index/search/search.js';
import { heldCount, tokensOf } from './tokens.js';
import { processTerm } from '../index/terms.js';
import type { Answer, AnswerKind } from './types.js';
import {
  citePage,
  collapseWhitespace,
  corroboration,
  noTermsMessage,
  notFound,
  sourcesOf,
} from './common.js';
import { articleTotal, type Scope } from './filter.js';
import { bareTopic, namesApart, namesNoArticleHolds, nothingAbout, onTheNames, topicHits } from './topic.js';

/** Gist candidates come from this many of the best paragraphs. */
const GIST_FROM = 5;
const WHITESPACE_RUN = /\s+/g;

export function answerWhat(
  index: DossierIndex,
  rawQuery: string,
  offset = 0,
  kind: AnswerKind = 'what',
  scope?: Scope,
): Answer {
  const query = collapseWhitespace(rawQuery);
  const topic = bareTopic(query);
  const { hits: found, noTerms } = topicHits(index, topic, 40, false, scope);
  if (noTerms) return notFound(index, kind, query, noTermsMessage(index));
  if (found.length === 0) return notFound(index, kind, query, nothingAbout(topic));
  // A name no article holds ("Everest") means the thing asked about is not in them.
  const missing = namesNoArticleHolds(index, topic, found, scope);
  if (missing.length > 0) return notFound(index, kind, query, nothingAbout(missing.join(' ')));
  const hits = onTheNames(index, query, topic, found);
  if (hits.length === 0) return notFound(index, kind, query, namesApart(query, topic));

  const strong = hits.filter((h) => h.coverage >= (hits[0]?.coverage ?? 1));
  const sources = sourcesOf(
    index,
    strong.map((h) => h.pos),
  );
  // "What injury killed X?": the sentence that names an injury says which; the passages that
  // only name X and his death do not.
  const head = headNoun(query);
  const best = bestSentence(hits.slice(0, head ? GIST_FROM * 2 : GIST_FROM), head);
  const gist = best?.sentence;
  // The passage the gist comes from is cited first: the answer line always shows its source.
  const ordered = best ? [best.hit, ...hits.filter((h) => h !== best.hit)] : hits;
  return {
    kind,
    query,
    text: gist ? `${gist}${corroboration(sources.length, articleTotal(index, scope))}` : null,
    ...(gist ? {} : { message: `No one sentence sums up “${topic}”; the passages that mention it:` }),
    ...citePage(
      index,
      ordered.map((h) => ({ pos: h.pos, score: h.score, matched: h.matched })),
      offset,
    ),
    sources,
    corpusArticles: index.articles.length,
  };
}

/**
 * The sentence that best sums up the top passages: it covers the query's terms, shares words with the
 * other passages (what several articles agree on), and is of a readable length.
 */
function bestSentence(hits: Hit[], head?: string): { sentence: string; hit: Hit } | undefined {
  const sets = hits.map((h) => tokensOf(h.paragraph.text).set);
  let best: { s: string; score: number; hit: Hit } | undefined;
  hits.forEach((hit, i) => {
    const matched = new Set(hit.matched);
    for (const sentence of hit.paragraph.sentences) {
      // Only a sentence that holds one of the hit's words is a candidate: tokenised only then.
      if (heldCount(sentence, matched, false, 1) === 0) continue;
      const tokens = tokensOf(sentence);
      const n = tokens.words.length;
      if (n === 0) continue;
      const own = tokens.set;
      const coverage = [...matched].filter((t) => own.has(t)).length;
      if (coverage === 0) continue;
      const agreement = sets.reduce((sum, set, j) => (j === i ? sum : sum + jaccard(own, set)), 0);
      // Very short sentences are headline fragments; very long ones are not one line.
      const lengthFit = n > 45 ? 0.6 : n < 6 ? 0.3 : n < 10 ? 0.8 : 1;
      // "Cannabis use disorder is where a person's use …": a sentence that defines the topic sums it up.
      const defines = definesTopic(sentence, matched) ? DEFINITION_BONUS : 1;
      const names = !head || own.has(head) ? 1 : NO_HEAD;
      const score =
        (coverage * 2 + agreement * 3 + hit.coverage) * lengthFit * defines * names * (1 - i * 0.08);
      if (!best || score > best.score)
        best = { s: withAntecedent(hit.paragraph.sentences, sentence), score, hit };
    }
  });
  return best ? { sentence: best.s.replace(WHITESPACE_RUN, ' ').trim(), hit: best.hit } : undefined;
}

/** How much a sentence counts that does not hold the noun a "what <noun>" question asks for. */
const NO_HEAD = 0.2;
const WHAT_NOUN = /^\s*(?:what|which)\s+(\p{Ll}+)\s+\p{L}/u;
/** Words after "what" that are no noun asked for: auxiliaries, and verbs ("what stopped …"). */
const NOT_A_HEAD =
  /^(?:is|are|was|were|be|do|does|did|has|have|had|will|would|can|could|should|may|might|must|kind|sort|type|about|happened|\p{Ll}+ed|\p{Ll}+ing)$/u;

/** The noun a "what / which <noun> …" question asks for, as a term ("What injury killed …" → injury). */
function headNoun(query: string): string | undefined {
  const m = WHAT_NOUN.exec(query.toLowerCase());
  if (!m || NOT_A_HEAD.test(m[1]!)) return undefined;
  return processTerm(m[1]!) ?? undefined;
}

/**
 * "The biggest benefit … is the borrow checker. This is the part of the compiler responsible for …":
 * a sentence whose subject is a pronoun standing for what the sentence before named is shown with
 * that sentence, which says what it is; never past this many words in all.
 */
function withAntecedent(sentences: readonly string[], sentence: string): string {
  if (!ANAPHORIC_OPENING.test(sentence)) return sentence;
  const i = sentences.indexOf(sentence);
  const before = i > 0 ? sentences[i - 1]! : undefined;
  if (!before || tokensOf(`${before} ${sentence}`).words.length > ANTECEDENT_WORDS) return sentence;
  return `${before} ${sentence}`;
}
/** A sentence opening on a pronoun subject: "This is", "It was", "These are", "They were". */
const ANAPHORIC_OPENING =
  /^\s*(?:This|That|These|Those|It|They)\s+(?:is|was|are|were|has|have|had|can|will|would)\b/;
const ANTECEDENT_WORDS = 70;

/** A defining verb and what opens a definition: "is a …", "are the …", "is where …", "refers to". */
const DEFINING = /\b(?:is|are|means|refers to)\s+(?:a|an|the|where|when|what|any|one|how)\b/i;
const DEFINITION_BONUS = 2;
const QUOTED_OPENING = /^\s*["“‘]/;

/**
 * Whether the sentence opens with the topic and defines it: "Cannabis use disorder is where …",
 * "The levy is a tax …". All the topic's words stand before the verb, with at most two other words
 * ("the", a modifier); "… a repair budget that the mayor says is the town's last chance" is not one.
 */
function definesTopic(sentence: string, matched: ReadonlySet<string>): boolean {
  if (matched.size === 0) return false;
  if (namesTopic(sentence, matched)) return true;
  const m = DEFINING.exec(sentence);
  // A quoted sentence is what someone said of it (“… is an important addition”), not what it is.
  if (!m || QUOTED_OPENING.test(sentence)) return false;
  const before = tokensOf(sentence.slice(0, m.index));
  if (before.words.length > matched.size + 2) return false;
  for (const t of matched) if (!before.set.has(t)) return false;
  return true;
}

/**
 * Whether the sentence introduces the topic by what it is: "a new alarm management solution called
 * Digistat Patient Watch", "an app known as …": a noun phrase (an article and at most five words),
 * a naming verb, and then every topic word, with at most one other word among them.
 */
function namesTopic(sentence: string, matched: ReadonlySet<string>): boolean {
  NAMING.lastIndex = 0;
  for (let m = NAMING.exec(sentence); m; m = NAMING.exec(sentence)) {
    const after = tokensOf(sentence.slice(m.index + m[0].length)).terms.slice(0, matched.size + 1);
    if ([...matched].every((t) => after.includes(t))) return true;
  }
  return false;
}
const NAMING = /\b(?:a|an|the)\s+(?:[\p{L}-]+\s+){0,5}?(?:called|named|dubbed|known\s+as)\s+/giu;
