/**
 * "How many / how much / how long / how far" questions: find the quantities the best passages state
 * next to what was asked about, and answer with the one the articles agree on most.
 */
import type { DossierIndex } from '../index/model.js';
import { questionWording, wordingFit } from './quantity-wording.js';
import type { Hit } from '../index/search/search.js';
import { articleTotal, type Scope } from './filter.js';
import { processTerm, queryTerms, words } from '../index/terms.js';
import type { Answer } from './types.js';
import { entitiesAt, type NamedIn } from './tables.js';
import { heldCount, heldCounter, heldCounters, heldTerms } from './tokens.js';
import {
  citePage,
  closestPassages,
  collapseWhitespace,
  corroboration,
  noTermsMessage,
  notFound,
  positionOf,
  sourcesOf,
  type Candidate,
} from './common.js';
import {
  PRONOUN_LED,
  evidenceWeight,
  namesApart,
  namesNoArticleHolds,
  nothingAbout,
  onTheNames,
  withOtherForms,
} from './topic.js';
import { questionWords } from './question-words.js';
import { quantitiesIn, WORD_TOKEN, type Found } from './quantity-figures.js';
import { sameUnit } from './quantity-label.js';
import { moneyWordsOf, nearestMoneyWord } from './quantity-money.js';
import { askedNamesOf, lookupEntity } from './entity-lookup.js';
import { bracketHead, figureOfAnother, firstNamedAt, spanOwners } from './quantity-subject.js';
import {
  ageOfAsked,
  ANAPHORIC_AGE,
  ANAPHORIC_AGE_END,
  EPITHET_FIT,
  epithetOf,
  NAMED_AGE,
  NO_AGE,
} from './quantity-anaphora.js';
import { quantityQuestion, type QuantityAsk, type QuantityKind } from './quantity-question.js';
import { keyWordIn, keyWordOf } from './quantity-key.js';
import { matchesOf } from '../corpus/text.js';

const DIGIT = /\d/;
const CAPITALISED = /^\p{Lu}/u;
/** Characters between a name and its age: "Dana Pell, 41", "The 63-year-old Marsh". */
const AGE_REACH = 12;
/** A name's possessive and the noun after it, ending the topic: "Molly Martens’ father". */
const OWNED_NOUN = /\p{Lu}[\p{L}'’.-]*['’]s?\s+(\p{Ll}+)\s*$/u;
/** The same for a question that names no one: the ages of a group described in the sentence. */
const GROUP_AGE_REACH = 40;

/** Where the question's words stand in a sentence, in order, and whether each is capitalised. */
interface Span {
  start: number;
  end: number;
  term: string;
  capitalised: boolean;
  /** The question's own word, not a spelling the search let through ("Lina" for "Lind"). */
  asked: boolean;
}

function spansOf(sentence: string, matched: ReadonlySet<string>, asked: ReadonlySet<string>): Span[] {
  const spans: Span[] = [];
  for (const m of matchesOf(WORD_TOKEN, sentence)) {
    const term = processTerm(m[0]);
    const start = m.index ?? 0;
    if (term && matched.has(term))
      spans.push({
        start,
        end: start + m[0].length,
        term,
        capitalised: CAPITALISED.test(m[0]),
        asked: asked.has(term),
      });
  }
  return spans;
}

/** The years a text names ("How many died in 2022?" → 2022). */
const YEAR_WORD = /\b(?:19|20)\d{2}\b/g;
const yearsIn = (text: string): number[] => matchesOf(YEAR_WORD, text).map((m) => Number(m[0]));
/** A period of years a sentence states: "from 1999 to 2021", "between 2010 and 2015". */
const YEAR_PERIOD =
  /\b(?:from|between)\s+((?:19|20)\d{2})\s*(?:to|and|through|until|-|–)\s*((?:19|20)\d{2})\b/g;

/**
 * Whether the sentence counts over a period of years that holds none of the years asked: "How many
 * died in 2022?" is not answered by a count "from 1999 to 2021".
 */
