/** /where <thing>: the place(s) the articles put it in, citing the paragraphs that say so. */
import type { DossierIndex } from '../index/model.js';
import type { Answer } from './types.js';
import {
  citePage,
  closestPassages,
  collapseWhitespace,
  corroboration,
  leadersAnswer,
  noTermsMessage,
  notFound,
  positionOf,
  sourcesOf,
} from './common.js';
import { entityTerms, resolveEntity } from './entity-query.js';
import { isOfKind, rankEntities, type RankedEntity } from './rank-entities.js';
import {
  PRONOUN_LED,
  bareTopic,
  eventTerms,
  evidenceWeight,
  namesApart,
  namesNoArticleHolds,
  nothingAbout,
  onTheNames,
  formsHeld,
  withOtherForms,
} from './topic.js';
import type { Hit } from '../index/search/search.js';
import { fold, processTerm, queryTerms } from '../index/terms.js';
import { WORD_TOKEN } from './quantity-figures.js';
import { matchesOf } from '../corpus/text.js';
import {
  PLACE_MODIFIER,
  basedOnTopic,
  clausePlaces,
  datelineCity,
  type ClausePlace,
} from './clause-places.js';
import { questionWords } from './question-words.js';
import { entitiesAt } from './tables.js';
import { allows, articleTotal, type Scope } from './filter.js';
import { heldCount } from './tokens.js';

const ALSO_SHARE = 0.35;
/** Verbs of taking place ("took place", "happened", "was held"): not part of a /where topic. */
const TAKE_PLACE_VERB =
  /\b(take|took|taking|takes) place\b|\b(happen(ed|s|ing)?|occur(red|s|ring)?|(be|was|were|is|are|being) held)\b/gi;
const WHITESPACE_RUN = /\s+/g;
/** The question up to its wh-word: "Where", "In which city". */
const WH_OPENING = /^.*?\b(?:where|which|what)\b\s*/i;
const WHITESPACE = /\s+/;

export function answerWhere(index: DossierIndex, rawQuery: string, offset = 0, scope?: Scope): Answer {
  const query = collapseWhitespace(rawQuery);
  // "Where did the drills take place?" asks where the drills were: the verb is not part of the topic.
  const topic = bareTopic(query).replace(TAKE_PLACE_VERB, ' ').replace(WHITESPACE_RUN, ' ').trim();
  const named = namedPlace(index, topic, query, offset, scope);
  if (named) return named;
  // The question's verbs, read from the question as asked ("was the hunter … hospitalized").
  const verbs = questionWords(query.replace(WH_OPENING, '')).verbs;
  const { hits: found, noTerms } = withOtherForms(index, topic, scope, verbs);
  if (noTerms) return notFound(index, 'where', query, noTermsMessage(index));
  if (found.length === 0) return notFound(index, 'where', query, nothingAbout(topic));
  // A name no article holds ("Titanic") means the thing is not in them, however well the rest matches.
  const missing = namesNoArticleHolds(index, topic, found, scope);
  if (missing.length > 0) return notFound(index, 'where', query, nothingAbout(missing.join(' ')));
  const hits = onTheNames(index, query, topic, found);
  if (hits.length === 0) return notFound(index, 'where', query, namesApart(query, topic));

  const ranked = inClauses(index, hits, topic, verbs, rankEntities(index, hits, 'place', topic));
  const best = ranked[0];
  if (!best) {
    return closestPassages(
      index,
      'where',
      query,
      // Say the articles mention the topic only when one passage holds all of its words.
      hits.some((h) => h.coverage >= 1)
        ? `No place found for “${topic}”: the articles mention it but name none. Closest passages:`
        : `No passage found that mentions all of “${topic}”. Closest passages:`,
      hits,
      offset,
    );
  }
  return leadersAnswer(
    index,
    'where',
    query,
    offset,
    { ranked, share: ALSO_SHARE, hits, label: (p) => p.name },
    scope,
  );
}

