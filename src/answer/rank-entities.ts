/**
 * Which people or places the best passages on a topic name, and how strongly: shared by /where
 * ("where is the summit?" → places) and who-did questions ("who met on Thursday?" → people).
 */
import { defineScratch } from '../index/derived.js';
import type { DossierIndex } from '../index/model.js';
import type { Hit } from '../index/search/search.js';
import { fold } from '../index/terms.js';
import type { Entity, EntityKind } from '../index/tables/types.js';
import { askedNamesOf } from './entity-lookup.js';
import { entitiesAt } from './tables.js';
import { heldCount } from './tokens.js';
import { evidenceWeight, sentenceTest } from './topic.js';

export interface RankedEntity {
  id: string;
  name: string;
  score: number;
  articles: Set<string>;
  /** Paragraph position → how strongly that paragraph ties the entity to the topic. */
  positions: Map<number, number>;
}

/** A word right before a name that makes it the answer ("in Geneva", "by Lavrov"). */
const CUES: Record<EntityKind, RegExp> = {
  place: /\b(in|at|near|outside|inside|around|from|to|into|across|along|toward|towards|on)\s+(the\s+)?$/i,
  person:
    /\b(by|with|and|between|from|said|says|told|President|Minister|Secretary|spokesman|spokesperson|leader)\s+$/i,
  organization: /\b(by|the|from|with)\s+$/i,
};

/** "and" and a capitalised word right after a name: another name joined to it. */
const AND_A_NAME = /^\s+and\s+\p{Lu}/u;

/**
 * Organisations named for a building or a site people go to: as much a place as a town is to
 * "where" ("inside the Polytechnic University", "to the WoodSpring Suites hotel").
 */
const FACILITY =
  /\b(?:university|college|school|academy|hospital|clinic|hotel|suites|inn|motel|resort|airport|stadium|arena|station|church|cathedral|mosque|synagogue|temple|prison|jail|penitentiary|museum|park|center|centre|mall|base|square|bridge|palace|hall|library|theater|theatre|zoo|courthouse|harbor|harbour)$/i;

/** Whether an entity answers a question about that kind: a place, or an organisation that is a site. */
export function isOfKind(entity: Entity, kind: EntityKind): boolean {
  if (entity.kind === kind) return true;
  return kind === 'place' && entity.kind === 'organization' && FACILITY.test(entity.name);
}

export function rankEntities(
  index: DossierIndex,
  hits: Hit[],
  kind: EntityKind,
  topic: string,
): RankedEntity[] {
  const foldedTopic = fold(topic);
  // What the question names is not its own answer ("where is Donetsk" should not say "Donetsk").
  const named = new Map<string, boolean>();
  const inTopic = (entity: Entity) => {
    let v = named.get(entity.id);
    if (v === undefined) {
      v = [entity.name, ...entity.variants].some((s) => foldedTopic.includes(fold(s)));
      named.set(entity.id, v);
    }
    return v;
  };
  // "Who beat Bevin in the Kentucky governor race?": the places the question sets its event in.
  const askedPlaces = kind === 'place' ? [] : placesAsked(index, topic);
  const ranked = new Map<string, RankedEntity>();
  const top = hits[0]?.score ?? 1;
  // What a paragraph's text says is read once per question: a syndicated story's copies repeat it.
  const topicalIn = new Map<string, (i: number) => boolean>();
  // (By text, then by name: a key joining both would copy a long paragraph once per name in it.)
  const namedIn = new Map<string, Map<string, { sentence: number; cue: boolean }[]>>();
  for (const hit of hits) {
    const here = entitiesAt(index, hit.pos).filter((n) => isOfKind(n.entity, kind) && !inTopic(n.entity));
    if (here.length === 0) continue;
    const weight = evidenceWeight(hit, top);
    const { sentences, text } = hit.paragraph;
    const topicalKey = `${hit.matched.join('\u0001')}\u0000${text}`;
    let topical = topicalIn.get(topicalKey);
    if (!topical) topicalIn.set(topicalKey, (topical = sentenceTest(sentences, hit.matched)));
    let names = namedIn.get(text);
    if (!names) namedIn.set(text, (names = new Map()));
    const elsewhere = askedPlaces.length
      ? setElsewhere(index, hit.pos, sentences, askedPlaces, inTopic)
      : NOWHERE;
    for (const { entity, surfaces } of here) {
      let best = 0.3;
      let seen = 0;
      let kept = 0;
      for (const surface of surfaces) {
        let places = names.get(surface);
        if (!places) names.set(surface, (places = placesOf(surface, sentences, kind)));
        for (const { sentence, cue } of places) {
          seen++;
          if (elsewhere(sentence)) continue;
          kept++;
          let s = topical(sentence) ? 1 : 0.3;
          if (cue) s *= 1.6;
          best = Math.max(best, s);
        }
      }
      // Named only where the passage tells of another place than the one asked about.
      if (seen > 0 && kept === 0) continue;
      // An entity named everywhere (the country the story is about) says little about one thing in it.
      best *= rarity(index, entity.id, entity.mentions);
      const entry = ranked.get(entity.id) ?? {
        id: entity.id,
        name: entity.name,
        score: 0,
        articles: new Set<string>(),
        positions: new Map<number, number>(),
      };
      entry.score += weight * best;
      entry.articles.add(hit.article.id);
      entry.positions.set(hit.pos, Math.max(entry.positions.get(hit.pos) ?? 0, weight * best));
      ranked.set(entity.id, entry);
    }
  }
  return [...ranked.values()].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
}

