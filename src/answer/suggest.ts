/** Autocomplete suggestions, ranked and typo-tolerant, at most 25 (Discord's limit). */
import type { DossierIndex } from '../index/build.js';
import { suggestEntityNames } from './entityLookup.js';
import type { EntityKind } from '../index/types.js';
import { completeTerms } from '../index/search.js';
import { fold } from '../index/text.js';
import { CHUNK, perIndex } from './tables.js';

export const MAX_CHOICES = 25;
const MAX_NAME = 100;

/** Entity names for /who, /quote (people) and /where (places). Empty input lists the most named. */
export function suggestNames(index: DossierIndex, input: string, kind?: EntityKind): string[] {
  const text = input.trim();
  if (!text) return mostNamed(index, kind);
  return suggestEntityNames(index.entities, text, kind, MAX_CHOICES).map((e) => e.name.slice(0, MAX_NAME));
}

/**
 * Events and topics for /when and /timeline: section headings and entity names that match, then
 * completions of the last word to the corpus's own terms (most frequent first, typos tolerated).
 */
export function suggestTopics(index: DossierIndex, input: string): string[] {
  const text = fold(input.trim());
  const out: string[] = [];
  const add = (s: string) => {
    const v = s.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME);
    if (v && !out.some((o) => fold(o) === fold(v))) out.push(v);
  };
  if (!text) {
    for (const n of suggestNames(index, '')) add(n);
    return out.slice(0, MAX_CHOICES);
  }
  for (const { name, folded } of sectionsOf(index)) if (folded.includes(text)) add(name);
  for (const n of suggestNames(index, input)) add(n);
  const terms =
    completeTerms(index, input, MAX_CHOICES) ??
    index.search
      .autoSuggest(input, { prefix: true, fuzzy: 0.2 })
      .slice(0, MAX_CHOICES)
      .map((s) => s.suggestion);
  for (const t of terms) add(t);
  return out.slice(0, MAX_CHOICES);
}

/** The distinct section headings of the corpus (as suggestions, without enclosing quotes), in order. */
export const sections = perIndex(function* (index) {
  const seen = new Set<string>();
  const list: { name: string; folded: string }[] = [];
  for (let i = 0; i < index.paragraphs.length; i++) {
    const s = index.paragraphs[i]!.section;
    if (s && !seen.has(s)) {
      seen.add(s);
      list.push({ name: s.replace(/^[“"]|[”"]$/g, ''), folded: fold(s) });
    }
    if (i % CHUNK === CHUNK - 1) yield;
  }
  return list;
});

const sectionsOf = (index: DossierIndex) => sections.get(index);

/**
 * The most mentioned entities (of a kind), ties by name: the same as sorting them all, but only the
 * few with at least as many mentions as the 25th are sorted.
 */
function mostNamed(index: DossierIndex, kind: EntityKind | undefined): string[] {
  const pool = index.entities.filter((e) => !kind || e.kind === kind);
  let cut = 0;
  if (pool.length > MAX_CHOICES) {
    const counts = Int32Array.from(pool, (e) => -e.mentions.length).sort();
    cut = -counts[MAX_CHOICES - 1]!;
  }
  return pool
    .filter((e) => e.mentions.length >= cut)
    .sort((a, b) => b.mentions.length - a.mentions.length || a.name.localeCompare(b.name))
    .slice(0, MAX_CHOICES)
    .map((e) => e.name.slice(0, MAX_NAME));
}