function outsidePeriod(sentence: string, years: number[]): boolean {
  const periods = matchesOf(YEAR_PERIOD, sentence);
  return periods.length > 0 && periods.every((p) => years.every((y) => y < Number(p[1]) || y > Number(p[2])));
}

/** How far after "father" in "her father, Tom Martens (73)" his age may stand. */
const OWNED_AGE_REACH = 40;
const CAPITALISED_WORD_BEFORE = /(\p{Lu}[\p{L}'’-]*)\s+$/u;
/** Titles before a surname that are no first name: "Mr Martens (73)". */
const TITLE_BEFORE = /^(?:mr|mrs|ms|miss|dr|sir|dame|lady|lord|prof|rev|fr|st)\.?$/i;

/** Whether a capitalised word the question does not give stands right before the name `s`. */
function otherFirstName(sentence: string, s: Span, spans: Span[]): boolean {
  const m = CAPITALISED_WORD_BEFORE.exec(sentence.slice(Math.max(0, s.start - 30), s.start));
  if (!m || TITLE_BEFORE.test(m[1]!)) return false;
  const at = s.start - m[0].length;
  return !spans.some((x) => x.start === at && x.asked);
}

/**
 * The question's word nearest to a figure in its sentence, and the characters between them. A binary
 * search over the spans, so a sentence full of figures stays linear.
 */
function nearest(
  found: Found,
  spans: Span[],
): { gap: number; span?: Span; other?: { gap: number; span?: Span } } {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.start < found.start) lo = mid + 1;
    else hi = mid;
  }
  const after = spans[lo];
  const before = spans[lo - 1];
  const gapAfter = after ? Math.max(0, after.start - found.end) : Infinity;
  const gapBefore = before ? Math.max(0, found.start - before.end) : Infinity;
  return gapBefore <= gapAfter
    ? { gap: gapBefore, span: before, other: { gap: gapAfter, span: after } }
    : { gap: gapAfter, span: after, other: { gap: gapBefore, span: before } };
}

/**
 * How much a figure's place in its sentence counts: 1 next to the question's words, less further
 * off. An age must stand right by a name the question gives ("Braun, 38", "the 63-year-old Marsh"),
 * spelled as the question spells it: anyone else's age in the sentence is not the one asked.
 */
function placement(
  found: Found,
  spans: Span[],
  namesNoOne: boolean,
  sentence: string,
  owned: string | undefined,
): number {
  const { gap, span, other } = nearest(found, spans);
  if (found.kind === 'age') {
    // "Molly Martens’ father": his age stands by "father" ("her father, Tom Martens (73)"), and
    // hers by her name ("Molly Martens (40)") is not the one asked.
    if (owned) {
      const by = spans.find(
        (s) => s.term === owned && s.end <= found.start && found.start - s.end <= OWNED_AGE_REACH,
      );
      if (!by) return 0;
      // A name of the question's between them is the possessor's, unless another first name makes
      // it someone else's ("her father, Tom Martens (73)").
      const names = spans.filter((s) => s.capitalised && s.asked && s.start > by.end && s.end <= found.start);
      return names.every((s) => otherFirstName(sentence, s, spans)) ? 1 : 0;
    }
    // "allegedly raped 17-year-old Virginia Giuffre": the name on one side, another of the
    // question's words on the other, as near; the age is the name's. Not when another first name
    // stands before it: "Molly Martens (40)" is not the age of Tom Martens.
    const named = (s?: Span, g = Infinity) =>
      !!s?.asked && s.capitalised && g <= AGE_REACH && !otherFirstName(sentence, s, spans);
    if (named(span, gap) || named(other?.span, other?.gap)) return 1;
    if (!span?.asked) return 0;
    // A question that names no one ("how old is the hunter who …") asks the age of what it
    // describes: "a 55-year-old man", "the hunter, 55,", "the students … were between the ages of
    // 18-24" (a group's ages stand further off).
    if (gap > (namesNoOne ? GROUP_AGE_REACH : AGE_REACH)) return 0;
    return namesNoOne ? 1 : 0;
  }
  const fit = span ? 1 / (1 + gap / 80) : 0.5;
  // "Plains (covering 65 percent of the surface) and dunes (covering 17 percent …)": a figure in
  // brackets is said of the word the brackets follow.
  const head = bracketHead(sentence, found.start);
  if (head === undefined) return fit;
  return spans.some((s) => s.end === head) ? 1 : fit * OTHER_HEAD_FIT;
}

