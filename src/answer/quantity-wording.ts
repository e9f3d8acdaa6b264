/**
 * How a figure's wording fits what a quantity question asks, as a factor on its fit: a share stated
 * as a difference, a figure from a source other than the one asked, how long something lasted
 * against how soon, and the thing a "how long is the …" question measures.
 */
import { processTerm, queryTerms } from '../index/terms.js';
import type { QuantityAsk } from './quantity-question.js';
import type { Found } from './quantity-figures.js';

/** What the question's wording asks of a figure, read once per question. */
export interface Wording {
  /** The question compares ("how much more …"): a difference may answer it. */
  compares: boolean;
  /** "…, according to ABC News?": the source's terms. */
  source?: Set<string>;
  /** "How long is the warranty …": the thing measured, as a term. */
  thing?: string;
  /** "… after the rewrite?", "… before the merger?": which end of a change "from X to Y" is asked. */
  end?: 'from' | 'to';
  /** The question asks what happened ("had … served", "did … pay"): a figure still to come is not it. */
  past: boolean;
  /** "How many people died …": a count of the dead, which news states with a word of dying. */
  deaths: boolean;
}

/** "according to ABC News" at the end of a question: group 1 is the source. */
const ACCORDING_TO = /\baccording\s+to\s+(?:the\s+)?([^,;?]+)$/i;
/** A question that compares: its answer may be a difference. */
const COMPARATIVE =
  /\b(?:less|more|fewer|higher|lower|greater|smaller|bigger|larger|cheaper|faster|slower|than)\b/i;

export function questionWording(ask: Pick<QuantityAsk, 'topic' | 'thing'>): Wording {
  const source = ACCORDING_TO.exec(ask.topic);
  const end = AFTER_CHANGE.test(ask.topic) ? 'to' : BEFORE_CHANGE.test(ask.topic) ? 'from' : undefined;
  return {
    compares: COMPARATIVE.test(ask.topic),
    past: PAST_AUXILIARY.test(ask.topic) && !FUTURE_WORD.test(ask.topic),
    deaths: DYING.test(ask.topic),
    ...(end ? { end } : {}),
    ...(source ? { source: new Set(queryTerms(source[1]!)) } : {}),
    ...(ask.thing ? { thing: ask.thing } : {}),
  };
}

/** Words news states a death toll with: "killed 12", "12 dead", "the death toll", "claimed 12 lives". */
const DYING =
  /\b(?:die[sd]?|dying|dead|deaths?|deadl(?:y|iest)|kill(?:s|ed|ing)?|fatal(?:ly|ities|ity)?|lives|perish(?:ed)?|drown(?:ed)?|slain|bodies|toll)\b/i;
/** An auxiliary of the past in a question ("had the pair served", "did he pay"). */
const PAST_AUXILIARY = /\b(?:did|had|was|were)\b/i;
const FUTURE_WORD = /\b(?:will|shall|going to)\b/i;
/** "will now each serve between seven months and two years": a figure still to come, in its clause. */
const FUTURE_BEFORE = /\b(?:will|shall)\s[^,;:.!?]*$/i;
/** How much a figure still to come counts for a question about what happened. */
const FUTURE_FIT = 0.2;

/** Words of a question that asks what a figure is after a change, or was before it. */
const AFTER_CHANGE = /\b(?:after|now|currently|today)\b/i;
const BEFORE_CHANGE = /\b(?:before|previously|originally|initially|formerly)\b/i;
/**
 * "from 5GiB to 50MiB": a figure right after "from" with "to" and another figure after it is what
 * something was before a change; one right after "to" with "from" and a figure before it, what it
 * became. Figures sit within a clause of each other (no sentence end between).
 */
const FROM_BEFORE = /\bfrom\s+(?:about\s+|around\s+|roughly\s+)?$/i;
const TO_AFTER = /^[^.;!?]*?\bto\s+(?:about\s+|around\s+|roughly\s+)?[$€£]?\d/i;
const TO_BEFORE = /\bto\s+(?:about\s+|around\s+|roughly\s+)?$/i;
const FROM_THEN = /\bfrom\s+(?:about\s+|around\s+|roughly\s+)?[$€£]?\d[^.;!?]*?$/i;
/** How much the other end of a change counts. */
const OTHER_END_FIT = 0.3;

