/** Autocomplete suggestions, ranked and typo-tolerant, at most 25 (Discord's limit). */
import type { DossierIndex } from '../index/build.js';
import { suggestEntityNames } from './entityLookup.js';
import type { EntityKind } from '../index/types.js';
import { fold } from '../index/text.js';

export const MAX_CHOICES = 25;
const MAX_NAME = 100;

/** Entity names for /who, /quote (people) and /where (places). Empty input lists the most named. */
export function suggestNames(index: DossierIndex, input: string, kind?: EntityKind): string[] {
  const text = input.trim();
  if (!text) {
    return index.entities
      .filter((e) => !kind || e.kind === kind)
      .sort((a, b) => b.mentions.length - a.mentions.length || a.name.localeCompare(b.name))
      .slice(0, MAX_CHOICES)
      .map((e) => e.name.slice(0, MAX_NAME));
  }
  return suggestEntityNames(index.entities, text, kind, MAX_CHOICES).map((e) => e.name.slice(0, MAX_NAME));
}

/**
 * Events and topics for /when and /timeline: section headings and entity names that match, then
 * MiniSearch's own term suggestions (typo-tolerant) over the paragraphs.
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
  const sections = new Set(index.paragraphs.map((p) => p.section).filter((s): s is string => !!s));
  for (const s of sections) if (fold(s).includes(text)) add(s.replace(/^[“"]|[”"]$/g, ''));
  for (const n of suggestNames(index, input)) add(n);
  for (const s of index.search.autoSuggest(input, { prefix: true, fuzzy: 0.2 }).slice(0, MAX_CHOICES)) {
    add(s.suggestion);
  }
  return out.slice(0, MAX_CHOICES);
}
