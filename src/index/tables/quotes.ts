/**
 * Direct quotes and who said them.
 *
 * Quote spans: see quotes-spans.ts (where quotes and names stand in a paragraph, and its sentences).
 *
 * Speakers, first match wins:
 *  1. after the quote, in its sentence: `“…,” said [title] X`, `“…,” X said`, `“…,” X, a …, said`,
 *     `“…,” she said` (pronoun, below);
 *  2. before it, in its sentence: `X said, “…”`, `X told CNN: “…”`, `X stated that … “…”`,
 *     `according to X, “…”`, `he added, “…”`; the subject is the last name before the speech verb;
 *  3. a quote with neither takes the speaker of the quote before it in the paragraph when no other
 *     name stands between (`…,” adding, “…”`), or of the quote after it;
 * Pronouns (he/she/him) resolve to the speaker of the most recent quote in this or the previous
 * paragraph, else the most recent person named before the quote in this paragraph, else the last
 * person named in the previous paragraph.
 * Organisations speak too when named as the subject ("the Kremlin said: “…”"), and so does "the
 * palace"/"the ministry" when an organisation whose name ends in that word was named earlier in the
 * article. Quotes with no speaker are dropped.
 */
import type { Article } from '../../corpus/types.js';
import type { Entity, Quote } from './types.js';
import { SPEECH_VERBS, isActorNoun } from './names-lexicon.js';
import { DETERMINERS, isRoleNoun } from './entities-words.js';
import { isPeopleNoun } from './person-nouns.js';
import { fold } from './names.js';
import { STOP_WORDS } from '../terms.js';
import {
  type QuoteSpan,
  type Span,
  SENTENCE_REACH,
  firstFrom,
  insideQuote,
  mentionSpans,
  quoteBodies,
  quoteSpans,
  sentenceEnd,
  sentenceStart,
  spansIn,
} from './quotes-spans.js';
import { matchesOf } from '../../corpus/text.js';

const VERB = SPEECH_VERBS.join('|');
const VERB_RE = new RegExp(`(?<!\\p{L})(?:${VERB})(?!\\p{L})`, 'giu');
/**
 * The same, for `test`: a global regex keeps `lastIndex` after a match, and `matchAll` starts from
 * it, so testing with VERB_RE made the next paragraph's search skip its first verbs.
 */
