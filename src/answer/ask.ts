/**
 * /ask <question> and free text (DMs, mentions): routes a plain English question by its form to the
 * answerer that fits, and falls back to the best passages when the specific answer finds nothing.
 */
import type { DossierIndex } from '../index/model.js';
import { lookupEntity } from './entity-lookup.js';
import type { Answer } from './types.js';
import { collapseWhitespace, noTermsMessage, notFound } from './common.js';
import { answerQuantity } from './quantity.js';
import { quantityKindOf } from './quantity-question.js';
import { answerAt } from './index.js';
import { answerWhat } from './what.js';
import { answerQuote } from './quote.js';
import { SCORE_QUESTION, answerScore } from './score.js';
import { answerNameOf, answerPostHolder, answerWhichOrg, answerWhoDid } from './who.js';
import { answerWhichNamed } from './which-named.js';
import { bareName } from './entity-query.js';
import { processTerm, queryTerms } from '../index/terms.js';
import { isPeopleNoun } from '../index/tables/person-nouns.js';
import { allows, type Scope } from './filter.js';

type Route = 'who' | 'when' | 'where' | 'quote' | 'quantity' | 'what';

// Question openings that decide the route (tested on the trimmed, lower-cased question).
/** "what did X say", "which words did X claim": asks for a quote. */
/**
 * Verbs whose object is what was said ("say the plan …", "think of Y"); after the others ("warn
 * people to expect …") only "about …" or "on …" says what the words are about.
 */
const SAY_VERBS = 'say|said|says|tell|told|claim|claimed|state|stated|think|thinks|thought';
/** Verbs that report speech: what a quote question asks someone to have done. */
const SPEECH_VERBS =
  'say|said|says|tell|told|claim|claimed|state|stated|think|thinks|thought|warn|warned|warns|urge|urged|admit|admitted|explain|explained|insist|insisted|argue|argued';