/** How much a figure in brackets after a word the question does not use counts. */
const OTHER_HEAD_FIT = 0.5;

export function answerQuantity(index: DossierIndex, rawQuery: string, offset = 0, scope?: Scope): Answer {
  const query = collapseWhitespace(rawQuery);
  const ask = quantityQuestion(query) ?? { kinds: new Map([['count', 1]]), rate: false, topic: query };
  const topic = ask.topic;
  // "How long did it take to build FAST?" is answered by "… took half a decade to build".
  const found = withOtherForms(index, topic, scope, questionWords(topic).verbs);
  if (found.noTerms) return notFound(index, 'ask', query, noTermsMessage(index));
  if (found.hits.length === 0) return notFound(index, 'ask', query, nothingAbout(topic));
  // A name no article holds ("Hanoi") means the figure asked for is not in them.
  const missing = namesNoArticleHolds(index, topic, found.hits, scope);
  if (missing.length > 0) return notFound(index, 'ask', query, nothingAbout(missing.join(' ')));
  const named = onTheNames(index, query, topic, found.hits);
  if (named.length === 0) return notFound(index, 'ask', query, namesApart(query, topic));
  // "How far is Hanoi from Beijing?": a distance between places is told where both are named.
  const names =
    ask.kinds.has('distance') && BETWEEN_PLACES.test(topic)
      ? words(topic).filter((w) => CAPITALISED.test(w))
      : [];
  const places = new Set(names.map((w) => processTerm(w)).filter((t): t is string => !!t));
  const between =
    places.size >= 2 ? named.filter((h) => heldTerms(h.paragraph.text, places).size === places.size) : named;
  if (between.length === 0)
    return notFound(index, 'ask', query, `No passage found that names ${names.join(' and ')} together.`);
  const hits = withNeighbours(index, between, commonTerms(topic), ask.kinds.has('age'));

  const values = tallyFigures(index, hits, ask);
  if (values.size === 0 && ask.head && ask.kinds.has('count')) countedInStory(index, hits, ask, values);
  const ranked = [...values.values()].sort((a, b) => b.score - a.score);
  // The best figure is another subject's: the one asked about is not stated.
  const best = ranked[0]?.onSubject ? ranked[0] : undefined;
  if (!best) {
    return closestPassages(
      index,
      'ask',
      query,
      `No ${FIGURE_NAMES[[...ask.kinds.keys()][0]!]} found in the articles for “${query}”. Closest passages:`,
      hits,
      offset,
    );
  }
  const candidates: Candidate[] = [...best.positions.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([pos, score]) => ({
      pos,
      score,
      matched: [...(hits.find((h) => h.pos === pos)?.matched ?? []), ...numberTerms(best.surface)],
    }));
  return {
    kind: 'ask',
    query,
    text: `${best.surface}${corroboration(best.articles.size, articleTotal(index, scope))}.`,
    ...citePage(index, candidates, offset),
    sources: sourcesOf(index, best.positions.keys()),
    corpusArticles: index.articles.length,
  };
}

/**
 * Words of a forecast: a figure after them in its clause (no full stop or semicolon between; "$2.52"
 * is none) is what someone expected. "an estimated 2,000" qualifies a figure, so "estimated" counts
 * only in the question.
 */
const FORECAST =
  'expect|expected|expecting|expects|expectations?|estimates?|forecasts?|forecast|predicted|predicting|projected|projections?|consensus';
