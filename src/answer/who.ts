/** /who <name>: who the person is according to the articles, citing the paragraphs that say so. */
import type { DossierIndex } from '../index/model.js';
import { processTerm, words } from '../index/terms.js';
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
  type Candidate,
} from './common.js';
import { bareName, entityTerms, kindLabel, resolveEntity } from './entity-query.js';
import { allows, articleTotal, type Scope } from './filter.js';
import { rankEntities, type RankedEntity } from './rank-entities.js';
import { entitiesAt } from './tables.js';
import type { Hit } from '../index/search/search.js';
import { bareTopic, namesApart, namesNoArticleHolds, nothingAbout, onTheNames, topicHits } from './topic.js';

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
    const key = r.text.toLowerCase();
    const entry = byText.get(key) ?? { text: r.text, articles: new Set(), places: [] };
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

  let text: string;
  if (entity.kind !== 'person') {
    text = `${entity.name} is ${kindLabel(entity.kind)} named in the articles${corroboration(sources.length, total)}.`;
  } else if (roles.length === 0) {
    text = `${entity.name}: the articles name them but do not say what role they have.`;
  } else {
    text = `${entity.name}: ${roles
      .slice(0, MAX_ROLES)
      .map((r) => r.text)
      .join('; ')}${corroboration(sources.length, total)}.`;
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
    ...citePage(index, ranked, offset),
    sources,
    corpusArticles: total,
  };
}

/**
 * "Who met on Thursday?", "who will chair the meeting?": the question describes what someone did.
 * Answer with the people the best passages on it name, weighed like places for /where.
 */
export function answerWhoDid(index: DossierIndex, rawQuery: string, offset = 0, scope?: Scope): Answer {
  const query = collapseWhitespace(rawQuery);
  const topic = bareTopic(query);
  const { hits: found } = topicHits(index, topic, 40, true, scope);
  // A name no article holds ("Who won the World Cup?" where no article has "Cup") means the thing
  // is not in them, however well the rest matches.
  const missing = namesNoArticleHolds(index, topic, found, scope);
  if (missing.length > 0) return notFound(index, 'who', query, nothingAbout(topic));
  const hits = onTheNames(index, query, topic, found);
  if (found.length > 0 && hits.length === 0) return notFound(index, 'who', query, namesApart(query, topic));
  const ranked = rankEntities(index, hits, 'person', topic);
  const best = ranked[0];
  if (!best)
    return notFound(
      index,
      'who',
      query,
      hits.length ? `No one found: the passages about “${topic}” name no person.` : nothingAbout(topic),
    );
  const named = leaders(ranked, 0.5);
  const names = named.map((p) => p.name);
  const list =
    names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0]!;
  return peopleAnswer(index, query, named, list, hits, offset, scope);
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
  const query = collapseWhitespace(rawQuery);
  const topic = description.trim();
  const phrase: string[] = [];
  for (const w of words(topic)) {
    if (DESCRIPTION_END.test(w)) break;
    phrase.push(w);
  }
  const head = processTerm(phrase[phrase.length - 1] ?? '');
  if (!head) return answerWhoDid(index, topic, offset, scope);
  const { hits } = topicHits(index, topic, 40, true, scope);
  const ranked = rankEntities(index, hits, 'person', topic);
  // The people the passages name, by id (the ranking keeps only ids).
  const people = new Map(hits.flatMap((h) => entitiesAt(index, h.pos)).map((n) => [n.entity.id, n.entity]));
  const named = ranked.filter((r) =>
    people.get(r.id)?.roles.some((role) => words(role.text).some((w) => processTerm(w) === head)),
  );
  if (named.length === 0)
    return notFound(
      index,
      'who',
      query,
      `No one found: the articles name no ${phrase[phrase.length - 1]} in the passages about “${topic}”.`,
    );
  const leading = leaders(named, 0.5);
  return peopleAnswer(index, query, leading, leading.map((p) => p.name).join(', '), hits, offset, scope);
}
