/** /when <event>: the date(s) of the event, resolved where possible, citing where the articles say so. */
import type { DossierIndex } from '../index/model.js';
import type { TimeMention } from '../index/tables/types.js';
import type { Answer } from './types.js';
import { closestPassages, collapseWhitespace, leadersAnswer, noTermsMessage, notFound } from './common.js';
import { formatWhen } from './format.js';
import { heldCount } from './tokens.js';
import {
  clauseOf,
  bareTopic,
  evidenceWeight,
  eventTerms,
  sentenceTest,
  nothingAbout,
  namesApart,
  namesNoArticleHolds,
  onTheNames,
  withOtherForms,
} from './topic.js';
import { CHUNK, defineTable } from '../index/derived.js';
import { timesByParagraph } from './tables.js';
import { matchesOf } from '../corpus/text.js';
import type { Scope } from './filter.js';
import { questionWords } from './question-words.js';

/** How much a date counts in a sentence holding none of the question's lower-case words. */
const NO_EVENT = 0.4;
/** A runner-up date is mentioned too when it scores at least this share of the best. */
const ALSO_SHARE = 0.35;

interface DateScore {
  key: string;
  /** The day a citation is dated with: none for a week ("last week" is no one day). */
  citeDate?: string;
  label: string;
  score: number;
  articles: Set<string>;
  positions: Map<number, number>;
}

export function answerWhen(index: DossierIndex, rawQuery: string, offset = 0, scope?: Scope): Answer {
  const query = collapseWhitespace(rawQuery);
  // "What year was Garrett drafted?" asks for a year: a year is as full an answer as a day.
  const asksYear = ASKS_YEAR.test(query);
  const asked = query.replace(ASKS_YEAR, 'when');
  const topic = bareTopic(asked);
  const verbs = questionWords(asked.replace(WHEN_OPENING, '')).verbs;
  const { hits: found, noTerms } = withOtherForms(index, topic, scope, verbs);
  if (noTerms) return notFound(index, 'when', query, noTermsMessage(index));
  if (found.length === 0) return notFound(index, 'when', query, nothingAbout(topic));
  // A name no article holds ("Titanic") means the event is not in them, however well the rest matches.
  const missing = namesNoArticleHolds(index, topic, found, scope);
  if (missing.length > 0) return notFound(index, 'when', query, nothingAbout(missing.join(' ')));
  const hits = onTheNames(index, query, topic, found);
  if (hits.length === 0) return notFound(index, 'when', query, namesApart(query, topic));

  const times = timesByParagraph(index);
  const dates = new Map<string, DateScore>();
  // "When did NASA announce …" asks for the date of a statement: then "announced Nov. 18" is the event.
  const asksStatement = REPORTING_QUESTION.test(topic);
  const tense = questionTense(asked);
  const askedDates = datesIn(topic);
  // "When was Garrett drafted?": a date in a sentence that names him but not the draft is another event's.
  const event = eventTerms(index, topic);
  const top = hits[0]?.score ?? 1;
  // How each date in a text binds to the topic, read once per question: a syndicated story's
  // copies repeat their paragraphs (and their date phrases) word for word.
  // (By text, then by phrase: a key joining both would copy a long paragraph once per date in it.)
  const bindings = new Map<string, Map<string, { event: number; reporting: number; held: number }>>();
  hits.forEach((hit) => {
    const mentions = times.get(hit.pos) ?? [];
    if (mentions.length === 0) return;
    let aboutTopic: ((i: number) => boolean) | undefined;
    let matched: Set<string> | undefined;
    const textKey = `${hit.matched.join('\u0001')}\u0000${hit.paragraph.text}`;
    let inText = bindings.get(textKey);
    if (!inText) bindings.set(textKey, (inText = new Map()));
    // Rank decay keeps a long tail of weak hits from outvoting the best ones.
    const weight = evidenceWeight(hit, top);
    for (const t of mentions) {
      const key = timeKey(t);
      const bindingKey = `${t.sentence}\u0000${t.text}`;
      let binding = inText.get(bindingKey);
      if (!binding) {
        matched ??= new Set(hit.matched);
        aboutTopic ??= sentenceTest(hit.paragraph.sentences, matched);
        const sentence = hit.paragraph.sentences[t.sentence] ?? '';
        binding = {
          event: !event || heldCount(sentence, event, false, 1) > 0 ? 1 : NO_EVENT,
          // "said on Monday" dates the statement, not the event asked about.
          reporting: !asksStatement && isReportingTime(sentence, t.text) ? 0.3 : 1,
          // The sentence that holds more of the question's words binds the date to the event asked
          // about, not to another event in the same paragraph. Within the sentence, the clause
          // holding the date counts as much: "Although Hitler was born in Braunau in 1889, …,
          // having been annexed by Hitler's Germany in 1938" dates the birth 1889.
          held: aboutTopic(t.sentence)
            ? (share(sentence, matched) + share(clauseOf(sentence, t.text), matched)) / 2
            : 0,
        };
        inText.set(bindingKey, binding);
      }
      // "When was the transcript of the July 25 call released?": a date the question itself
      // gives names the event; it is not the answer.
      if (askedDates.has(t.text.toLowerCase())) continue;
      const { reporting, held } = binding;
      const near =
        (0.35 + 0.65 * held) *
        binding.event *
        reporting *
        rarity(index, key) *
        tenseFit(tense, t, hit.article.published);
      const entry = dates.get(key) ?? {
        key,
        ...(t.precision === 'week' ? {} : { citeDate: key }),
        label: t.date ? formatWhen(t.date, t.precision) : `“${t.text}”`,
        score: 0,
        articles: new Set<string>(),
        positions: new Map<number, number>(),
      };
      // A resolved date says more than an expression kept as written.
      entry.score += weight * near * (t.date ? 1 : 0.5) * (asksYear ? 1 : precision(t));
      entry.articles.add(hit.article.id);
      entry.positions.set(hit.pos, Math.max(entry.positions.get(hit.pos) ?? 0, weight * near));
      dates.set(key, entry);
    }
  });

  const ranked = [...dates.values()].sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
  const best = ranked[0];
  if (!best) {
    return closestPassages(
      index,
      'when',
      query,
      // Say the articles mention the topic only when one passage holds all of its words.
      hits.some((h) => h.coverage >= 1)
        ? `No date found for “${topic}”: the articles mention it but give none. Closest passages:`
        : `No passage found that mentions all of “${topic}”. Closest passages:`,
      hits,
      offset,
    );
  }
  return leadersAnswer(
    index,
    'when',
    query,
    offset,
    {
      ranked,
      share: ALSO_SHARE,
      hits,
      label: (d) => d.label,
      date: (d) => d.citeDate ?? '',
    },
    scope,
  );
}