const FORECAST_WORD = new RegExp(`\\b(?:${FORECAST}|estimated)\\b`, 'i');
const FORECAST_BEFORE = new RegExp(`\\b(?:${FORECAST})\\b(?:[^.;!?]|\\.(?=\\d))*$`, 'i');
/** How far back (characters) a forecast word is looked for, and how much its figure counts. */
const FORECAST_REACH = 60;
const FORECAST_FIT = 0.4;

/** One value the passages state (a number, its kind and unit), with the evidence for it. */
interface Tally {
  surface: string;
  bestFit: number;
  score: number;
  articles: Set<string>;
  perArticle: Map<string, number>;
  positions: Map<number, number>;
  /** Whether some sentence states it of the question's names, not only of someone else's. */
  onSubject: boolean;
}

/** The values the hits' sentences state near the question's words, by value, kind and unit. */
function tallyFigures(index: DossierIndex, hits: Hit[], ask: QuantityAsk): Map<string, Tally> {
  const askedAge = ask.kinds.has('age');
  const topicTerms = new Set(queryTerms(ask.topic));
  // "How old is the artist painting murals in Kandhamal?" names a place, no one; so does "the
  // torso found in Tarzana", whatever the articles take Tarzana for.
  const placed = new Set([...placedWords(ask.topic), ...modifierWords(ask.topic)]);
  const namesNoOne = !words(ask.topic).some(
    (w) => CAPITALISED.test(w) && !placed.has(w) && !onlyAPlace(index, w),
  );
  const asksForecast = FORECAST_WORD.test(ask.topic);
  const wording = questionWording(ask);
  const sourceTerms = wording.source;
  // Each name of the question as the run of capitalised words it is written in ("MacBook Pro").
  const askedRuns = askedNamesOf(index, ask.topic);
  const shortForms = new Map<string, boolean>();
  const askedNames = capitalisedTerms(ask.topic);
  const moneyFor = ask.kinds.has('money') ? moneyWordsOf(ask.topic) : undefined;
  const askedYears = yearsIn(ask.topic);
  const common = namesNoOne ? commonTerms(ask.topic) : undefined;
  const owned = (askedAge && processTerm(OWNED_NOUN.exec(ask.topic)?.[1] ?? '')) || undefined;
  const values = new Map<string, Tally>();
  const top = hits[0]?.score ?? 1;
  // Each sentence’s figures and checks, read once: a syndicated story’s copies repeat them.
  const figuresIn = new Map<string, Found[]>();
  // What the question is about: a passage whose story never names it holds no answer.
  // Only when the best passage's story uses that word (else the question words it otherwise), or
  // when it is the question's one such word (its passages may have been found by a near spelling).
  const keyHeld = new Map<string, boolean>();
  const found = keyWordOf(index, ask);
  const key =
    found && !found.sole && hits[0] && keyWordIn(hits[0].article, found, keyHeld) ? found : undefined;
  // The question's one such word, where the search found a passage by a near spelling of it alone
  // ("snow" → "know"): that passage's story must use the word itself.
  const nearOnly = (hit: Hit) =>
    !!found?.sole && hit.queryTerms.includes(found.term) && !hit.matched.includes(found.term);
  const sourceIn = sourceTerms?.size ? heldCounter(sourceTerms, false, 1) : undefined;
  const namesIn = heldCounter(askedNames, false, 1);
  const matchedIn = heldCounters(false);
  hits.forEach((hit) => {
    if ((key || nearOnly(hit)) && !keyWordIn(hit.article, found!, keyHeld)) return;
    const weight = evidenceWeight(hit, top);
    const { set: matched, count: heldIn } = matchedIn(hit.matched);
    // The people and organisations the paragraph names, read once (only when a sentence needs them).
    let namedHere: NamedIn[] | undefined;
    let aboutBefore = 0;
    let previous = '';
    for (const sentence of hit.paragraph.sentences) {
      const sourced = !sourceIn || sourceIn(sentence) > 0 || sourceIn(previous) > 0;
      const about = heldIn(sentence);
      // "… belonged to Embiid. He poured in 13 points": the sentence before's words count too.
      const before = about > 0 && PRONOUN_LED.test(sentence) ? heldIn(previous) : 0;
      previous = sentence;
      // A sentence that goes on about what one before it named ("The two leaders … in the hourlong
      // encounter" after "the debate …") counts, at half weight.
      const carried = about === 0 && aboutBefore > 0 ? 0.5 : 1;
      aboutBefore += about;
      // "The 56-year-old said …", "At 16, he went …": the age of the person the story last named.
      // With no name asked, the one the story is about: "A HUNTER who … The 55-year-old is …".
      const { anaphoric, introduced } = askedAge
        ? ageOfAsked(index, hit, sentence, common, topicTerms, about)
        : NO_AGE;
      if (about === 0 && carried === 1 && !anaphoric) continue;
      if (askedYears.length > 0 && outsidePeriod(sentence, askedYears)) continue;
      let figures = figuresIn.get(sentence);
      if (!figures) figuresIn.set(sentence, (figures = quantitiesIn(sentence, ask)));
      const spans = figures.length > 0 && about > 0 ? spansOf(sentence, matched, topicTerms) : [];
      // "Home Depot reported $2.53 …" does not answer "How much did Lowe's earn?": a sentence that
      // names none of the question's names but someone else before its figure is about them.
      // With a place asked ("the lockdown in Nawada"), another place is another subject too.
      const other =
        figures.length > 0 && askedNames.size > 0 && namesIn(sentence) === 0
          ? firstNamedAt((namedHere ??= entitiesAt(index, hit.pos)), sentence, askedNames)
          : -1;
      const owners = figures.length > 1 ? spanOwners(sentence, figures, spans) : undefined;
      for (const f of figures) {
        const own = owners ? spans.filter((_, i) => owners[i] === undefined || owners[i] === f.end) : spans;
        // "How much is her salary?" is not answered by "a net worth of $17 million".
        if (f.kind === 'money' && moneyFor && !moneyFor.test(sentence)) continue;
        // "earned $1.1 billion … as revenue rose to $27.2 billion": each sum is what the money word
        // nearest to it says it is.
        if (f.kind === 'money' && moneyFor && !moneyFor.test(nearestMoneyWord(sentence, f) ?? '')) continue;
        let fit =
          anaphoric && f.kind === 'age' && (f.start <= ANAPHORIC_AGE_END || f.start === introduced)
            ? f.fit
            : f.fit * carried * placement(f, own, namesNoOne, sentence, owned);
        // "Buttigieg stepped into the lane … skeptical of the 37-year-old small-city mayor's
        // chances": an epithet stands for the person named last before it in the sentence.
        if (fit === 0 && f.kind === 'age' && !common && epithetOf(index, hit, sentence, f, topicTerms))
          fit = f.fit * EPITHET_FIT;
        if (fit === 0) continue;
        if (other >= 0 && other < f.start) fit *= OTHER_SUBJECT_FIT;
        // Told of a name the question does not ask about, it is kept only to rank the others.
        const onSubject =
          askedNames.size === 0 ||
          !figureOfAnother(
            index,
            sentence,
            f.start,
            (namedHere ??= entitiesAt(index, hit.pos)),
            askedNames,
            askedRuns,
            shortForms,
          );
        // "analysts were expecting $2.52 a share on revenue of $27.53 billion": what was expected,
        // not what happened, unless the question asks for the forecast.
        if (
          !asksForecast &&
          FORECAST_BEFORE.test(sentence.slice(Math.max(0, f.start - FORECAST_REACH), f.start))
        )
          fit *= FORECAST_FIT;
        if ((fit *= wordingFit(sentence, f, wording, sourced)) === 0) continue;
        addFigure(values, f, fit, weight * fit * (1 + (about + before) * 0.25), hit, onSubject);
      }
    }
  });
  return values;
}