/**
 * "Where is Geneva?": the question names a place itself. The articles rarely say where a place is,
 * so answer with the place and the passages that name it rather than with its neighbours.
 */
function namedPlace(
  index: DossierIndex,
  topic: string,
  query: string,
  offset: number,
  scope: Scope | undefined,
): Answer | undefined {
  if (topic.split(WHITESPACE).length > 4) return undefined;
  const place = resolveEntity(index, topic, 'place', 0.8, scope);
  if (!place || place.kind !== 'place') return undefined;
  const terms = entityTerms(place);
  const positions = [
    ...new Set(
      place.mentions
        .filter((m) => allows(scope, m.articleId))
        .map((m) => positionOf(index, m.articleId, m.paragraph))
        .filter((p) => p !== undefined),
    ),
  ];
  const sources = sourcesOf(index, positions);
  return {
    kind: 'where',
    query,
    text: `${place.name} — a place the articles name${corroboration(sources.length, articleTotal(index, scope)) || ' in 1 article'}.`,
    ...citePage(
      index,
      positions.map((pos, i) => ({ pos, score: positions.length - i, matched: terms })),
      offset,
    ),
    sources,
    corpusArticles: index.articles.length,
  };
}

const ENDS_WITH_FROM = /\bfrom\s*$/i;
/** How much a place the sentence before a pronoun-led one gives counts. */
const CARRIED = 0.8;

/** Where the question's words stand in a sentence. */
function wordsAt(sentence: string, matched: ReadonlySet<string>): [number, number][] {
  const out: [number, number][] = [];
  for (const m of matchesOf(WORD_TOKEN, sentence)) {
    const term = processTerm(m[0]);
    if (term && matched.has(term)) out.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  }
  return out;
}

/** 1 for a place right by one of the question's words, down to a half some 80 characters off. */
function nearness(at: number, words: [number, number][]): number {
  if (at < 0 || words.length === 0) return 1;
  let gap = Infinity;
  for (const [start, end] of words) gap = Math.min(gap, at >= end ? at - end : Math.max(0, start - at));
  return 1 / (1 + gap / NEARNESS_SCALE);
}
const NEARNESS_SCALE = 80;
/** The clauses of this many of the best passages are read for the place their wording gives. */
const CLAUSE_HITS = 10;
/** A named place right after a locative word ("in Geneva"): as rankEntities' cue. */
const LOCATIVE_BEFORE = new RegExp(
  String.raw`\b(?:in|at|near|outside|inside|off)\s+(?:the\s+)?(?:${PLACE_MODIFIER})?$`,
  'iu',
);
/** Adds a place a clause gives to the places found (by its folded name), with its passage. */
function tally(
  found: Map<string, RankedEntity>,
  ranked: RankedEntity[],
  { name, score, hit, extra }: { name: string; score: number; hit: Hit; extra?: number },
): void {
  const key = fold(name);
  let entry = found.get(key);
  if (!entry) {
    const known = ranked.find((r) => fold(r.name) === key);
    entry = {
      id: known?.id ?? `clause:${key}`,
      name: known && known.name !== known.name.toUpperCase() ? known.name : name,
      score: 0,
      articles: new Set(known?.articles ?? []),
      positions: new Map(),
    };
    found.set(key, entry);
  }
  entry.score += score;
  entry.articles.add(hit.article.id);
  entry.positions.set(hit.pos, Math.max(entry.positions.get(hit.pos) ?? 0, score + 1));
  if (extra !== undefined && !entry.positions.has(extra)) entry.positions.set(extra, score);
}

/**
 * Whether the entity finder knows the name as a person or organisation, which is not a place ("at
 * Google"); a lone word it took for a first name may be one ("on Sydney's outskirts").
 */
function namedOtherwise(named: ReturnType<typeof entitiesAt>, key: string): boolean {
  return named.some(
    (n) =>
      !isOfKind(n.entity, 'place') &&
      !(n.entity.kind === 'person' && !n.entity.name.includes(' ')) &&
      n.surfaces.some((s) => fold(s) === key),
  );
}

