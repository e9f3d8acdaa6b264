/** Autocomplete suggestions, ranked and typo-tolerant, at most 25 (Discord's limit). */
import type { DossierIndex } from '../index/model.js';
import { completeEntities, mostNamedNames } from './complete.js';
import type { EntityKind } from '../index/tables/types.js';
import { completeTerms } from '../index/search/complete-terms.js';
import { fold } from '../index/terms.js';
import { CHUNK, defineTable } from '../index/derived.js';

export const MAX_CHOICES = 25;
const MAX_NAME = 100;
const WHITESPACE_RUN = /\s+/g;
/** An opening or closing quote mark around a section heading. */
const ENCLOSING_QUOTES = /^[“"]|[”"]$/g;

/**
 * Entity names for /who, /quote (people) and /where (places), from the completion table (complete.ts).
 * Empty input lists the most named.
 */
export function suggestNames(index: DossierIndex, input: string, kind?: EntityKind, typos = true): string[] {
  const text = input.trim();
  if (!text) return mostNamedNames(index, kind);
  return completeEntities(index, text, kind, MAX_CHOICES, typos).map((e) => e.name.slice(0, MAX_NAME));
}

/**
 * Events and topics for /when and /timeline: section headings that hold what was typed, entity
 * names that do, completions of the last word to the corpus's own terms (most frequent first);
 * then, with room left, names and whole terms a typo away. What was typed as it was typed comes
 * first: "stand" offers "standard" before "Stanley", and the typo searches, the costlier part of
 * a keystroke, run only when the rest leaves room.
 */
export function suggestTopics(index: DossierIndex, input: string): string[] {
  const text = fold(input.trim());
  const out: string[] = [];
  const seen = new Set<string>();
  // The first 25 distinct (folded) suggestions; later ones could not change them.
  const add = (s: string) => {
    if (out.length >= MAX_CHOICES) return;
    const v = s.replace(WHITESPACE_RUN, ' ').trim().slice(0, MAX_NAME);
    const key = fold(v);
    if (v && !seen.has(key)) {
      seen.add(key);
      out.push(v);
    }
  };
  if (!text) {
    for (const n of suggestNames(index, '')) add(n);
    return out;
  }
  for (const { name, folded } of sectionsOf(index)) if (folded.includes(text)) add(name);
  for (const typos of [false, true]) {
    if (out.length < MAX_CHOICES) for (const n of suggestNames(index, input, undefined, typos)) add(n);
    if (out.length < MAX_CHOICES) for (const t of termsOf(index, input, typos)) add(t);
  }
  return out;
}

/** Completions of the last word to index terms; with `typos`, whole terms a typo away as well. */
function termsOf(index: DossierIndex, input: string, typos: boolean): string[] {
  return (
    completeTerms(index, input, MAX_CHOICES, typos) ??
    index.search
      .autoSuggest(input, { prefix: true, fuzzy: typos ? 0.2 : false })
      .slice(0, MAX_CHOICES)
      .map((s) => s.suggestion)
  );
}

/** The distinct section headings of the corpus (as suggestions, without enclosing quotes), in order. */
export const sections = defineTable('section headings', function* (index) {
  const seen = new Set<string>();
  const list: { name: string; folded: string }[] = [];
  for (let i = 0; i < index.paragraphs.length; i++) {
    const s = index.paragraphs[i]!.section;
    if (s && !seen.has(s)) {
      seen.add(s);
      list.push({ name: s.replace(ENCLOSING_QUOTES, ''), folded: fold(s) });
    }
    if (i % CHUNK === CHUNK - 1) yield;
  }
  return list;
});

const sectionsOf = (index: DossierIndex) => sections.get(index);
