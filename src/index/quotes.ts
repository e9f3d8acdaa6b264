/**
 * Direct quotes and who said them.
 *
 * Quote spans: any double quotation mark (“ ” " « » „) opens a quote and the next one closes it —
 * machine-translated text often writes the closing mark as “, so direction is not trusted. A quote
 * left open runs to the end of the paragraph, unless a later sentence in it reads like an
 * attribution ("… Blinken told CNN."), where it is cut. Quotes of one word are scare quotes and
 * are skipped.
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
import type { Article } from '../corpus/types.js';
import type { Entity, Quote } from './types.js';
import { SPEECH_VERBS } from './names-lexicon.js';
import { fold } from './names.js';

interface Span {
  start: number;
  end: number;
  entity: Entity;
}

interface QuoteSpan {
  start: number;
  end: number;
  text: string;
  speaker?: Entity;
  how?: Quote['how'];
}

const QUOTE_MARKS = /[“”"«»„‟]/g;
const VERB = SPEECH_VERBS.join('|');
const VERB_RE = new RegExp(`(?<!\\p{L})(?:${VERB})(?!\\p{L})`, 'giu');
const PRONOUN_AFTER = new RegExp(`^[\\s,.;:!?—–-]*(?:he|she)\\s+(?:${VERB})(?!\\p{L})`, 'iu');
const VERB_FIRST = new RegExp(`^[\\s,.;:!?—–-]*(?:${VERB})(?!\\p{L})`, 'iu');
const PRONOUN_BEFORE = new RegExp(
  `(?<!\\p{L})(?:he|she|him|her)(?!\\p{L})[^.!?“”"]{0,120}?(?<!\\p{L})(?:${VERB})(?!\\p{L})`,
  'iu',
);
const DIRECT = /^[’']?s?\s*(?:,[^,“”"]{0,100},\s*)?(?:\p{Ll}+\s+){0,2}$/u;
/** A name followed by a speech verb: "Peskov said", "Peskov, a spokesman, said", "Macron’s … told". */
const SPEAKS_AFTER_NAME = new RegExp(`^[’']?s?\\s*(?:,[^,“”"]{0,100},\\s*)?(?:${VERB})(?!\\p{L})`, 'iu');
/** A speech verb within the sentence, after a name that opens it (see spokenTail). */
const VERB_SOON = new RegExp(`^[^.!?]{0,80}?(?<!\\p{L})(?:${VERB})(?!\\p{L})`, 'iu');
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

const LETTER = /\p{L}/u;
const LOWERCASE_LETTER = /\p{Ll}/u;
const APOSTROPHE = /[’']/;
const WHITESPACE = /\s/;

function mentionSpans(text: string, entities: { entity: Entity; surface: string }[]): Span[] {
  const spans: Span[] = [];
  for (const { entity, surface } of entities) {
    if (!surface) continue;
    for (let i = text.indexOf(surface); i >= 0; i = text.indexOf(surface, i + 1)) {
      const before = text[i - 1] ?? ' ';
      const after = text[i + surface.length] ?? ' ';
      if (LETTER.test(before)) continue;
      if (LOWERCASE_LETTER.test(after) && !APOSTROPHE.test(after)) continue; // glued words are allowed only by surface
      spans.push({ start: i, end: i + surface.length, entity });
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) continue;
    out.push(s);
  }
  return out;
}

function quoteSpans(text: string, mentions: Span[]): { start: number; end: number; open: boolean }[] {
  const out: { start: number; end: number; open: boolean }[] = [];
  let open: number | undefined;
  for (const m of text.matchAll(QUOTE_MARKS)) {
    const i = m.index;
    if (open === undefined) {
      open = i;
      continue;
    }
    // "“The job is over. Borrell … stated, “We are ready.”": an opening mark after a sentence that
    // reads like an attribution ends the open quote there and opens a new one.
    const opener = text[i] === '“' && WHITESPACE.test(text[i - 1] ?? '') && LETTER.test(text[i + 1] ?? '');
    if (opener && spokenTail(text, open + 1, i, mentions)) {
      out.push({ start: open + 1, end: i, open: true });
      open = i;
      continue;
    }
    out.push({ start: open + 1, end: i, open: false });
    open = undefined;
  }
  if (open !== undefined) out.push({ start: open + 1, end: text.length, open: true });
  return out;
}

const LETTER_RUNS = /\p{L}+/gu;
const wordCount = (s: string): number => (s.match(LETTER_RUNS) ?? []).length;

const LEADING_QUOTE_PUNCTUATION = /^[\s,.;:—–-]+/;
const TRAILING_QUOTE_PUNCTUATION = /[\s,;:—–-]+$/;

function cleanQuote(s: string): string {
  return s
    .replace(QUOTE_MARKS, '')
    .replace(LEADING_QUOTE_PUNCTUATION, '')
    .replace(TRAILING_QUOTE_PUNCTUATION, '')
    .trim();
}

// Shared g regexes walked with exec: every user sets lastIndex first, and no loop body uses its
// own regex again, so the shared lastIndex is never clobbered mid-loop.
/** A sentence-ending mark followed by a space or the end of the text. */
const SENTENCE_END_MARK = /[.!?](?=\s|$)/g;
/** A sentence-ending mark and the one space after it. */
const SENTENCE_MARK_THEN_SPACE = /[.!?]\s/g;

/** The end of the sentence containing `pos` (exclusive), ignoring full stops inside quotes. */
function sentenceEnd(text: string, pos: number, quotes: { start: number; end: number }[]): number {
  SENTENCE_END_MARK.lastIndex = pos;
  for (let m = SENTENCE_END_MARK.exec(text); m; m = SENTENCE_END_MARK.exec(text)) {
    if (!quotes.some((q) => m!.index >= q.start && m!.index < q.end)) return m.index + 1;
  }
  return text.length;
}

function sentenceStart(text: string, pos: number, quotes: { start: number; end: number }[]): number {
  let start = 0;
  SENTENCE_MARK_THEN_SPACE.lastIndex = 0;
  for (
    let m = SENTENCE_MARK_THEN_SPACE.exec(text);
    m && m.index < pos;
    m = SENTENCE_MARK_THEN_SPACE.exec(text)
  ) {
    if (!quotes.some((q) => m!.index >= q.start && m!.index < q.end)) start = m.index + 1;
  }
  return start;
}

const isPerson = (e: Entity): boolean => e.kind === 'person';

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
    let previous: { spans: Span[]; quotes: QuoteSpan[] } | undefined;
    for (const p of article.paragraphs) {
      let spans: Span[] = [];
      let quotes: QuoteSpan[] = [];
      try {
        spans = mentionSpans(p.text, byParagraph.get(`${article.id}#${p.n}`) ?? []);
        quotes = attribute(p.text, spans, previous, orgByHead);
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
      previous = { spans, quotes };
    }
  }
  return out;
}