/** How much a place counts from a clause of another event, when one tells the event asked about. */
const OTHER_EVENT = 0.3;
/** How much a place counts that only contains another of its clause ("Huade in north China"). */
const NESTED = 0.5;
/** What stands between a place and the larger one it lies in: "Huade in north China", "Aba, Sichuan". */
const NESTING = new RegExp(String.raw`^\s*(?:,\s*|\s+in\s+(?:the\s+)?)(?:${PLACE_MODIFIER})?$`, 'iu');

/** Whether the clause's place at `pi` is where the one before it lies ("in X in Y", "X, Y"). */
function containerOf(sentence: string, places: ClausePlace[], pi: number): boolean {
  if (pi === 0) return false;
  const inner = places[pi - 1]!.name;
  const at = sentence.indexOf(places[pi]!.name);
  const innerAt = sentence.indexOf(inner);
  if (at < 0 || innerAt < 0 || innerAt >= at) return false;
  return NESTING.test(sentence.slice(innerAt + inner.length, at));
}

/** How much each way of giving a place counts in a clause. */
const CUE_WEIGHT = { based: 3, locative: 1.6, common: 1.6, dateline: 1, named: 1.6 } as const;

/**
 * The places the clauses that answer give, ahead of the places the passages merely name. The clause
 * of a passage is its sentence holding most of the question's words; in it, "X-based Y" (Y being
 * what the question asks about) says where Y is based, and a locative word before a place ("broke
 * out … in Hayward") where the event was — which beats a state or country named elsewhere ("A
 * California transit chief"). A dateline city counts only when the best passage's clause gives no
 * place. Places found this way rank above the others, by how well their clause matches; the others
 * follow in rankEntities' order.
 */