/** The terms of a question's capitalised words: the names it asks about. */
function capitalisedTerms(topic: string): Set<string> {
  return new Set(
    words(topic)
      .filter((w) => CAPITALISED.test(w))
      .flatMap((w) => queryTerms(w)),
  );
}

/** How many articles of the best passages countedInStory reads, and how much its figures count. */
const STORY_ARTICLES = 2;
const STORY_WEIGHT = 0.3;
/** A figure right before the thing counted ("seven dinosaurs", "a total of seven dinosaurs"). */
const STORY_FIT = 0.7;

/**
 * "How many dinosaurs are hiding in the garden of the Kenthurst property?" when the best passages
 * are about the property but none holds a count: the story's own sentence that counts the thing
 * asked ("a total of seven dinosaurs") answers, though it shares no other word with the question.
 * Read only in the articles of the best passages, and only a figure right before the thing counted.
 */
function countedInStory(
  index: DossierIndex,
  hits: Hit[],
  ask: QuantityAsk,
  values: Map<string, Tally>,
): void {
  const head = new Set([ask.head!]);
  const years = yearsIn(ask.topic);
  const wording = questionWording(ask);
  const articles = [...new Set(hits.map((h) => h.article))].slice(0, STORY_ARTICLES);
  for (const article of articles) {
    for (const paragraph of article.paragraphs) {
      const pos = positionOf(index, article.id, paragraph.n);
      if (pos === undefined) continue;
      for (const sentence of paragraph.sentences) {
        if (heldCount(sentence, head, false, 1) === 0) continue;
        if (years.length > 0 && outsidePeriod(sentence, years)) continue;
        for (const f of quantitiesIn(sentence, ask)) {
          if (f.kind !== 'count' || f.fit < STORY_FIT || wordingFit(sentence, f, wording, true) === 0)
            continue;
          addFigure(values, f, f.fit, STORY_WEIGHT * f.fit, { pos, article });
        }
      }
    }
  }
}