/** A quote that ends its own sentence. */
const ENDS_WITH_SENTENCE_MARK = /[.!?]\s*$/;
const ACCORDING_TO_AT_END = /according\s+to\s*$/i;
const STARTS_WITH_COMMA = /^\s*,/;
const ACCORDING_TO_PRONOUN = /according\s+to\s+(?:him|her)\b/i;

function attribute(
  text: string,
  mentions: Span[],
  previous: { spans: Span[]; quotes: QuoteSpan[] } | undefined,
  orgByHead: Map<string, Entity>,
): QuoteSpan[] {
  const raw = quoteSpans(text, mentions);
  const quotes: QuoteSpan[] = [];
  for (const r of raw) {
    let end = r.end;
    let tail: Entity | undefined;
    if (r.open) {
      // "“Now they justify … by continuing. Blinken told CNN in an interview on Sunday."
      const cut = spokenTail(text, r.start, r.end, mentions);
      if (cut) {
        end = cut.at;
        tail = cut.speaker;
      }
    }
    const body = cleanQuote(text.slice(r.start, end));
    if (wordCount(body) < 2) continue;
    quotes.push({
      start: r.start,
      end,
      text: body,
      ...(tail ? { speaker: tail, how: 'named' as const } : {}),
    });
  }
  const outside = mentions.filter((m) => !raw.some((q) => m.start >= q.start && m.end <= q.end));
  const qs = raw.map((q) => ({ start: q.start, end: q.end }));
  let lastSpeaker: Entity | undefined = [...(previous?.quotes ?? [])]
    .reverse()
    .find((q) => q.speaker)?.speaker;

  for (let i = 0; i < quotes.length; i++) {
    const q = quotes[i]!;
    if (q.speaker) {
      lastSpeaker = q.speaker;
      continue;
    }
    const nextQuote = quotes[i + 1];
    // A quote ending in a full stop ends its sentence: what follows is not its attribution.
    const closedSentence = ENDS_WITH_SENTENCE_MARK.test(text.slice(q.start, q.end));
    const sEnd = closedSentence
      ? q.end
      : Math.min(sentenceEnd(text, q.end, qs), nextQuote ? nextQuote.start : text.length);
    const prevQuote = quotes[i - 1];
    const sStart = Math.max(sentenceStart(text, q.start, qs), prevQuote ? prevQuote.end + 1 : 0);
    const after = text.slice(q.end + 1, sEnd);
    const before = text.slice(sStart, Math.max(sStart, q.start - 1));
    const sentenceBefore = text.slice(sentenceStart(text, q.start, qs), Math.max(0, q.start - 1));
    const pronoun = (): Entity | undefined =>
      lastSpeaker ?? lastPerson(outside, q.start) ?? lastPerson(previous?.spans ?? [], Infinity);

    let speaker: Entity | undefined;
    let how: Quote['how'] = 'named';
    // 1. After the quote.
    if (PRONOUN_AFTER.test(after)) {
      speaker = pronoun();
      how = 'pronoun';
    } else {
      const inAfter = outside.filter((m) => m.start > q.end && m.start < sEnd);
      const vf = VERB_FIRST.exec(after);
      if (vf) {
        const first = inAfter.find((m) => isPerson(m.entity)) ?? inAfter[0];
        const gap = first ? text.slice(q.end + 1 + vf.index + vf[0].length, first.start) : '';
        if (first && TITLE_GAP.test(gap)) speaker = first.entity;
        else speaker = orgHead(after.slice(vf[0].length), orgByHead);
      }
      if (!speaker) {
        for (const m of inAfter) {
          const rest = text.slice(m.end, sEnd);
          if (SPEAKS_AFTER_NAME.test(rest)) {
            speaker = m.entity;
            break;
          }
        }
      }
      if (!speaker) speaker = orgHead(after, orgByHead, true);
    }
    // 2. Before the quote.
    if (!speaker) {
      const inBefore = outside.filter((m) => m.start >= sStart && m.end <= q.start);
      const verbs = [...before.matchAll(VERB_RE)];
      const verb = verbs[verbs.length - 1];
      if (verb) {
        const at = sStart + verb.index;
        if (ACCORDING_TO_AT_END.test(text.slice(sStart, at + verb[0].length + 3))) {
          const m = inBefore.find((x) => x.start > at);
          if (m && STARTS_WITH_COMMA.test(text.slice(m.end))) speaker = m.entity;
          else if (ACCORDING_TO_PRONOUN.test(before)) {
            speaker = pronoun();
            how = 'pronoun';
          }
        } else {
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
          if (subject) speaker = subject.entity;
          else if (PRONOUN_BEFORE.test(before)) {
            speaker = pronoun();
            how = 'pronoun';
          } else if (objectFirst) speaker = objectFirst.entity;
          else speaker = orgHead(before, orgByHead, true);
        }
      }
    }
    // "According to him, … “on the phone or in some other way”": the sentence names the source.
    if (!speaker && ACCORDING_TO_PRONOUN.test(sentenceBefore)) {
      speaker = pronoun();
      how = 'pronoun';
    }
    if (speaker && how === 'pronoun' && !isPerson(speaker)) speaker = undefined;
    if (speaker) {
      q.speaker = speaker;
      q.how = how;
      lastSpeaker = speaker;
    }
  }
  // 3. Quotes still without a speaker take a neighbour's when no other name stands between.
  for (let i = 0; i < quotes.length; i++) {
    const q = quotes[i]!;
    if (q.speaker) continue;
    const prev = quotes[i - 1];
    const next = quotes.slice(i + 1).find((x) => x.speaker && x.how !== 'continued');
    const between = (a: number, b: number, who: Entity): boolean =>
      outside.some((m) => m.start >= a && m.end <= b && m.entity !== who) || newSpeaker(text.slice(a, b));
    if (prev?.speaker && !between(prev.end, q.start, prev.speaker)) {
      q.speaker = prev.speaker;
      q.how = 'continued';
    } else if (next?.speaker && !between(q.end, next.start, next.speaker)) {
      q.speaker = next.speaker;
      q.how = 'continued';
    }
  }
  return quotes;
}

