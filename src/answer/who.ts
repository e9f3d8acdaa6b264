/** /who <name>: who the person is according to the articles, citing the paragraphs that say so. */
import type { DossierIndex } from '../index/model.js';
import { processTerm, words } from '../index/terms.js';
import { TITLE_ABBREVIATIONS } from '../index/tables/person-nouns.js';
import { CHUNK, defineTable } from '../index/derived.js';
import type { Answer } from './types.js';
import {
  candidatesFor,
  closestPassages,
  citePage,
  collapseWhitespace,
  corroboration,
  notFound,
  positionOf,
  leaders,
  sourcesOf,
  withoutEndMarks,
  type Candidate,
} from './common.js';
import { bareName, entityTerms, kindLabel, resolveEntity } from './entity-query.js';
import { allows, articleTotal, type Scope } from './filter.js';
import { rankEntities, type RankedEntity } from './rank-entities.js';
import { speakersSaying } from './quoted-speaker.js';
import { entitiesAt } from './tables.js';
import type { Hit } from '../index/search/search.js';
import type { Entity } from '../index/tables/types.js';
import {
  clauseOf,
  bareTopic,
  namesApart,
  namesNoArticleHolds,
  nothingAbout,
  onTheNames,
  topicHits,
  withOtherForms,
} from './topic.js';
import { roleInContext } from './role-context.js';

/** At most this many role descriptions in the answer line. */
const MAX_ROLES = 3;

export function answerWho(index: DossierIndex, rawQuery: string, offset = 0, scope?: Scope): Answer {
  const query = collapseWhitespace(rawQuery);
  const name = bareName(query);
  const entity = name ? resolveEntity(index, name, 'person', 0, scope) : undefined;
  if (!entity) return noOneCalled(index, 'who', query, name, offset, scope);

  // Roles stated in more articles first; the shorter wording wins a tie (it reads better in one line).
  const byText = new Map<
    string,
    { text: string; articles: Set<string>; places: { a: string; n: number }[] }
  >();
  for (const r of entity.roles) {
    const shown = roleInContext(index, entity, r);
    const key = shown.toLowerCase();
    const entry = byText.get(key) ?? { text: shown, articles: new Set(), places: [] };
    for (const place of [r, ...(r.alsoIn ?? [])]) {
      if (!allows(scope, place.articleId)) continue;
      entry.articles.add(place.articleId);
      entry.places.push({ a: place.articleId, n: place.paragraph });
    }
    if (entry.articles.size > 0) byText.set(key, entry);
  }
  const roles = [...byText.values()].sort(
    (x, y) => y.articles.size - x.articles.size || x.text.length - y.text.length,
  );

  const mentionPositions = entity.mentions
    .filter((m) => allows(scope, m.articleId))
    .map((m) => positionOf(index, m.articleId, m.paragraph))
    .filter((p): p is number => p !== undefined);
  const sources = sourcesOf(index, mentionPositions);
  const total = articleTotal(index, scope);

  let text: string | null;
  let message: string | undefined;
  if (entity.kind !== 'person') {
    text = `${entity.name} is ${kindLabel(entity.kind)} named in the articles${corroboration(sources.length, total)}.`;
  } else if (roles.length === 0) {
    // Nothing found on who they are: say so, and show where they are named.
    text = null;
    message = `No role found for ${entity.name}: the articles name them but do not say who they are. Closest passages:`;
  } else {
    const said = roles
      .slice(0, MAX_ROLES)
      .map((r) => r.text)
      .join('; ');
    const ending = corroboration(sources.length, total);
    // "Kristi Noem: Gov." ends with the abbreviation's own full stop.
    text = `${entity.name}: ${said}${ending}${!ending && said.endsWith('.') ? '' : '.'}`;
  }

  // Paragraphs that state a role first (more roles stated, more weight), then plain mentions.
  const highlight = [...entityTerms(entity), ...roles.flatMap((r) => words(r.text).map(processTerm))].filter(
    (t): t is string => !!t,
  );
  const score = new Map<number, number>();
  roles.forEach((r, rank) => {
    for (const place of r.places) {
      const pos = positionOf(index, place.a, place.n);
      if (pos !== undefined) score.set(pos, (score.get(pos) ?? 0) + 10 + r.articles.size - rank * 0.1);
    }
  });
  for (const pos of mentionPositions) score.set(pos, (score.get(pos) ?? 0) + 1);
  const ranked: Candidate[] = [...score.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([pos, s]) => ({ pos, score: s, matched: highlight }));

  return {
    kind: 'who',
    query,
    text,
    ...(message ? { message } : {}),
    ...citePage(index, ranked, offset),
    sources,
    corpusArticles: total,
  };
}

/**
 * "Who met on Thursday?", "who will chair the meeting?": the question describes what someone did.
 * Answer with the people the best passages on it name, weighed like places for /where.
 */