const QUOTE_QUESTION = new RegExp(`^(what|which words)\\b.*\\b(${SPEECH_VERBS})\\b`);
const QUOTE_REQUEST = /^(quote|quotes)\b/;
const WHO_QUESTION = /^who\b/;
/** "who won …", "who said …": asks who did something, not who someone is ("who is …", "who's …"). */
const WHO_DID_QUESTION = /^who\s+(?!(?:is|was|are|were|s)\b)\p{L}/iu;
const ABOUT_QUESTION = /^(tell me about|what do we know about)\b/;
const WHEN_QUESTION = /^(when|(?:in\s+|on\s+)?(?:what|which) (date|day|time|year|month)|by when)\b/;
const WHERE_QUESTION =
  /^(where|(?:in\s+)?(?:what|which)\s+(?:[\p{L}'’-]+\s+){0,2}?(place|city|cities|country|countries|town|state|island|region|province|county|village|continent|planet|moon|port|neighborhood|neighbourhood|district|university|college|school|hospital|hotel|stadium|airport|prison))\b/u;

/**
 * "What is the fine for …", "what was the film's budget": a sum asked with "what", answered as
 * "how much" is (a figure of money, or nothing found), not with a sentence.
 */
const WHAT_IS = String.raw`^what\s+(is|was|are|were|will\s+be|would\s+be)\s+`;
const WHAT_SUM = new RegExp(
  WHAT_IS +
    String.raw`(?:the\s+|its\s+|his\s+|her\s+|their\s+)?(?:[\p{L}'’-]+\s+){0,3}?(fine|fines|budget|cost|costs|price|salary|fee|fees|penalty|bail|ransom|reward|wage|wages|fare|fares|revenue|revenues|profit|profits|sales|earnings|income|loss|losses|debt|valuation|deficit|funding)\b`,
  'iu',
);

/** "What share / percentage / proportion of X …": a share, asked as "how much of X" is. */
const WHAT_SHARE = /^(?:what|which)\s+(?:share|percentage|proportion|fraction|percent)\s+of\s+/i;

/** "What's the range / height / top speed of X": a measure, asked as "how far / tall / fast" is. */
const WHAT_MEASURE =
  /^what(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+(?:the|its|their)\s+(range|distance|length|height|depth|width|diameter|altitude|weight|top\s+speed|speed|population)\s+(?:of\s+)?/i;
const HOW_FOR_MEASURE: Record<string, string> = {
  range: 'far',
  distance: 'far',
  altitude: 'high',
  length: 'long',
  height: 'tall',
  depth: 'deep',
  width: 'wide',
  diameter: 'wide',
  weight: 'heavy',
  speed: 'fast',
  population: 'many people',
};

/** "How far back does X go / date": since when, a date. */
const HOW_FAR_BACK = /^how\s+far\s+back\b/;
/** "…, in her own words": the question asks for what someone said. */
const IN_OWN_WORDS = /,?\s*\bin\s+(?:his|her|their|its)\s+(?:own\s+)?words\b/i;

/** Decides what kind of question this is from its wording alone. */
function routeQuestion(question: string): Route {
  const q = question.trim().toLowerCase();
  if (HOW_FAR_BACK.test(q)) return 'when';
  if (WHAT_SUM.test(q) || WHAT_SHARE.test(q) || WHAT_MEASURE.test(q)) return 'quantity';
  // "What did Fa say about how fast …" asks for Fa's words, whatever they are about.
  if (QUOTE_QUESTION.test(q) || IN_OWN_WORDS.test(q)) return 'quote';
  if (quantityKindOf(q)) return 'quantity';
  if (QUOTE_REQUEST.test(q)) return 'quote';
  if (WHO_QUESTION.test(q) || ABOUT_QUESTION.test(q)) return 'who';
  if (WHEN_QUESTION.test(q)) return 'when';
  if (WHERE_QUESTION.test(q)) return 'where';
  return 'what';
}

/** Closing ?, ! or . and any whitespace after them. */
const TRAILING_PUNCTUATION_AND_SPACE = /[?!.]+\s*$/u;
/** "what did " / "which words have " before the speaker of a quote question. */
const QUOTE_QUESTION_OPENING = /^(what|which words)\s+(did|does|do|has|have|had)?\s*/i;
/** "quotes from " / "quote by " before the speaker. */
const QUOTES_OPENING = /^(quotes?)\s+(from|by|of)?\s*/i;
/** " say …" / " claimed …" after the speaker, to the end. */
const SPEECH_VERB_TAIL = new RegExp(`\\s+(${SPEECH_VERBS})\\b.*$`, 'i');
/** An adverb between the speaker and the verb: "What did McLuhan famously say?". */
const SPEAKER_ADVERB = /^(?:once|also|later|first|then|ever|actually|really|\p{Ll}+ly)$/u;

/** The speaker without the adverbs that stood before the speech verb. */
function withoutAdverbs(speaker: string): string {
  const words = speaker.split(WHITESPACE);
  while (words.length > 1 && SPEAKER_ADVERB.test(words[words.length - 1]!)) words.pop();
  return words.join(' ');
}
/** What the words asked for are about: the rest after the speech verb ("… say about the X-ray"). */
const SPEECH_TOPIC = new RegExp(
  `\\s(?:${SAY_VERBS})\\b(?:\\s+(?:about|of|on|regarding|to))?\\s*(.*)$|\\s(?:${SPEECH_VERBS})\\s+(?:about|of|on|regarding)\\s+(.*)$`,
  'i',
);
const ABOUT_OPENING = /^(tell me about|what do we know about)\s+/i;
/**
 * "what date " / "on what day " / "by when ", replaced by a plain "when " ("what year" stays: the
 * answer to it is a year, and answerWhen reads it).
 */
const WHEN_OPENING = /^((?:in\s+|on\s+)?(?:what|which) (date|day|time|month)|by when)\s+/i;

/** "what is " of a sum asked with "what", replaced by "how much is ". */
const WHAT_SUM_OPENING = new RegExp(WHAT_IS, 'i');

/** Strips the part of the question that made the route ("what did Peskov say" → "Peskov"). */
function subjectOf(question: string, route: Route): string {
  const q = question.replace(TRAILING_PUNCTUATION_AND_SPACE, '').trim();
  if (route === 'quote') {
    // "Why did Rollock choose the word, in her words?": the speaker is the name the question gives.
    if (IN_OWN_WORDS.test(q) && !QUOTE_QUESTION.test(q.toLowerCase())) return speakerNamed(q) ?? q;
    return withoutAdverbs(
      q.replace(QUOTE_QUESTION_OPENING, '').replace(QUOTES_OPENING, '').replace(SPEECH_VERB_TAIL, '').trim(),
    );
  }
  if (route === 'who') return q.replace(ABOUT_OPENING, '');
  if (route === 'when') return q.replace(WHEN_OPENING, 'when ').replace(HOW_FAR_BACK_OPENING, 'when $1');
  if (route === 'quantity') {
    if (WHAT_SHARE.test(q)) return q.replace(WHAT_SHARE, 'How much of ');
    const measure = WHAT_MEASURE.exec(q);
    if (measure) {
      const noun = measure[1]!.toLowerCase().replace(WHITESPACE_RUN, ' ');
      const how = HOW_FOR_MEASURE[noun.split(' ').pop()!]!;
      return `How ${how} is the ${noun} of ${q.slice(measure[0].length)}`;
    }
    return q.replace(WHAT_SUM_OPENING, 'How much $1 ');
  }
  return q;
}

/** "what is / was the name of (the) …": group 1 is the description. */
const NAME_OF =
  /^what(?:\s+is|\s+was|'s|’s)\s+the\s+name\s+of\s+(?:the\s+|a\s+|an\s+|this\s+|that\s+)?(.+)$/i;

/**
 * A post asked for its holder: "Who is the new CEO of Experience?", "who was Minnesota's football
 * coach?", "Which governor is behind the campaign?". Group 1 is the description.
 */
const POST_HELD = [
  /^who(?:\s+is|\s+was|\s+are|\s+were|\s+will\s+be|'s|’s)\s+((?:the|a|an)\s+.+)$/i,
  /^[Ww]ho(?:\s+is|\s+was|'s|’s)\s+(\p{Lu}[\p{L}\p{N}.&-]*(?:\s+\p{Lu}[\p{L}\p{N}.&-]*){0,3}['’]s?\s+\p{Ll}.*)$/u,
  /^which\s+(.+)$/i,
];

const WHICH_OPENING = /^which\b/i;
/** "Which artists made …", "which nurses have …": group 1 a noun (for people, if any), 2 the rest. */
const WHICH_PEOPLE = /^[Ww]hich\s+(\p{Ll}+)\s+(\p{Ll}.*)$/u;

/** A name, then where it appears: "Cere in Fallen Order", "Jane Doe at Acme" (group 1 the name). */
const NAME_IN_CONTEXT = /^(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3})\s+(?:in|at|from|of|on)\s+\S.*$/u;

/** Words that could all be one person's name: capitalised, with the particles names carry. */
const NAME_SHAPED =
  /^\s*\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|de|da|di|van|von|der|den|del|la|le|bin|al))*\s*[?.!]*\s*$/u;

export function answerAsk(index: DossierIndex, rawQuestion: string, offset = 0, scope?: Scope): Answer {
  const question = collapseWhitespace(rawQuestion);
  if (queryTerms(question).length === 0) return notFound(index, 'ask', question, noTermsMessage(index));
  // "What was the name of the sergeant who …": a person, named with that role.
  const nameOf = NAME_OF.exec(question.replace(TRAILING_PUNCTUATION, ''));
  if (nameOf) {
    const answer = answerNameOf(index, question, nameOf[1]!, offset, scope);
    return { ...answer, kind: 'ask', query: question, routedTo: answer.kind };
  }
  // "What was the final score …": a result, or nothing found; never a sentence.
  if (SCORE_QUESTION.test(question.trim())) {
    const answer = answerScore(index, question, offset, scope);
    return { ...answer, kind: 'ask', query: question, routedTo: undefined };
  }
  // "Which private equity firm is behind …": an organisation the passages on it name.
  const org = answerWhichOrg(index, question, offset, scope);
  if (org) return { ...org, kind: 'ask', query: question, routedTo: org.kind };
  // "Which journal published …", "which comet …": the name the passages give a thing of that kind.
  const named = answerWhichNamed(index, question, offset, scope);
  if (named) return { ...named, kind: 'ask', query: question, routedTo: named.kind };
  // "Who is the new CEO of …", "which governor …": the person the passages give that post, if any.
  const bare = question.replace(TRAILING_PUNCTUATION, '');
  const post = POST_HELD.map((re) => re.exec(bare)).find((m) => m);
  if (post) {
    const which = WHICH_OPENING.test(bare);
    const answer = answerPostHolder(index, question, post[1]!, offset, scope, which);
    if (answer) return { ...answer, kind: 'ask', query: question, routedTo: answer.kind };
  }
  // "Which artists made the installation?": a people noun after "which" asks who did it.
  const people = WHICH_PEOPLE.exec(bare);
  if (people && isPeopleNoun(processTerm(people[1]!) ?? '')) {
    const did = answerWhoDid(index, people[2]!, offset, scope);
    if (did.text !== null) return { ...did, kind: 'ask', query: question, routedTo: did.kind };
  }
  let route = routeQuestion(question);
  // A bare name ("Peskov", "peskow?") is a who-question when it names a person.
  if (route === 'what' && isBareName(index, question, scope)) route = 'who';
  const subject = subjectOf(question, route);
  // "Who is Cere in Fallen Order?": the name asked about, with where it appears.
  const inContext = route === 'who' ? NAME_IN_CONTEXT.exec(bareName(subject)) : null;
  let specific =
    route === 'quote'
      ? answerQuote(index, subject, offset, scope, quoteTopic(question))
      : answerFor(index, route, inContext ? inContext[1]! : subject, offset, scope);
  if (inContext && specific.text === null) specific = answerFor(index, route, subject, offset, scope);
  // "Who met on Thursday?" names no one: it asks who did something.
  // A name asked about ("Who is Marie Yovanovitch?") is never answered with someone else's name.
  if (
    route === 'who' &&
    specific.text === null &&
    queryTerms(subject).length > 1 &&
    !NAME_SHAPED.test(bareName(subject)) &&
    !inContext
  ) {
    const did = answerWhoDid(index, subject, offset, scope);
    // Found, or the question names no one ("Who won the 2018 World Cup?"): its topic's answer or
    // not-found message, never "No one called 'Who won …' appears".
    if (did.text !== null || WHO_DID_QUESTION.test(subject)) specific = did;
  }
  const answer: Answer =
    specific.text !== null || route === 'what'
      ? specific
      : fallback(index, question, specific, offset, scope);
  return {
    ...answer,
    kind: 'ask',
    query: question,
    routedTo: answer.kind === 'ask' ? undefined : answer.kind,
  };
}

/** "What did Dempsey say about the X-ray?": what the quote asked for is about, if the question says. */
function quoteTopic(question: string): string | undefined {
  const q = question.replace(TRAILING_PUNCTUATION_AND_SPACE, '').trim();
  if (IN_OWN_WORDS.test(q) && !QUOTE_QUESTION.test(q.toLowerCase())) {
    const speaker = speakerNamed(q);
    const about = q.replace(IN_OWN_WORDS, ' ').replace(speaker ?? '', ' ');
    return queryTerms(about).length > 0 ? about.replace(WHITESPACE_RUN, ' ').trim() : undefined;
  }
  if (!QUOTE_QUESTION.test(q.toLowerCase())) return undefined;
  const topic = SPEECH_TOPIC.exec(q);
  const about = (topic?.[1] ?? topic?.[2])?.trim();
  return about && queryTerms(about).length > 0 ? about : undefined;
}

/** The first capitalised name after the question's opening word: the speaker "in her words" asks for. */
function speakerNamed(question: string): string | undefined {
  return SPEAKER_NAME.exec(question)?.[1];
}
const SPEAKER_NAME = /^\S+\s+(?:[\p{Ll}'’-]+\s+)*?(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3})/u;
const HOW_FAR_BACK_OPENING =
  /^how\s+far\s+back\s+(?:does|do|did)\s+(.+?)\s+(?:go|goes|date|dates|stretch|reach)(?:\s+back)?$/i;

/** The answerer a route names: quantities have their own; every other route is a kind of question. */
function answerFor(
  index: DossierIndex,
  route: Route,
  subject: string,
  offset: number,
  scope: Scope | undefined,
): Answer {
  return route === 'quantity'
    ? answerQuantity(index, subject, offset, scope)
    : answerAt(index, route, subject, offset, scope);
}

/** The "Closest passages:" ending of a not-found message, replaced by "The closest passages:". */
const CLOSEST_PASSAGES_ENDING = /\s*Closest passages:$/i;

/** The specific answerer found nothing: say so, but still show the best passages when there are any. */
function fallback(
  index: DossierIndex,
  question: string,
  specific: Answer,
  offset: number,
  scope: Scope | undefined,
): Answer {
  const passages = answerWhat(index, question, offset, 'what', scope);
  if (passages.citations.length === 0) return specific;
  return {
    ...passages,
    text: null,
    message: `${(specific.message ?? 'No direct answer was found.').replace(CLOSEST_PASSAGES_ENDING, '')} The closest passages:`,
  };
}

const TRAILING_PUNCTUATION = /[?!.]+$/;
const WHITESPACE_RUN = /\s+/g;
const WHITESPACE = /\s+/;

function isBareName(index: DossierIndex, question: string, scope: Scope | undefined): boolean {
  const q = question.replace(TRAILING_PUNCTUATION, '').trim();
  if (q.split(WHITESPACE).length > 4) return false;
  const matches = lookupEntity(index, q);
  const best = scope
    ? matches.find((m) => m.entity.mentions.some((x) => allows(scope, x.articleId)))
    : matches[0];
  return !!best && best.entity.kind === 'person' && best.score >= 0.8;
}