const SENTENCE_BOUNDARY = /[.!?]\s+/;
const STARTS_WITH_HE_SHE = /^\s*(?:he|she)\b/i;

/** A new sentence between two quotes with its own speech verb ("Ukrainian troops also said that"). */
function newSpeaker(between: string): boolean {
  const parts = between.split(SENTENCE_BOUNDARY);
  if (parts.length < 2) return false;
  const clause = parts[parts.length - 1]!;
  VERB_RE.lastIndex = 0;
  return VERB_RE.test(clause) && !STARTS_WITH_HE_SHE.test(clause);
}

function lastPerson(spans: Span[], before: number): Entity | undefined {
  for (let i = spans.length - 1; i >= 0; i--) {
    const s = spans[i]!;
    if (s.start < before && isPerson(s.entity)) return s.entity;
  }
  return undefined;
}

/** "the palace said", "the Kremlin said": an organisation as the subject of a speech verb. */
function orgHead(text: string, orgByHead: Map<string, Entity>, anywhere = false): Entity | undefined {
  const m = (anywhere ? ORG_SAYS_ANYWHERE : ORG_SAYS).exec(text);
  if (!m) return undefined;
  return orgByHead.get(fold(m[1]!));
}

/** A sentence-ending mark and the spaces after it (g: exec loop, lastIndex set before use). */
const SENTENCE_MARK_THEN_SPACES = /[.!?]\s+/g;

/** In an unclosed quote, a later sentence that opens with a name and a speech verb is the attribution. */
function spokenTail(
  text: string,
  start: number,
  end: number,
  mentions: Span[],
): { at: number; speaker: Entity } | undefined {
  SENTENCE_MARK_THEN_SPACES.lastIndex = start;
  for (
    let m = SENTENCE_MARK_THEN_SPACES.exec(text);
    m && m.index < end;
    m = SENTENCE_MARK_THEN_SPACES.exec(text)
  ) {
    const at = m.index + m[0].length;
    const mention = mentions.find((x) => x.start === at);
    if (!mention) continue;
    const rest = text.slice(mention.end, Math.min(end, mention.end + 120));
    if (VERB_SOON.test(rest)) {
      return { at: m.index + 1, speaker: mention.entity };
    }
  }
  return undefined;
}
