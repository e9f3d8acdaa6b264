/** /quote <name>: what the person said, in their own words as the articles quote them. */
import type { DossierIndex } from '../index/model.js';
import { contentSet, jaccard } from '../index/search/content-overlap.js';
import { processTerm, words } from '../index/terms.js';
import { heldCount, heldTerms } from './tokens.js';
import type { Answer } from './types.js';
import { citePage, collapseWhitespace, notFound, positionOf, sourcesOf, type Candidate } from './common.js';
import { bareName, entityTerms, resolveEntity } from './entity-query.js';
import { allows, type Scope } from './filter.js';
import { quotesBySpeaker } from './tables.js';
import { noOneCalled, roleTerm } from './who.js';
import type { Entity } from '../index/tables/types.js';
import { termsWithForms } from './topic.js';

/**
 * `about`: what the question asks the person's words on ("What did Dempsey say about the X-ray?"):
 * the quotes whose words, or whose paragraph's, hold most of it come first; when none holds any of
 * it, nothing is found rather than another quote given.
 */
/** "Kinsman on what travel means", "Dempsey about the X-ray": a name, then a topic. */
const SPEAKER_ON = /^(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3})\s+(?:on|about|regarding)\s+(\S.*)$/u;

export function answerQuote(
  index: DossierIndex,
  rawQuery: string,
  offset = 0,
  scope?: Scope,
  about?: string,
): Answer {
  const query = collapseWhitespace(rawQuery);
  let name = bareName(query);
  let entity = name ? resolveEntity(index, name, 'person', 0, scope) : undefined;
  // "/quote Kinsman on what sustainable travel means": a speaker, then what the words are about.
  const split = !entity && about === undefined ? SPEAKER_ON.exec(query) : null;
  if (split) {
    const speaker = resolveEntity(index, bareName(split[1]!), 'person', 0, scope);
    if (speaker) [name, entity, about] = [bareName(split[1]!), speaker, split[2]!];
  }
  // "What did the LAPD detective say …": a speaker given by role, not by name, named with it.
  let described: string | undefined;
  if (!entity) {
    const found = describedSpeaker(index, name, scope, about);
    if (found) [entity, described] = [found.entity, found.role];
  }
  if (!entity) return noOneCalled(index, 'quote', query, name, offset, scope);
  const all = quotesBySpeaker(index).get(entity.id) ?? [];
  const quotes = scope ? all.filter((q) => allows(scope, q.articleId)) : all;
  if (quotes.length === 0) {
    return notFound(index, 'quote', query, `The articles name ${entity.name} but quote no words of theirs.`);
  }

  // Longer quotes say more; the same words reported by two outlets count once (and corroborate).
  const distinct: { text: string; words: Set<string>; places: { articleId: string; paragraph: number }[] }[] =
    [];
  for (const q of quotes) {
    const set = contentSet(q.text);
    const same = distinct.find((d) => jaccard(d.words, set) >= 0.5);
    if (same) same.places.push(q);
    else distinct.push({ text: q.text, words: set, places: [q] });
  }
  // "What did the vendor say about buying the models?" holds for "I thought I have to buy them".
  const topic = about ? termsWithForms(index, about) : undefined;
  const onTopic = new Map(distinct.map((d) => [d, topic?.size ? topicShare(index, d, topic) : 0]));
  // Of quotes that hold as much of the topic, the one whose words stand closest together: "to cut
  // your hydrangea blooms" before "cut flowers … a flowering hydrangea".
  // (Only the quotes as much on the topic as the best can be first: the others are not read.)
  const most = Math.max(0, ...onTopic.values());
  const spread = new Map(
    distinct.map((d) => [
      d,
      topic?.size && most > 0 && onTopic.get(d) === most ? topicSpread(d.text, topic.terms) : 0,
    ]),
  );
  distinct.sort(
    (a, b) =>
      onTopic.get(b)! - onTopic.get(a)! ||
      spread.get(a)! - spread.get(b)! ||
      b.places.length - a.places.length ||
      Math.min(words(b.text).length, 30) - Math.min(words(a.text).length, 30),
  );
  const top = distinct[0]!;
  if (topic?.size && onTopic.get(top) === 0)
    return notFound(index, 'quote', query, `No words of ${entity.name} found on “${about!.trim()}”.`);
  const articles = new Set(quotes.map((q) => q.articleId));
  const text =
    `${entity.name}${described ? `, ${described},` : ''} said: “${top.text.trim()}”` +
    (distinct.length > 1
      ? ` (${distinct.length} quotes in ${articles.size} article${articles.size > 1 ? 's' : ''})`
      : '');

  const highlight = entityTerms(entity);
  const candidates: Candidate[] = [];
  distinct.forEach((d, rank) => {
    for (const place of d.places) {
      const pos = positionOf(index, place.articleId, place.paragraph);
      if (pos !== undefined) candidates.push({ pos, score: 100 - rank, matched: highlight });
    }
  });
  return {
    kind: 'quote',
    query,
    text,
    ...citePage(index, candidates, offset),
    sources: sourcesOf(
      index,
      candidates.map((c) => c.pos),
    ),
    corpusArticles: index.articles.length,
  };
}