/** The capitalised words right after a locative word in a question: "found in Tarzana". */
function placedWords(topic: string): Set<string> {
  const out = new Set<string>();
  for (const m of matchesOf(PLACED_NAME, topic)) for (const w of words(m[1]!)) out.add(w);
  return out;
}
/** A locative word, then a run of capitalised words (group 1). */
const PLACED_NAME = /\b(?:in|at|near|from|outside|inside)\s+(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)*)/gu;

/**
 * Capitalised words that modify a noun, naming no one: "the Clymer reviewer", "a BBC reporter"; and
 * a thing named after "the" at the question's end ("the boy driving the Audi").
 */
function modifierWords(topic: string): Set<string> {
  const out = new Set<string>();
  for (const m of matchesOf(MODIFIER_NAME, topic)) for (const w of words(m[1]!)) out.add(w);
  return out;
}
const MODIFIER_NAME =
  /\b(?:the|a|an)\s+(\p{Lu}[\p{L}\p{N}'’.-]*(?:\s+\p{Lu}[\p{L}\p{N}'’.-]*)*)(?=\s+\p{Ll}|[\s?.!]*$)/gu;

/** A capitalised word that names places only in the articles ("Kandhamal"), not a person. */
function onlyAPlace(index: DossierIndex, word: string): boolean {
  const found = lookupEntity(index, word);
  return found.length > 0 && found.every((m) => m.entity.kind === 'place');
}

/** Counts a figure found in `hit` with its fit and score towards its value's tally. */
function addFigure(
  values: Map<string, Tally>,
  f: Found,
  fit: number,
  s: number,
  hit: Pick<Hit, 'pos' | 'article'>,
  onSubject = true,
): void {
  const key = `${f.value}|${f.kind}|${f.kind === 'count' ? '' : sameUnit(f.unit)}`;
  const entry = values.get(key) ?? {
    surface: f.surface,
    bestFit: 0,
    score: 0,
    articles: new Set<string>(),
    perArticle: new Map<string, number>(),
    positions: new Map<number, number>(),
    onSubject: false,
  };
  if (onSubject) entry.onSubject = true;
  if (fit > entry.bestFit) {
    entry.bestFit = fit;
    entry.surface = f.surface;
  }
  // Each article counts once per figure, with its best evidence: agreement across articles wins.
  entry.score += Math.max(0, s - (entry.perArticle.get(hit.article.id) ?? 0));
  entry.perArticle.set(hit.article.id, Math.max(entry.perArticle.get(hit.article.id) ?? 0, s));
  entry.articles.add(hit.article.id);
  entry.positions.set(hit.pos, Math.max(entry.positions.get(hit.pos) ?? 0, s));
  values.set(key, entry);
}