/**
 * Dates a question gives as words of its own ("the July 25 call", "this year's Diwali", "in 2019"),
 * lower-cased as a mention's text: the question's own words are not its answer.
 */
function datesIn(topic: string): Set<string> {
  const out = new Set<string>();
  for (const m of matchesOf(MONTH_DAY, topic)) out.add(m[0].toLowerCase());
  for (const m of matchesOf(RELATIVE_DATE, topic)) out.add(m[0].toLowerCase().replace(WHITESPACE_RUN, ' '));
  return out;
}
/** Relative dates and years a question may name: "this year", "last week", "today", "2019". */
const RELATIVE_DATE =
  /\b(?:(?:this|last|next)\s+(?:year|month|week|season)|today|yesterday|tonight|(?:19|20)\d{2})\b/giu;
const WHITESPACE_RUN = /\s+/g;

const MONTH_DAY =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}\b(?:,?\s+\d{4})?/giu;

/**
 * The time a question asks about: "when will …", "when is … to / scheduled / due …" look ahead of
 * the article; "when did / was / were …" look back. Undefined when the wording does not say.
 */
function questionTense(query: string): 'past' | 'future' | undefined {
  if (PAST_QUESTION.test(query)) return 'past';
  if (FUTURE_QUESTION.test(query) || SCHEDULED_QUESTION.test(query)) return 'future';
  return undefined;
}