/** Which end of a change "from X to Y" the figure is, if it is one. */
function changeEnd(sentence: string, f: Found): 'from' | 'to' | undefined {
  const before = sentence.slice(Math.max(0, f.start - CHANGE_REACH), f.start);
  if (FROM_BEFORE.test(before) && TO_AFTER.test(sentence.slice(f.end, f.end + CHANGE_REACH))) return 'from';
  if (
    TO_BEFORE.test(before) &&
    FROM_THEN.test(sentence.slice(Math.max(0, f.start - CHANGE_REACH * 2), f.start))
  )
    return 'to';
  return undefined;
}
const CHANGE_REACH = 40;
const FUTURE_REACH = 60;

/** A comparative right after a share: "20% less profitable than", "30 percent more". */
const COMPARED_AFTER =
  /^\s*(?:less|more|fewer|higher|lower|greater|smaller|bigger|larger|cheaper|faster|slower)\b/i;
/** How much a share stated as a difference counts for a question that does not compare. */
const COMPARED_FIT = 0.3;
/** How much a figure counts when neither its sentence nor the one before names the source asked. */
const UNSOURCED_FIT = 0.5;
/** A count said as an order of magnitude, not a number. */
const VAGUE = /^(?:dozens|hundreds|thousands|millions|billions|scores|tens of)\b/i;
const VAGUE_FIT = 0.5;
/** The word right before a figure (past a qualifier). */
const LAST_WORD =
  /([\p{L}]+)\s+(?:(?:about|around|nearly|almost|roughly|some|just|more than|less than|up to|over|under)\s+)?$/u;
/** How much a duration after "for" counts, and one after "within", against others. */
const LASTED_FIT = 1.3;
const WITHIN_FIT = 0.6;
/** The word right after a figure. */
const FIRST_WORD = /^\s*([\p{L}'’-]+)/u;
/** How much more a figure counts when the thing a "how long is the …" question measures follows it. */
const THING_FIT = 2;

/** The factor a figure's wording puts on its fit; `sourced` says its sentence (or the one before) names the source. */
export function wordingFit(sentence: string, f: Found, wording: Wording, sourced: boolean): number {
  let fit = 1;
  // "20% less profitable than …" is a difference between two things, not a share of one.
  if (f.kind === 'share' && !wording.compares && COMPARED_AFTER.test(sentence.slice(f.end, f.end + 24)))
    fit *= COMPARED_FIT;
  if (!sourced) fit *= UNSOURCED_FIT;
  // "964,000 people age 12 and older … have used meth" counts no dead: a death toll says so.
  if (wording.deaths && f.kind === 'count' && !DYING.test(sentence)) return 0;
  // "dozens of flybys" says less than "45 flybys".
  if (VAGUE.test(f.surface)) fit *= VAGUE_FIT;
  // "continued for 12 months" is how long something lasted; "had an effect within two days" is how
  // soon something happened in it.
  if (f.kind === 'duration') {
    const word = LAST_WORD.exec(sentence.slice(Math.max(0, f.start - 16), f.start))?.[1]?.toLowerCase();
    if (word === 'for') fit *= LASTED_FIT;
    else if (word === 'within') fit *= WITHIN_FIT;
  }
  if (wording.past && FUTURE_BEFORE.test(sentence.slice(Math.max(0, f.start - FUTURE_REACH), f.start)))
    fit *= FUTURE_FIT;
  // "reduce memory usage from 5GiB to 50MiB" for "How much memory … after the rewrite?"
  if (wording.end) {
    const end = changeEnd(sentence, f);
    if (end && end !== wording.end) fit *= OTHER_END_FIT;
  }
  // "Includes a 90-day warranty" for "how long is the warranty": the figure names the thing.
  if (wording.thing && processTerm(FIRST_WORD.exec(sentence.slice(f.end))?.[1] ?? '') === wording.thing)
    fit *= THING_FIT;
  return fit;
}