const LOWERCASE_WORD = /^\p{Ll}/u;

/**
 * How many words the shortest stretch of the text spans that holds every topic term it holds (0
 * when it holds fewer than two): how close together it says the topic's words.
 */
function topicSpread(text: string, topic: ReadonlySet<string>): number {
  const at: { i: number; term: string }[] = [];
  words(text).forEach((w, i) => {
    const t = processTerm(w);
    if (t && topic.has(t)) at.push({ i, term: t });
  });
  const need = new Set(at.map((a) => a.term)).size;
  if (need < 2) return 0;
  // Sliding window over the held words: the narrowest that holds each held term once at least.
  const count = new Map<string, number>();
  let best = Infinity;
  let have = 0;
  for (let lo = 0, hi = 0; hi < at.length; hi++) {
    const t = at[hi]!.term;
    count.set(t, (count.get(t) ?? 0) + 1);
    if (count.get(t) === 1) have++;
    while (have === need) {
      best = Math.min(best, at[hi]!.i - at[lo]!.i);
      const u = at[lo++]!.term;
      count.set(u, count.get(u)! - 1);
      if (count.get(u) === 0) have--;
    }
  }
  return best;
}

/**
 * The speaker a description gives by role ("LAPD detective", "the DBS analyst"): someone quoted whose
 * role holds the description's last word, a lowercase noun, and each of its other words ("said LAPD
 * homicide detective Efren Guttierez"). Of several, the one whose words are on `about`, then the most
 * quoted. Undefined when the description does not end on a role's word or no one quoted holds it.
 */
function describedSpeaker(
  index: DossierIndex,
  description: string,
  scope: Scope | undefined,
  about: string | undefined,
): { entity: Entity; role: string } | undefined {
  const ws = words(description);
  const last = ws.at(-1);
  if (!last || !LOWERCASE_WORD.test(last) || ws.length > 4) return undefined;
  const wanted = ws.map(roleTerm);
  if (wanted.some((t) => !t)) return undefined;
  const speakers = quotesBySpeaker(index);
  const topic = about ? termsWithForms(index, about) : undefined;
  let best: { entity: Entity; role: string; fit: number; quotes: number } | undefined;
  for (const entity of index.entities) {
    if (entity.kind !== 'person' || entity.roles.length === 0) continue;
    const all = speakers.get(entity.id);
    const quotes = all && scope ? all.filter((q) => allows(scope, q.articleId)) : all;
    if (!quotes?.length) continue;
    const role = entity.roles.find((r) => {
      const held = new Set(words(r.text).map(roleTerm));
      return wanted.every((t) => held.has(t));
    });
    if (!role) continue;
    const fit = topic?.size
      ? Math.max(...quotes.map((q) => topicShare(index, { text: q.text, places: [q] }, topic)))
      : 0;
    if (!best || fit > best.fit || (fit === best.fit && quotes.length > best.quotes))
      best = { entity, role: role.text, fit, quotes: quotes.length };
  }
  return best && { entity: best.entity, role: best.role };
}

/**
 * How much of the topic a quote's words hold, and (at half) the paragraph it stands in: "the X-ray"
 * is often named in the sentence that introduces the quote. Failing both, the story it stands in
 * (at a quarter): "What did Phoenix say on stage at the SAG awards?" is answered in a report on the
 * SAG awards whose paragraph with the quote names neither.
 */
function topicShare(
  index: DossierIndex,
  d: { text: string; places: { articleId: string; paragraph: number }[] },
  { terms: topic, size }: { terms: ReadonlySet<string>; size: number },
): number {
  const own = Math.min(size, heldCount(d.text, topic, true));
  let around = 0;
  for (const place of d.places) {
    const pos = positionOf(index, place.articleId, place.paragraph);
    const text = pos === undefined ? '' : (index.paragraphs[pos]?.text ?? '');
    around = Math.max(around, Math.min(size, heldCount(text, topic, true)));
  }
  if (own + around > 0) return (own + 0.5 * Math.max(0, around - own)) / size;
  let story = 0;
  for (const place of d.places) {
    const article = index.articleById.get(place.articleId);
    if (!article) continue;
    const held = new Set<string>();
    for (const text of [article.title, ...article.paragraphs.map((p) => p.text)])
      for (const t of heldTerms(text, topic)) held.add(t);
    story = Math.max(story, Math.min(size, held.size));
  }
  return (STORY_SHARE * story) / size;
}

/** How much a topic counts that only the quote's story names. */
const STORY_SHARE = 0.25;