/** The question's "When" (a "what year" read as one), before its auxiliary. */
const WHEN_OPENING = /^\s*when\s+/i;
const ASKS_YEAR = /^\s*(?:in\s+)?(?:what|which)\s+year\b/i;
const PAST_QUESTION = /^\s*when\s+(did|was|were|had)\b/i;
const FUTURE_QUESTION = /^\s*when\s+(will|shall)\b|^\s*when\s+(is|are)\s+.*\bgoing\s+to\b/i;
const SCHEDULED_QUESTION =
  /^\s*when\s+(is|are)\s+.*\b(?:(?:to\s+be|to|scheduled|due|expected|set|planned|slated)\s+\p{L}|(?:scheduled|due|expected|planned|slated)\W*$)/iu;

/** How much a date told in an article fits a question's tense: an event to come is dated after the article, a past one before. */
const WRONG_TENSE = 0.25;

function tenseFit(
  tense: 'past' | 'future' | undefined,
  t: TimeMention,
  published: string | undefined,
): number {
  if (!tense || !t.date || !published) return 1;
  const day = published.slice(0, 10);
  // A date of month or year precision spans from its first day to its last.
  const first = t.date;
  const last = t.date.length === 10 ? t.date : `${t.date}\uffff`;
  if (tense === 'past' && first > day) return WRONG_TENSE;
  if (tense === 'future' && last < day) return WRONG_TENSE;
  return 1;
}

/** A question about a statement itself: "when did X announce / say / confirm …". */
const REPORTING_QUESTION =
  /\b(announce[sd]?|say|said|tell|told|state[sd]?|declare[sd]?|confirm(?:s|ed)?|report(?:s|ed)?|warn(?:s|ed)?|tweet(?:s|ed)?|reveal(?:s|ed)?|unveil(?:s|ed)?)\b/i;

/** The share of a hit's matched words (distinct) that a sentence holds: 0 to 1. */
function share(sentence: string, matched: ReadonlySet<string>): number {
  if (matched.size === 0) return 1;
  return heldCount(sentence, matched, true) / matched.size;
}

/** A speech verb, then at most six words naming who spoke ("said Kremlin spokesman Dmitry Peskov"). */
const REPORTING_VERB =
  /\b(said|says|told|announced|stated|noted|added|reported|reiterated|declared|warned|confirmed|wrote|tweeted)((?:\s+[\p{L}’'.-]+){0,6})\s*$/iu;
/** Words that make the time part of what was said ("said the talks will be held on Thursday"). */
const EVENT_WORDS =
  /\b(will|would|shall|to|be|held|meet|meeting|scheduled|set|planned|expected|due|start|begin)\b/i;

/** Whether the time expression dates a statement ("said Monday", "said X on Monday"), not an event. */
function isReportingTime(sentence: string, expression: string): boolean {
  const at = sentence.indexOf(expression);
  if (at < 0) return false;
  const m = REPORTING_VERB.exec(sentence.slice(Math.max(0, at - 80), at));
  return !!m && !EVENT_WORDS.test(m[2] ?? '');
}

/**
 * Dates the articles mention everywhere (above all their own publication day) say little about one
 * event: weigh each date by how rare it is in the corpus (an IDF over time mentions).
 */
const rarities = defineTable('date rarities', function* (index) {
  const counts = new Map<string, number>();
  for (let i = 0; i < index.times.length; i++) {
    const t = index.times[i]!;
    const k = timeKey(t);
    counts.set(k, (counts.get(k) ?? 0) + 1);
    if (i % CHUNK === CHUNK - 1) yield;
  }
  return new Map([...counts].map(([k, n]) => [k, Math.log(1 + index.times.length / n)]));
});

function rarity(index: DossierIndex, key: string): number {
  return rarities.get(index).get(key) ?? 1;
}

/** What one time mention is counted under: its date (a week apart from the day it starts), or its words. */
function timeKey(t: TimeMention): string {
  if (!t.date) return t.text.toLowerCase();
  return t.precision === 'week' ? `${t.date} week` : t.date;
}

/** A full date is a better answer to "when" than a week, a month or a year. */
function precision(t: TimeMention): number {
  if (!t.date) return 1;
  if (t.precision === 'week') return 0.8;
  return t.date.length === 10 ? 1 : t.date.length === 7 ? 0.7 : 0.6;
}