function inClauses(
  index: DossierIndex,
  hits: Hit[],
  topic: string,
  verbs: string[],
  ranked: RankedEntity[],
): RankedEntity[] {
  const terms = new Set(queryTerms(topic));
  const asksBased = terms.has('based') || terms.has('headquartered');
  // "Where is the hunter from?", "where did they come from?"
  const asksFrom = ENDS_WITH_FROM.test(topic);
  const foldedTopic = fold(topic);
  const top = hits[0]?.score ?? 1;
  // What happened, in the question's words and their other forms ("hospitalized", "grew up").
  const verbTerms = verbs.length > 0 ? eventTerms(index, verbs.join(' ')) : undefined;
  const found = new Map<string, RankedEntity>();
  // Each of a passage's matched words with its other forms ("vote": "voting"), read once per question:
  // a sentence that holds a word in another form holds it.
  const forms = new Map<string, Set<string>>();
  const heldWords = (sentence: string, matched: readonly string[]) => {
    let n = 0;
    for (const t of matched) {
      let f = forms.get(t);
      if (!f) forms.set(t, (f = formsHeld(index, t)));
      if (heldCount(sentence, f, false, 1) > 0) n++;
    }
    return n;
  };
  // Each place a clause gives, with its score and whether the clause tells what the question asks
  // happened: added up once every clause is read (`told` below).
  const given: { name: string; score: number; hit: Hit; extra?: number; event: boolean }[] = [];
  hits.slice(0, CLAUSE_HITS).forEach((hit, rank) => {
    const sentences = hit.paragraph.sentences;
    const matched = new Set(hit.matched);
    const counts = sentences.map((sentence) => heldWords(sentence, hit.matched));
    // "The person, who was not identified, was hospitalized in the county of Huade": a clause that
    // tells the question's event, in a passage on all of the question, is its clause in full.
    const events = sentences.map((sentence) => !!verbTerms && heldCount(sentence, verbTerms, false, 1) > 0);
    if (hit.coverage >= 1) events.forEach((e, i) => e && (counts[i] = Math.max(counts[i]!, terms.size)));
    const most = Math.max(0, ...counts);
    if (most === 0) return;
    const passageWeight = evidenceWeight(hit, top) * (most / Math.max(1, terms.size));
    const named = entitiesAt(index, hit.pos);
    let gave = false;
    const add = (name: string, score: number, at: Hit, extra?: number, i = -1) =>
      given.push({ name, score, hit: at, ...(extra === undefined ? {} : { extra }), event: !!events[i] });
    sentences.forEach((sentence, i) => {
      // "The patients, a husband and wife, are from Inner Mongolia. They were diagnosed with …":
      // the sentence a pronoun-led one carries on from tells of the same people.
      const carried = counts[i] !== most && counts[i + 1] === most && PRONOUN_LED.test(sentences[i + 1]!);
      if (counts[i] !== most && !carried) return;
      const weight = carried ? passageWeight * CARRIED : passageWeight;
      // …and so of what happened to them: the pronoun-led sentence's event.
      const ev = carried ? i + 1 : i;
      // Each place once per clause, however many ways the clause gives it.
      const given = new Set<string>();
      const places = clausePlaces(sentence, { from: asksFrom }).filter((place) => {
        const key = fold(place.name);
        if (foldedTopic.includes(key)) return false;
        if (namedOtherwise(named, key)) return false;
        // "X-based Y" says where Y is based: an answer only to a question about where something is based.
        return place.cue !== 'based' || (asksBased && basedOnTopic(place, terms));
      });
      // "arrive in Kestria …, but it could make its debut at the … Tarrow Show": of two places in
      // the clause, the one next to the question's words is where (the nearest counts in full).
      const words = places.length > 1 ? wordsAt(sentence, matched) : [];
      const nearnesses = places.map((p) => nearness(sentence.indexOf(p.name), words));
      const nearest = Math.max(0, ...nearnesses);
      for (const [pi, place] of places.entries()) {
        const key = fold(place.name);
        if (given.has(key)) continue;
        given.add(key);
        const nested = containerOf(sentence, places, pi) ? NESTED : 1;
        add(
          place.name,
          (weight * CUE_WEIGHT[place.cue] * nearnesses[pi]! * nested) / (nearest || 1),
          hit,
          undefined,
          ev,
        );
        gave = true;
      }
      for (const n of named) {
        if (!isOfKind(n.entity, 'place')) continue;
        for (const surface of n.surfaces) {
          const at = sentence.indexOf(surface);
          if (at < 0 || foldedTopic.includes(fold(surface))) continue;
          gave = true;
          const key = fold(n.entity.name);
          if (given.has(key) || given.has(fold(surface))) continue;
          if (LOCATIVE_BEFORE.test(sentence.slice(Math.max(0, at - 32), at))) {
            given.add(key);
            add(n.entity.name, weight * CUE_WEIGHT.named, hit, undefined, ev);
          }
        }
      }
    });
    // The best passage's clause names no place: the report's dateline says where it was filed.
    if (rank === 0 && !gave) {
      const first = hit.article.paragraphs[0];
      const city = first && datelineCity(first.text);
      if (city && !foldedTopic.includes(fold(city)))
        add(city, passageWeight * CUE_WEIGHT.dateline, hit, positionOf(index, hit.article.id, first.n));
    }
  });
  // A clause that tells the event asked about gives where it happened; the others tell of other
  // events of the story ("killed and ate a wild rabbit in China") and count for less.
  const told = given.some((g) => g.event);
  for (const g of given)
    tally(found, ranked, { ...g, score: told && !g.event ? g.score * OTHER_EVENT : g.score });
  if (found.size === 0) return ranked;
  const lead = [...found.values()].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  // The others keep their order below, scaled under the clause places so that leaders() may still
  // name a strong one beside them.
  const floor = lead[lead.length - 1]!.score;
  const rest = ranked
    .filter((r) => !found.has(fold(r.name)))
    .map((r, i) => ({ ...r, score: Math.min(r.score, floor * (0.99 - i * 0.01)) }));
  return [...lead, ...rest];
}