const NOWHERE = (): boolean => false;

/** The places a question names (each as its words' terms): "Kentucky" of "the Kentucky governor race". */
function placesAsked(index: DossierIndex, topic: string): Set<string>[] {
  return askedNamesOf(index, topic)
    .filter((run) => run.place && run.exact)
    .map((run) => new Set(run.terms));
}

/**
 * Whether a sentence of the paragraph at `pos` is set in another place than those asked about: it
 * names a place of the paragraph the question does not, and none the question does ("Louisiana
 * Democrats re-elected Governor John Bel Edwards" of a question on Kentucky's race). A place in
 * brackets after a name says where someone is from, not where the sentence is set.
 */
function setElsewhere(
  index: DossierIndex,
  pos: number,
  sentences: string[],
  asked: Set<string>[],
  inTopic: (e: Entity) => boolean,
): (i: number) => boolean {
  const others = entitiesAt(index, pos).filter((n) => n.entity.kind === 'place' && !inTopic(n.entity));
  if (others.length === 0) return NOWHERE;
  return (i) => {
    const sentence = sentences[i] ?? '';
    if (asked.some((terms) => heldCount(sentence, terms, true) === terms.size)) return false;
    return others.some((n) => n.surfaces.some((s) => setIn(sentence, s)));
  };
}

/** Whether a place is named as a setting, not as where someone is from ("Ivana Jelić (Serbia)"). */
function setIn(sentence: string, place: string): boolean {
  for (let at = sentence.indexOf(place); at >= 0; at = sentence.indexOf(place, at + 1)) {
    if (sentence[at - 1] !== '(') return true;
  }
  return false;
}

/** The sentences that name `surface`, each with whether a cue word stands right before the name. */
function placesOf(
  surface: string,
  sentences: string[],
  kind: EntityKind,
): { sentence: number; cue: boolean }[] {
  const out: { sentence: number; cue: boolean }[] = [];
  sentences.forEach((sentence, i) => {
    const at = sentence.indexOf(surface);
    if (at < 0) return;
    // "Ivana Jelić and Pavle Petrović": the first of two people joined by "and" has the second's cue.
    const cue =
      CUES[kind].test(sentence.slice(Math.max(0, at - 24), at)) ||
      (kind === 'person' && AND_A_NAME.test(sentence.slice(at + surface.length, at + surface.length + 8)));
    out.push({ sentence: i, cue });
  });
  return out;
}

/** Each index's entity rarities so far (entity id → IDF over the paragraphs naming it), filled as asked. */
const rarities = defineScratch('entity rarities', () => new Map<string, number>());

function rarity(
  index: DossierIndex,
  id: string,
  mentions: { articleId: string; paragraph: number }[],
): number {
  const table = rarities.get(index);
  let value = table.get(id);
  if (value === undefined) {
    const paragraphs = new Set(mentions.map((m) => `${m.articleId}#${m.paragraph}`)).size;
    value = Math.log(1 + index.paragraphs.length / Math.max(1, paragraphs));
    table.set(id, value);
  }
  return value;
}