/** How many paragraphs either side of a passage holding all the question's words a story goes on. */
const NEIGHBOUR_REACH = 2;
/** How much a neighbouring paragraph's evidence counts against the passage's own. */
const NEIGHBOUR_WEIGHT = 0.4;
/** The passages whose neighbours are read. */
const NEIGHBOUR_ANCHORS = 8;

/**
 * The hits, and the paragraphs right around the best of them in the same article. News tells one
 * thing over several paragraphs: "In their first TV debate …, Johnson and Corbyn attacked …" is
 * followed by "But the debate … in the hourlong encounter", and a letter's "My husband of more than
 * 20 years" opens it, two paragraphs before the reply that names "your penny-pinching husband". A
 * neighbour must hold one of the question's lower-case words that its passage matched — the thing
 * measured ("debate", "husband"), not only the names that say which story — or, for an age, open on
 * "The 56-year-old"; its evidence counts for less.
 */
function withNeighbours(
  index: DossierIndex,
  hits: Hit[],
  common: ReadonlySet<string>,
  askedAge: boolean,
): Hit[] {
  const taken = new Set(hits.map((h) => h.pos));
  const out = [...hits];
  for (const hit of hits.slice(0, NEIGHBOUR_ANCHORS)) {
    for (let d = -NEIGHBOUR_REACH; d <= NEIGHBOUR_REACH; d++) {
      const pos = hit.pos + d;
      const paragraph = index.paragraphs[pos];
      if (d === 0 || taken.has(pos) || !paragraph || paragraph.articleId !== hit.article.id) continue;
      // The words it shares with its passage, and the thing measured even where the passage
      // lacks it ("Remember New Jersey's quest …" then "… unlike our 565 municipalities").
      const wanted = new Set([...hit.matched, ...common]);
      const held = heldTerms(paragraph.text, wanted);
      const shared = [...wanted].filter((t) => held.has(t));
      if (
        !shared.some((t) => common.has(t)) &&
        !(
          askedAge && paragraph.sentences.some((s) => ANAPHORIC_AGE.test(s) || (d === 1 && NAMED_AGE.test(s)))
        )
      )
        continue;
      taken.add(pos);
      out.push({
        ...hit,
        pos,
        paragraph,
        score: hit.score * NEIGHBOUR_WEIGHT * NEIGHBOUR_WEIGHT,
        matched: shared,
        textTerms: shared,
      });
    }
  }
  return out;
}

/** "from X", "between X and Y", "X to Y": a distance between places. */
const BETWEEN_PLACES = /\b(?:from|between|to)\b/i;
/** How much a figure counts after someone the question does not name, in a sentence naming none it does. */
const OTHER_SUBJECT_FIT = 0.35;

/** The terms of the question's words that are not capitalised: what is asked about, not who. */
function commonTerms(topic: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(topic)) {
    if (CAPITALISED.test(w)) continue;
    const t = processTerm(w);
    if (t) out.add(t);
  }
  return out;
}

/** What "nothing found" calls the figure asked for. */
const FIGURE_NAMES: Record<QuantityKind, string> = {
  count: 'number',
  money: 'amount',
  duration: 'length of time',
  distance: 'distance or length',
  age: 'age',
  share: 'share or percentage',
  measure: 'amount',
};

function numberTerms(surface: string): string[] {
  return words(surface)
    .filter((w) => DIGIT.test(w))
    .map((w) => processTerm(w))
    .filter((t): t is string => !!t);
}