/** Verbs of making, owning or paying for something: an organisation may be who did it. */
const MAKER_VERB =
  /\b(?:develop|build|built|create|made|make|design|fund|own|operate|publish|produce|manufacture|invent|found|sponsor|acquire|bought|buy)(?:s|es|d|ed|ing)?\b/i;

export function answerWhoDid(index: DossierIndex, rawQuery: string, offset = 0, scope?: Scope): Answer {
  const query = collapseWhitespace(rawQuery);
  const topic = bareTopic(query);
  const { hits: found } = withOtherForms(index, topic, scope);
  // A name no article holds ("Who won the World Cup?" where no article has "Cup") means the thing
  // is not in them, however well the rest matches.
  const missing = namesNoArticleHolds(index, topic, found, scope);
  if (missing.length > 0) return notFound(index, 'who', query, nothingAbout(topic));
  const hits = onTheNames(index, query, topic, found);
  if (found.length > 0 && hits.length === 0) return notFound(index, 'who', query, namesApart(query, topic));
  const side = opponentOf(index, query, scope);
  let ranked = rankEntities(index, hits, side?.kind ?? 'person', topic);
  // A contest's result names both sides in one sentence ("Russia's victory against Croatia").
  if (side) ranked = ranked.filter((e) => namedWith(index, e, side.name));
  // "Who developed RiskCardio?": makers, owners and funders are organisations as often as people.
  if (ranked.length === 0 && MAKER_VERB.test(topic))
    ranked = rankEntities(index, hits, 'organization', topic).filter((o) => !onlyModifies(index, o));
  const best = ranked[0];
  if (!best)
    return notFound(
      index,
      'who',
      query,
      hits.length ? `No one found: the passages about “${topic}” name no person.` : nothingAbout(topic),
    );
  const named = leaders(ranked, 0.5);
  return peopleAnswer(index, query, named, andList(named.map((p) => p.name)), hits, offset, scope);
}

/**
 * "Who did Russia beat …?", "Who will Leeds face …?": a country or a club that beats, faces or plays
 * someone does so against its own kind (a country, a club), not against the commentators who
 * described it; the kind of the side the question names, when that is no person.
 */
const CONTEST =
  /^\s*who\s+(?:did|does|do|will|would|can|could)\s+(.+?)\s+(?:beat|defeat|face|play|meet|host|edge|overcome|upset|eliminate|thrash|rout)\b/i;

function opponentOf(
  index: DossierIndex,
  query: string,
  scope?: Scope,
): { kind: 'place' | 'organization'; name: string } | undefined {
  const side = CONTEST.exec(query)?.[1];
  const entity = side && resolveEntity(index, side, undefined, 0.8, scope);
  if (!entity || (entity.kind !== 'place' && entity.kind !== 'organization')) return undefined;
  return { kind: entity.kind, name: entity.name };
}

/** Whether a clause of the entity's ranked paragraphs names `other`, and it too. */
function namedWith(index: DossierIndex, e: RankedEntity, other: string): boolean {
  for (const pos of e.positions.keys())
    for (const sentence of index.paragraphs[pos]?.sentences ?? [])
      if (sentence.includes(other) && clauseOf(sentence, other).includes(e.name)) return true;
  return false;
}

/** "A, B and C". */
function andList(names: string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0]!;
}

/** The answer naming the people ranked first (`list` says them), citing their strongest passages. */
function peopleAnswer(
  index: DossierIndex,
  query: string,
  named: RankedEntity[],
  list: string,
  hits: Hit[],
  offset: number,
  scope: Scope | undefined,
): Answer {
  const articles = new Set(named.flatMap((p) => [...p.articles]));
  const candidates = candidatesFor(named, hits);
  candidates.sort((a, b) => b.score - a.score);
  return {
    kind: 'who',
    query,
    text: `${list}${corroboration(articles.size, articleTotal(index, scope))}.`,
    ...citePage(index, candidates, offset),
    sources: sourcesOf(index, new Set(candidates.map((c) => c.pos))),
    corpusArticles: index.articles.length,
  };
}

/**
 * No person by that name: say so, and when the name's words are in the articles after all (named
 * where no person was recognised), show where rather than claim they are not there.
 */
export function noOneCalled(
  index: DossierIndex,
  kind: 'who' | 'quote',
  query: string,
  name: string,
  offset: number,
  scope?: Scope,
): Answer {
  const asked = name || query;
  const { hits } = topicHits(index, asked, 3, false, scope);
  const holding = hits.filter((h) => h.coverage >= 1);
  if (holding.length === 0)
    return notFound(index, kind, query, `No one called “${asked}” found in the articles.`);
  return closestPassages(
    index,
    kind,
    query,
    `No person called “${asked}” found: the articles hold the name, but not as someone they tell about. Closest passages:`,
    holding,
    offset,
  );
}

