/** Finding the entity a /who, /quote or /where query names. */
import type { DossierIndex } from '../index/model.js';
import { allows, type Scope } from './filter.js';
import { lookupEntity } from './entity-lookup.js';
import type { Entity, EntityKind } from '../index/tables/types.js';
import { processTerm, words } from '../index/terms.js';

// Question wording around a name, stripped by bareName.
/** Closing ?, !, . or 。 and any whitespace after them. */
const TRAILING_PUNCTUATION = /[?!.。]+\s*$/u;
const WHO_IS_OPENING = /^\s*(who|what|where)\s+(is|was|are|were)\s+/i;
const ABOUT_OPENING = /^\s*(tell me about|what did|what does|quote|quotes from|quotes by)\s+/i;
const SAY_ENDING = /\s+(say|said|says)\s*$/i;
const LEADING_ARTICLE = /^(the|a|an)\s+/i;

/** A title or honorific written before a name ("Governor Inslee", "Dr. Shadlen"), then a capital. */
const TITLE_BEFORE_NAME =
  /^\s*(?:mr|mrs|ms|dr|prof|professor|doctor|president|governor|gov|senator|sen|rep|representative|mayor|minister|prime\s+minister|secretary|judge|justice|chancellor|general|gen|colonel|col|captain|capt|sheriff|chief|director|ambassador|king|queen|prince|princess|pope|bishop|rev|reverend|father|sir|dame|lord|lady|officer|detective|sergeant|sgt|coach|commissioner|administrator|councillor|councilman|councilwoman|chairman|chairwoman)\.?\s+(?=\p{Lu})/iu;

/** Lower-case words before a capitalised name: "the neighbor Brian Kinder" (at most four). */
const WORDS_BEFORE_NAME = /^\s*(?:(?:the|a|an)\s+)?(?:[\p{Ll}'’-]+\s+){1,4}(?=\p{Lu})/u;

/** Strips question wording people type around a name: "who is Peskov?" → "Peskov". */
export function bareName(query: string): string {
  return query
    .replace(TRAILING_PUNCTUATION, '')
    .replace(WHO_IS_OPENING, '')
    .replace(ABOUT_OPENING, '')
    .replace(SAY_ENDING, '')
    .replace(LEADING_ARTICLE, '')
    .trim();
}

/**
 * The entity a query names, preferring `kind` when a match of that kind is nearly as good as the best
 * match of any kind ("Washington" the person vs the place is decided by the question asked).
 */
export function resolveEntity(
  index: DossierIndex,
  query: string,
  kind?: EntityKind,
  minScore = 0,
  scope?: Scope,
): Entity | undefined {
  // With an article filter, only entities that an allowed article names.
  const matches = lookupEntity(index, query).filter(
    (m) => m.score >= minScore && (!scope || m.entity.mentions.some((x) => allows(scope, x.articleId))),
  );
  const best = matches[0];
  if (!best) {
    // "Governor Inslee": the articles name him "Jay Inslee", with the title apart.
    // "neighbor Brian Kinder", "the retired teacher Ana Ruiz": a description before the name.
    const bare = TITLE_BEFORE_NAME.exec(query) ?? WORDS_BEFORE_NAME.exec(query);
    return bare ? resolveEntity(index, query.slice(bare[0].length), kind, minScore, scope) : undefined;
  }
  if (!kind) return best.entity;
  const ofKind = matches.find((m) => m.entity.kind === kind);
  return ofKind && ofKind.score >= best.score * 0.8 ? ofKind.entity : best.entity;
}

/** Indexed terms of every spelling of an entity, for highlighting its mentions. */
export function entityTerms(entity: Entity): string[] {
  const out = new Set<string>();
  for (const spelling of [entity.name, ...entity.variants, ...entity.mentions.map((m) => m.surface)]) {
    for (const w of words(spelling)) {
      const t = processTerm(w);
      if (t) out.add(t);
    }
  }
  return [...out];
}

export function kindLabel(kind: EntityKind): string {
  return kind === 'organization' ? 'an organisation' : kind === 'place' ? 'a place' : 'a person';
}