const HAS_VERB = new RegExp(VERB_RE.source, 'iu');
/** "the 56-year-old": an age that stands for the person just named, as "he" or "she" does. */
const AGE_EPITHET = String.raw`the\s+\d{1,3}-year-old`;
const PRONOUN_AFTER = new RegExp(`^[\\s,.;:!?—–-]*(?:he|she|${AGE_EPITHET})\\s+(?:${VERB})(?!\\p{L})`, 'iu');
const VERB_FIRST = new RegExp(`^[\\s,.;:!?—–-]*(?:${VERB})(?!\\p{L})`, 'iu');
/** A speech verb after a comma later in the quote's sentence: "…” announced in October, said X". */
const LATER_VERB = new RegExp(`,\\s*(?:${VERB})(?!\\p{L})`, 'iu');
const PRONOUN_BEFORE = new RegExp(
  `(?<!\\p{L})(?:he|she|him|her|${AGE_EPITHET})(?!\\p{L})[^.!?“”"]{0,120}?(?<!\\p{L})(?:${VERB})(?!\\p{L})`,
  'iu',
);
const DIRECT = /^[’']?s?\s*(?:,[^,“”"]{0,100},\s*)?(?:\p{Ll}+\s+){0,2}$/u;
/** A speech verb, also in the perfect: "said", "has written", "had told". */
const SPOKE = `(?:(?:has|have|had)\\s+(?:written|${VERB})|${VERB})(?!\\p{L})`;
/** A name followed by a speech verb: "Peskov said", "Peskov, a spokesman, said", "Macron’s … told". */
const SPEAKS_AFTER_NAME = new RegExp(`^[’']?s?\\s*(?:,[^,“”"]{0,100},\\s*)?${SPOKE}`, 'iu');
/**
 * A longer appositive, with commas of its own and no comma to close it: "Kurinji Selvaraj, a research
 * analyst at the Delhi-based Council on Energy, Environment and Water think tank told CBS News".
 * (The appositive must name no one else: the caller checks.)
 */
const SPEAKS_AFTER_LONG_APPOSITIVE = new RegExp(`^\\s*,[^“”"]{1,160}?(?:,\\s*|\\s+)${SPOKE}`, 'iu');
/** "the Kremlin said", "its ministry, said": an organisation's head word and a speech verb. */
const ORG_SAYS = new RegExp(
  `^\\s*(?:the|its)\\s+(\\p{L}+)(?:\\s+\\p{L}+)?\\s*,?\\s*(?:${VERB})(?!\\p{L})`,
  'iu',
);
const ORG_SAYS_ANYWHERE = new RegExp(
  `(?:the|its)\\s+(\\p{L}+)(?:\\s+\\p{L}+)?\\s*,?\\s*(?:${VERB})(?!\\p{L})`,
  'iu',
);
const TITLE_GAP =
  /^[\s,]*(?:(?:the|a|an|its|his|her)\s+)?(?:[\p{Lu}][\p{L}’'.-]*\s+|(?:spokes\w*|press|secretary|minister|president|official|head|chief|leader|adviser|advisor|envoy)\s+)*$/u;

const isPerson = (e: Entity): boolean => e.kind === 'person';

/** Words of a gap between a speech verb and a name. */
const GAP_WORDS = /[\p{L}’'.-]+/gu;
const CAPITAL_START = /^\p{Lu}/u;

/**
 * "said neighbor Brian Kinder", "said witness Ana Ruiz": between the verb and the name,
 * only nouns for people (and capitalised words), at most three lower-case ones.
 */
function personNounGap(gap: string): boolean {
  if (!PLAIN_GAP.test(gap)) return false;
  const words = gap.match(GAP_WORDS) ?? [];
  let lower = 0;
  let lastIsNoun = false;
  for (const [i, w] of words.entries()) {
    if (CAPITAL_START.test(w)) continue;
    const norm = w.toLowerCase();
    if (i === 0 && DETERMINERS.has(norm)) continue;
    if (++lower > 3 || STOP_WORDS.has(norm)) return false;
    // "said LAPD homicide detective Efren Guttierez": a word may modify the person noun after it.
    lastIsNoun = isActorNoun(norm) || isRoleNoun(norm) || isPeopleNoun(norm);
  }
  return lastIsNoun;
}
/**
 * "X’s neighbor, Y", "X’s lawyer Y": after a possessive name, a noun for a person and the name of
 * the one it is (the next mention of a person), who is the speaker, not X.
 */
function ownedSpeaker(text: string, owner: Span, after: Span[]): Span | undefined {
  const m = OWNED.exec(text.slice(owner.end, owner.end + 60));
  if (!m || !(isActorNoun(m[1]!.toLowerCase()) || isRoleNoun(m[1]!.toLowerCase()))) return undefined;
  const at = owner.end + m[0].length;
  return after.find((s) => s.start === at && isPerson(s.entity));
}
/** A possessive ending, up to two modifiers, a noun (group 1), maybe a comma: "’s longtime neighbor, ". */
const OWNED = /^[’']s?\s+(?:[\p{Ll}-]+\s+){0,2}?(\p{Ll}+),?\s+/u;

/** A gap of words and spaces only (a comma or a full stop ends the attribution). */
const PLAIN_GAP = /^[\s\p{L}’'.-]*$/u;

const WHITESPACE_RUN = /\s+/;

export function extractQuotes(articles: Article[], entities: Entity[]): Quote[] {
  // Where each entity is named, per paragraph.
  const byParagraph = new Map<string, { entity: Entity; surface: string }[]>();
  for (const entity of entities) {
    if (entity.kind === 'place') continue;
    const seen = new Set<string>();
    for (const m of entity.mentions) {
      const key = `${m.articleId}#${m.paragraph}`;
      if (seen.has(`${key}|${m.surface}`)) continue;
      seen.add(`${key}|${m.surface}`);
      let list = byParagraph.get(key);
      if (!list) byParagraph.set(key, (list = []));
      list.push({ entity, surface: m.surface });
    }
  }

  const out: Quote[] = [];
  for (const article of articles) {
    const orgByHead = new Map<string, Entity>();
    let previous: { spans: Span[]; quotes: QuoteSpan[]; text: string } | undefined;
    let skipped = 0;
    for (const p of article.paragraphs) {
      let spans: Span[] = [];
      let quotes: QuoteSpan[] = [];
      try {
        spans = mentionSpans(p.text, byParagraph.get(`${article.id}#${p.n}`) ?? []);
        quotes = attribute(p.text, spans, previous, orgByHead, skipped === 0);
      } catch {
        quotes = []; // odd text must never stop the index build
      }
      for (const q of quotes) {
        if (q.speaker && q.how) {
          out.push({
            entityId: q.speaker.id,
            articleId: article.id,
            paragraph: p.n,
            text: q.text,
            how: q.how,
          });
        }
      }
      for (const s of spans) {
        if (s.entity.kind === 'organization') {
          const head = fold(s.entity.name).split(WHITESPACE_RUN).pop();
          if (head) orgByHead.set(head, s.entity);
        }
      }
      // A paragraph that names no one ("She claimed the label …") goes on about whoever the one
      // before it named: "she said" after it still reaches back to them (two such paragraphs at most).
      const namesSomeone = spans.some((m) => isPerson(m.entity)) || quotes.some((q) => q.speaker);
      if (namesSomeone || !previous || skipped >= NAMELESS_REACH) {
        previous = { spans, quotes, text: p.text };
        skipped = 0;
      } else skipped++;
    }
  }
  return out;
}

/** How many paragraphs naming no one a "she said" may reach back over to the last one that did. */
const NAMELESS_REACH = 2;

/** A quote that ends its own sentence. */
const ENDS_WITH_SENTENCE_MARK = /[.!?]\s*$/;
/** A lowercase word right after a closing quote mark: the sentence goes on. */
const CONTINUES_LOWERCASE = /^\s*\p{Ll}/u;
const ACCORDING_TO_AT_END = /according\s+to\s*$/i;
const STARTS_WITH_COMMA = /^\s*,/;
const ACCORDING_TO_PRONOUN = /according\s+to\s+(?:him|her)\b/i;

/** The paragraph being attributed, as the steps below read it. */
interface Scene {
  text: string;
  /** Quote spans (start, end) of the paragraph, in order. */
  qs: { start: number; end: number }[];
  /** Mentions not inside a quote. */
  outside: Span[];
  previous: { spans: Span[]; quotes: QuoteSpan[]; text: string } | undefined;
  orgByHead: Map<string, Entity>;
}

/** One quote's speaker as the steps find it, and who "he"/"she" would be. */
interface Verdict {
  speaker: Entity | undefined;
  how: Quote['how'];
  pronoun: () => Entity | undefined;
}

function attribute(
  text: string,
  mentions: Span[],
  previous: { spans: Span[]; quotes: QuoteSpan[]; text: string } | undefined,
  orgByHead: Map<string, Entity>,
  /** `previous` is the paragraph right before this one. */
  adjacent = true,
): QuoteSpan[] {
  const raw = quoteSpans(text, mentions);
  const quotes = quoteBodies(text, raw, mentions);
  const qs = raw.map((q) => ({ start: q.start, end: q.end }));
  // Quote spans never overlap and come in order, so a mention is inside one when its start is.
  const outside = mentions.filter((m) => !insideQuote(m.start, qs) || !insideQuote(m.end - 1, qs));
  const scene: Scene = { text, qs, outside, previous, orgByHead };
  /** The speaker of the last quote attributed in this paragraph. */
  let speakerHere: Entity | undefined;
  /** The speaker of the last quote attributed in the paragraph before. */
  const previousSpeaker = [...(previous?.quotes ?? [])].reverse().find((q) => q.speaker)?.speaker;
  let lastSpeaker: Entity | undefined = previousSpeaker;

  for (let i = 0; i < quotes.length; i++) {
    const q = quotes[i]!;
    if (q.speaker) {
      lastSpeaker = q.speaker;
      speakerHere = q.speaker;
      continue;
    }
    const pronoun = (): Entity | undefined =>
      speakerHere ??
      sentenceSubject(outside, q.start, text) ??
      lastSpeaker ??
      lastPerson(outside, q.start, text) ??
      (previous ? lastSpeakingPerson(previous.text, previous.spans) : undefined) ??
      lastPerson(previous?.spans ?? [], Infinity);
    const speaker = attributeQuote(scene, quotes, i, pronoun);
    if (speaker) {
      lastSpeaker = speaker;
      speakerHere = speaker;
    }
  }
  continueSpeakers(scene, quotes);
  if (adjacent)
    carryOverParagraph(
      scene,
      quotes,
      previousSpeaker ?? (previous ? speakerClosing(previous.text, previous.spans) : undefined),
    );
  return quotes;
}

const LEADING_QUOTE_MARK = /^\s*["“‘']/;

/**
 * The person whose speech ends a paragraph that quotes no one: "… editor Juliet Kinsman told us what
 * sustainable travel means to her" (or "… said:"), so the quote that makes up the next paragraph is hers.
 */
function speakerClosing(text: string, spans: Span[]): Entity | undefined {
  const last = text.slice(sentenceOpening(text));
  const person = lastSpeakingPerson(last, spansFrom(spans, text.length - last.length));
  return person;
}

/** Where the paragraph's last sentence starts. */
function sentenceOpening(text: string): number {
  const trimmed = text.trimEnd().replace(TRAILING_MARK, '');
  let at = 0;
  for (const m of matchesOf(SENTENCE_END_GLOBAL, trimmed)) at = (m.index ?? 0) + m[0].length;
  return at;
}
const TRAILING_MARK = /[.:!?]$/;
const SENTENCE_END_GLOBAL = /[.!?]\s+/g;

/** The spans at or after `from`, shifted to a text that starts there. */
function spansFrom(spans: Span[], from: number): Span[] {
  return spans
    .filter((s) => s.start >= from)
    .map((s) => ({ ...s, start: s.start - from, end: s.end - from }));
}

/**
 * 4. A paragraph that opens on a quote and names no one goes on quoting whoever the paragraph
 * right before it quoted last: "“I just want to perform my own music,” she said." then "“That's it. …”";
 * or, when that paragraph quoted no one, whoever its last sentence has speaking (speakerClosing).
 */
function carryOverParagraph(scene: Scene, quotes: QuoteSpan[], speaker: Entity | undefined): void {
  const first = quotes[0];
  if (!first || first.speaker || !LEADING_QUOTE_MARK.test(scene.text)) return;
  if (scene.outside.some((m) => isPerson(m.entity))) return;
  if (!speaker || !isPerson(speaker)) return;
  for (const q of quotes) {
    if (q.speaker) break;
    q.speaker = speaker;
    q.how = 'continued';
  }
}

/** Steps 1 and 2 for quote `i` within its sentence; sets and returns its speaker when one is found. */
function attributeQuote(
  scene: Scene,
  quotes: QuoteSpan[],
  i: number,
  pronoun: () => Entity | undefined,
): Entity | undefined {
  const { text, qs } = scene;
  const q = quotes[i]!;
  const nextQuote = quotes[i + 1];
  // A quote ending in a full stop ends its sentence: what follows is not its attribution.
  // ("Who are we?" she wrote. — a lowercase word after the quote goes on with the same sentence.)
  const closedSentence =
    ENDS_WITH_SENTENCE_MARK.test(text.slice(q.start, q.end)) &&
    !CONTINUES_LOWERCASE.test(text.slice(q.end + 1, q.end + 8));
  const sEnd = closedSentence
    ? q.end
    : Math.min(sentenceEnd(text, q.end, qs), nextQuote ? nextQuote.start : text.length);
  const prevQuote = quotes[i - 1];
  const sStart = Math.max(sentenceStart(text, q.start, qs), prevQuote ? prevQuote.end + 1 : 0);
  const after = text.slice(q.end + 1, sEnd);
  const before = text.slice(sStart, Math.max(sStart, q.start - 1));
  const sentenceBefore = text.slice(sentenceStart(text, q.start, qs), Math.max(0, q.start - 1));
  const v: Verdict = { speaker: undefined, how: 'named', pronoun };
  speakerAfter(scene, q, after, sEnd, v);
  if (!v.speaker) speakerBefore(scene, q, sStart, before, v);
  // "According to him, … “on the phone or in some other way”": the sentence names the source.
  if (!v.speaker && ACCORDING_TO_PRONOUN.test(sentenceBefore)) {
    v.speaker = pronoun();
    v.how = 'pronoun';
  }
  if (v.speaker && v.how === 'pronoun' && !isPerson(v.speaker)) v.speaker = undefined;
  if (v.speaker) {
    q.speaker = v.speaker;
    q.how = v.how;
  }
  return v.speaker;
}

/** 1. After the quote: "she said", "said [title] X", "X said", "the ministry said". */
function speakerAfter(scene: Scene, q: QuoteSpan, after: string, sEnd: number, v: Verdict): void {
  const { text, outside, orgByHead } = scene;
  if (PRONOUN_AFTER.test(after)) {
    v.speaker = v.pronoun();
    v.how = 'pronoun';
    return;
  }
  const inAfter = spansIn(outside, q.end + 1, sEnd);
  const vf = VERB_FIRST.exec(after);
  if (vf) {
    const first = inAfter.find((m) => isPerson(m.entity)) ?? inAfter[0];
    const gap = first ? text.slice(q.end + 1 + vf.index + vf[0].length, first.start) : '';
    // "said Gastelum-Vera’s neighbor, Brian Kinder": the person after the possessive's noun speaks.
    const owned = first ? ownedSpeaker(text, first, inAfter) : undefined;
    if (owned) v.speaker = owned.entity;
    else if (first && (TITLE_GAP.test(gap) || personNounGap(gap))) v.speaker = first.entity;
    else v.speaker = orgHead(after.slice(vf[0].length), orgByHead);
  }
  if (!v.speaker) {
    for (const m of inAfter) {
      const rest = text.slice(m.end, sEnd);
      if (SPEAKS_AFTER_NAME.test(rest)) {
        v.speaker = m.entity;
        break;
      }
    }
    // The first person after the quote with a long appositive before the verb, when no one else is
    // named in it.
    const first = inAfter.find((m) => isPerson(m.entity));
    const long = first && !v.speaker ? SPEAKS_AFTER_LONG_APPOSITIVE.exec(text.slice(first.end, sEnd)) : null;
    if (first && long) {
      const end = first.end + long[0].length;
      if (!inAfter.some((m) => m !== first && isPerson(m.entity) && m.start >= first.end && m.start < end))
        v.speaker = first.entity;
    }
  }
  if (!v.speaker) {
    // "“… the little deal” announced in October, said Derek Scissors": the quote is part of a
    // sentence whose speech verb comes after a comma, with the speaker right after it.
    const later = LATER_VERB.exec(after);
    if (later) {
      const from = q.end + 1 + later.index + later[0].length;
      const first = inAfter.find((m) => m.start >= from && isPerson(m.entity));
      if (first && TITLE_GAP.test(text.slice(from, first.start))) v.speaker = first.entity;
    }
  }
  if (!v.speaker) v.speaker = orgHead(after, orgByHead, true);
}

/** 2. Before the quote: the subject of its speech verb, "according to X,", "he added,". */
function speakerBefore(scene: Scene, q: QuoteSpan, sStart: number, before: string, v: Verdict): void {
  const { text, outside, orgByHead } = scene;
  const inBefore = spansIn(outside, sStart, q.start).filter((m) => m.end <= q.start);
  const verbs = matchesOf(VERB_RE, before);
  const verb = verbs[verbs.length - 1];
  if (!verb) return;
  const at = sStart + verb.index;
  if (ACCORDING_TO_AT_END.test(text.slice(sStart, at + verb[0].length + 3))) {
    const m = inBefore.find((x) => x.start > at);
    if (m && STARTS_WITH_COMMA.test(text.slice(m.end))) v.speaker = m.entity;
    else if (ACCORDING_TO_PRONOUN.test(before)) {
      v.speaker = v.pronoun();
      v.how = 'pronoun';
    }
    return;
  }
  // The subject: a name right before the verb ("Macron said", "X, a spokesperson, said",
  // "the Kremlin said"), else the first person named in the clause ("Peskov has dismissed
  // … a Putin-Biden summit, saying"), else an organisation.
  const candidates = inBefore.filter((m) => m.end <= at);
  const direct = candidates.filter((m) => DIRECT.test(text.slice(m.end, at)));
  const subject =
    direct.find((m) => isPerson(m.entity)) ??
    direct[direct.length - 1] ??
    candidates.find((m) => isPerson(m.entity)) ??
    candidates[0];
  const objectFirst = inBefore.find((m) => m.start > at && m.start - at < 60);
  if (subject) v.speaker = subject.entity;
  else if (PRONOUN_BEFORE.test(before)) {
    v.speaker = v.pronoun();
    v.how = 'pronoun';
    // "officials told the Bay Area News Group that …": whom one tells is not who speaks.
  } else if (objectFirst && !TOLD.test(verb[0])) v.speaker = objectFirst.entity;
  else v.speaker = orgHead(before, orgByHead, true);
}

/** 3. Quotes still without a speaker take a neighbour's when no other name stands between. */
function continueSpeakers(scene: Scene, quotes: QuoteSpan[]): void {
  const { text, outside } = scene;
  // The next quote with a speaker of its own (not one continued from a neighbour), found once.
  const nextNamed: (QuoteSpan | undefined)[] = new Array<QuoteSpan | undefined>(quotes.length);
  for (let i = quotes.length - 2; i >= 0; i--) {
    const x = quotes[i + 1]!;
    nextNamed[i] = x.speaker ? x : nextNamed[i + 1];
  }
  // Far apart, someone else may well be speaking: only quotes close together share a speaker.
  // After a quote, an organisation in its attribution's sentence is where the words were said
  // ("Maley said on CNBC's …"), and a person's possessive there whose the speaker is ("said
  // Gastelum-Vera's neighbor, Brian Kinder"): not a new speaker. After that sentence, or any other
  // person, it may be one. (Before a quote, any other name in between may be.)
  const between = (a: number, b: number, who: Entity, after = false): boolean => {
    if (b - a > SENTENCE_REACH) return true;
    const gap = text.slice(a, b);
    const boundary = after ? SENTENCE_BOUNDARY.exec(gap) : null;
    const sentenceEnds = after ? a + (boundary ? boundary.index : gap.length) : a;
    return (
      spansIn(outside, a, b).some(
        (m) =>
          m.end <= b &&
          m.entity !== who &&
          (m.start >= sentenceEnds ||
            (isPerson(m.entity) && !POSSESSIVE_AFTER.test(text.slice(m.end, m.end + 2)))),
      ) || newSpeaker(gap)
    );
  };
  for (let i = 0; i < quotes.length; i++) {
    const q = quotes[i]!;
    if (q.speaker) continue;
    const prev = quotes[i - 1];
    const next = nextNamed[i];
    if (prev?.speaker && !between(prev.end, q.start, prev.speaker, true)) {
      q.speaker = prev.speaker;
      q.how = 'continued';
    } else if (next?.speaker && !between(q.end, next.start, next.speaker)) {
      q.speaker = next.speaker;
      q.how = 'continued';
    }
  }
}

const SENTENCE_BOUNDARY = /[.!?]\s+/;
const TOLD = /\b(?:told|tells|tell|telling)\b/i;
const STARTS_WITH_HE_SHE = /^\s*(?:he|she)\b/i;

/** A new sentence between two quotes with its own speech verb ("Ukrainian troops also said that"). */
function newSpeaker(between: string): boolean {
  const parts = between.split(SENTENCE_BOUNDARY);
  if (parts.length < 2) return false;
  const clause = parts[parts.length - 1]!;
  return HAS_VERB.test(clause) && !STARTS_WITH_HE_SHE.test(clause);
}

/**
 * The last person in a paragraph named as the subject of a speech verb ("Sonya Zoghlin, Carlineo's
 * attorney, told The Hill …"): whom a "she said" in the next paragraph refers to, rather than the
 * last person merely mentioned ("… to cause harm to Omar").
 */
function lastSpeakingPerson(text: string, spans: Span[]): Entity | undefined {
  for (let i = spans.length - 1; i >= Math.max(0, spans.length - LOOK_BACK_NAMES); i--) {
    const s = spans[i]!;
    if (isPerson(s.entity) && SPEAKS_AFTER_NAME.test(text.slice(s.end, s.end + 160))) return s.entity;
  }
  return undefined;
}

/**
 * The last person named before `before`, looking back at most a few dozen names. A possessive
 * mention ("during Carlineo's sentencing") is passed over when someone else was named: "she" in the
 * next sentence is rarely the owner in such a phrase.
 */
function lastPerson(spans: Span[], before: number, text?: string): Entity | undefined {
  const from = before === Infinity ? spans.length : firstFrom(spans, before);
  const stop = Math.max(0, from - LOOK_BACK_NAMES);
  let possessive: Entity | undefined;
  for (let i = from - 1; i >= stop; i--) {
    const s = spans[i]!;
    if (!isPerson(s.entity)) continue;
    if (text !== undefined && POSSESSIVE_AFTER.test(text.slice(s.end, s.end + 2))) {
      possessive ??= s.entity;
      continue;
    }
    return s.entity;
  }
  return possessive;
}

/**
 * The last person who opens a sentence of this paragraph before `before` ("Obi asked for mercy …
 * She added, “…”"): the subject a pronoun most likely refers to, over an earlier paragraph's speaker.
 */
function sentenceSubject(spans: Span[], before: number, text: string): Entity | undefined {
  const from = firstFrom(spans, before);
  for (let i = from - 1; i >= Math.max(0, from - LOOK_BACK_NAMES); i--) {
    const s = spans[i]!;
    if (isPerson(s.entity) && SENTENCE_OPENING.test(text.slice(Math.max(0, s.start - 4), s.start)))
      return s.entity;
  }
  return undefined;
}

/** The start of the text, or a sentence's end and the spaces after it (a closing quote allowed). */
const SENTENCE_OPENING = /(?:^|[.!?]["”’]?\s+)$/;

/** "'s" or "’s" right after a name. */
const POSSESSIVE_AFTER = /^['’]s/;

/** How many names back a pronoun looks for its person. */
const LOOK_BACK_NAMES = 50;

/** "the palace said", "the Kremlin said": an organisation as the subject of a speech verb. */
function orgHead(text: string, orgByHead: Map<string, Entity>, anywhere = false): Entity | undefined {
  const m = (anywhere ? ORG_SAYS_ANYWHERE : ORG_SAYS).exec(text);
  if (!m) return undefined;
  return orgByHead.get(fold(m[1]!));
}