/** A role's word as a term, an abbreviated title as the word it stands for ("Gov." → "governor"). */
export function roleTerm(word: string): string | null {
  const term = processTerm(word);
  return (term && TITLE_ABBREVIATIONS.get(term)) ?? term;
}

const CAPITALISED = /^\p{Lu}/u;
const POSSESSIVE_END = /['’]s?$/u;
const SPACES = /\s+/u;
const NAME_EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** The capitalised words of a post's description, as written: "CEO of Experience" → Experience. */
function writtenNames(topic: string): string[] {
  return topic
    .split(SPACES)
    .map((w) => w.replace(NAME_EDGES, '').replace(POSSESSIVE_END, ''))
    .filter((w) => CAPITALISED.test(w) && w.length > 1 && w !== w.toUpperCase());
}

/**
 * Whether an article the person is named in holds each of the post's names capitalised, as a name
 * is: the search postings fold case, so "the CEO of Experience" finds "25 years of experience".
 */
function namesAsWritten(person: Entity, hits: Hit[], names: string[]): boolean {
  const theirs = new Set(person.mentions.map((m) => m.articleId));
  const articles = new Map(
    hits.filter((h) => theirs.has(h.article.id)).map((h) => [h.article.id, h.article]),
  );
  for (const article of articles.values()) {
    const texts = [article.title, ...article.paragraphs.map((p) => p.text)];
    if (names.every((n) => texts.some((t) => t.includes(n)))) return true;
  }
  return false;
}

/** Where the noun phrase of "the name of the police sergeant who was fired" ends. */
const DESCRIPTION_END =
  /^(?:who|whom|whose|that|which|in|at|on|of|from|with|for|by|after|before|during|when|where|is|was|are|were|has|had)$/i;

/**
 * "What was the name of the police sergeant who was fired?": the person the passages about the
 * description name with its head noun as their role ("sergeant"). A passage about the sergeant that
 * names someone else (the man he arrested) is no answer: none found says so.
 */
export function answerNameOf(
  index: DossierIndex,
  rawQuery: string,
  description: string,
  offset = 0,
  scope?: Scope,
): Answer {
  return nameOf(index, rawQuery, description, offset, scope, {})!;
}

/**
 * "Who is the new CEO of Experience?", "which governor …" (`which`): the person the passages give
 * that post, as answerNameOf; when no one has it, "no one found" only if the head is a post someone
 * in the articles holds ("CEO"), else undefined: a word no role has ("the man who …") is left to
 * the other answerers.
 */
export function answerPostHolder(
  index: DossierIndex,
  rawQuery: string,
  description: string,
  offset: number,
  scope: Scope | undefined,
  which: boolean,
): Answer | undefined {
  return nameOf(index, rawQuery, description, offset, scope, { which, post: true });
}

const ROLE_LINK = /\s(?:of|at|for|in|with|from|to|on)\s/iu;

/** "of Victoria Hospital": where someone is from, not a post ("which hospital" asks a place). */
const AFFILIATION = /^of\s/i;

/** The head nouns of every role the articles give someone, as terms ("gov." as "governor"). */
const postWords = defineTable('post words', function* (index) {
  const set = new Set<string>();
  for (let i = 0; i < index.entities.length; i++) {
    const e = index.entities[i]!;
    if (e.kind === 'person')
      for (const r of e.roles) {
        if (AFFILIATION.test(r.text)) continue;
        // The role's head noun: "senior fellow at the … Institute" → fellow.
        const t = roleTerm(words(r.text.split(ROLE_LINK)[0]!).at(-1) ?? '');
        if (t) set.add(t);
      }
    if (i % CHUNK === CHUNK - 1) yield;
  }
  return set;
});

function nameOf(
  index: DossierIndex,
  rawQuery: string,
  description: string,
  offset: number,
  scope: Scope | undefined,
  opts: { which?: boolean; post?: boolean },
): Answer | undefined {
  const query = collapseWhitespace(rawQuery);
  const topic = description.trim();
  const phrase: string[] = [];
  for (const w of words(topic)) {
    if (DESCRIPTION_END.test(w)) break;
    phrase.push(w);
  }
  // "the police sergeant who …": the noun phrase's last word. "Which Browns linebacker had …" has
  // its verb unmarked: the head is one of the first lowercase words, the first that is a role of
  // someone the passages name.
  const heads = opts.which ? phrase.slice(0, 3).filter((w) => !CAPITALISED.test(w)) : phrase.slice(-1);
  const terms = heads.map(processTerm).filter((t): t is string => !!t);
  if (terms.length === 0) return opts.post ? undefined : answerWhoDid(index, topic, offset, scope);
  const { hits: found } = topicHits(index, topic, 40, true, scope);
  // "the CEO of Experience": only articles that name Experience can say who holds the post.
  const hits = onTheNames(index, query, topic, found);
  const ranked = rankEntities(index, hits, 'person', topic);
  // The people the passages name, by id (the ranking keeps only ids).
  const people = new Map(hits.flatMap((h) => entitiesAt(index, h.pos)).map((n) => [n.entity.id, n.entity]));
  const holds = (id: string, head: string): boolean =>
    !!people
      .get(id)
      ?.roles.some(
        (role) => !AFFILIATION.test(role.text) && words(role.text).some((w) => roleTerm(w) === head),
      );
  const head = terms.find((t) => ranked.some((r) => holds(r.id, t))) ?? terms[terms.length - 1]!;
  const written = writtenNames(topic);
  const named = ranked.filter(
    (r) => holds(r.id, head) && (written.length === 0 || namesAsWritten(people.get(r.id)!, hits, written)),
  );
  if (named.length === 0) {
    // "Which Imperial College scientist said …": whoever the passages quote saying it.
    const speakers = speakersSaying(index, hits, topic);
    if (speakers.length > 0) {
      const leading = leaders(speakers, 0.5);
      return peopleAnswer(index, query, leading, andList(leading.map((p) => p.name)), hits, offset, scope);
    }
    const answer = notFound(
      index,
      'who',
      query,
      `No one found: the articles name no ${heads[heads.length - 1]} in the passages about “${topic}”.`,
    );
    return opts.post && !terms.some((t) => postWords.get(index).has(t)) ? undefined : answer;
  }
  const leading = leaders(named, 0.5);
  return peopleAnswer(index, query, leading, leading.map((p) => p.name).join(', '), hits, offset, scope);
}

/** Nouns for organisations a "which …" question asks for: "which private equity firm is behind …". */
const ORG_HEAD =
  'firm|firms|company|companies|group|groups|team|teams|club|clubs|label|labels|agency|agencies|bank|banks|network|networks|studio|studios|publisher|carrier|airline|airlines|maker|brand|brands|organization|organisation|charity|charities|foundation|union|party|parties|newspaper|broadcaster|channel|startup|fund|insurer|retailer|chain|league|investor|investors|automaker|carmaker|developer|manufacturer|exchange|regulator';
const WHICH_ORG = new RegExp(
  String.raw`^(?:which|what)\s+((?:[\p{L}'’-]+\s+){0,2}?)(${ORG_HEAD})\s+(\S.*)$`,
  'iu',
);

/**
 * "Which private equity firm is behind the Big Machine deal?", "which team won …": the organisations
 * the best passages on it name, weighed as /where weighs places. Undefined when the question is not
 * of that form or the passages name no organisation (the usual answerers go on).
 */
export function answerWhichOrg(
  index: DossierIndex,
  rawQuery: string,
  offset: number,
  scope: Scope | undefined,
): Answer | undefined {
  const query = collapseWhitespace(rawQuery);
  const m = WHICH_ORG.exec(withoutEndMarks(query));
  if (!m) return undefined;
  const topic = `${m[1]!}${m[2]!} ${m[3]!}`;
  const { hits: found } = topicHits(index, topic, 40, true, scope);
  const hits = onTheNames(index, query, topic, found);
  const ranked = rankEntities(index, hits, 'organization', topic).filter((o) => !onlyModifies(index, o));
  if (ranked.length === 0) return undefined;
  const named = leaders(ranked, 0.5);
  return peopleAnswer(index, query, named, andList(named.map((o) => o.name)), hits, offset, scope);
}

/** An acronym: "ECG", "HTTP", "NASA". */
const ACRONYM = /^[\p{Lu}\p{N}]{2,6}$/u;
/** What follows an acronym used as a modifier: a lower-case word, or its expansion in brackets. */
const MODIFIER_AFTER = /^(?:\s*\(\s*\p{Ll}[^)]*\))?\s+\p{Ll}/u;

/**
 * Whether an acronym only ever modifies a noun in the passages that rank it ("a patient's ECG
 * (electrocardiogram) signal", "Java HTTP endpoints"): a term of the trade, not an organisation that
 * did anything. "NASA said", "at NASA." are not modifiers.
 */
function onlyModifies(index: DossierIndex, ranked: RankedEntity): boolean {
  if (!ACRONYM.test(ranked.name)) return false;
  let seen = 0;
  for (const pos of ranked.positions.keys()) {
    const text = index.paragraphs[pos]?.text ?? '';
    const surfaces = entitiesAt(index, pos).find((n) => n.entity.id === ranked.id)?.surfaces ?? [];
    for (const surface of surfaces) {
      for (let at = text.indexOf(surface); at >= 0; at = text.indexOf(surface, at + surface.length)) {
        seen++;
        if (!MODIFIER_AFTER.test(text.slice(at + surface.length, at + surface.length + 60))) return false;
      }
    }
  }
  return seen > 0;
}
