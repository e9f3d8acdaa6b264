/**
 * compromise's own opinion of a name found in the text (person, place, organisation), asked for in
 * batches and cached across builds; entities-spans.ts adds it to a candidate's votes.
 */
import nlp from 'compromise';

import type { Votes } from './entities-spans.js';

/**
 * compromise's own opinion of a phrase: does it tag a person, a place, an organisation in it? Kept as
 * a bit mask per distinct phrase. Tagging one phrase per `nlp()` call costs about a millisecond, most
 * of it fixed overhead, so phrases are tagged in batches: each phrase is tokenised on its own (exactly
 * as `nlp(phrase)` would) and its sentences are appended to one document, which compromise tags
 * sentence by sentence; every tagger pass and the people/places/organizations matches stay within a
 * sentence, so a phrase gets the same tags as alone (checked over the benchmark corpus), at a sixth of
 * the cost. The cache persists across builds (a reindex of a mostly unchanged corpus asks again).
 */
const PERSON_BIT = 1;
const PLACE_BIT = 2;
const ORG_BIT = 4;
const compromiseCache = new Map<string, number>();
const MAX_CACHED_PHRASES = 400_000;
const BATCH = 500;

interface Pointing {
  fullPointer: number[][];
}
interface BatchDoc {
  people(): Pointing;
  places(): Pointing;
  organizations(): Pointing;
}
interface NlpWorld {
  methods: { one: { tokenize: { fromString(text: string, world: NlpWorld): object[][] } } };
}
const world = nlp.world() as unknown as NlpWorld;
const tagDocument = nlp as unknown as (sentences: { terms: object[] }[]) => BatchDoc;

/** Tags every phrase not cached yet, in batches. */
export function tagPhrases(phrases: Iterable<string>): void {
  const todo: string[] = [];
  const queued = new Set<string>();
  for (const p of phrases) {
    if (compromiseCache.has(p) || queued.has(p)) continue;
    queued.add(p);
    todo.push(p);
  }
  if (compromiseCache.size + todo.length > MAX_CACHED_PHRASES) compromiseCache.clear();
  for (let from = 0; from < todo.length; from += BATCH) {
    const batch = todo.slice(from, from + BATCH);
    const sentences: { terms: object[] }[] = [];
    const owner: number[] = [];
    batch.forEach((phrase, i) => {
      for (const terms of world.methods.one.tokenize.fromString(phrase, world)) {
        sentences.push({ terms });
        owner.push(i);
      }
    });
    const masks = new Array<number>(batch.length).fill(0);
    if (sentences.length > 0) {
      const doc = tagDocument(sentences);
      const found: [number, Pointing][] = [
        [PERSON_BIT, doc.people()],
        [PLACE_BIT, doc.places()],
        [ORG_BIT, doc.organizations()],
      ];
      for (const [bit, view] of found) for (const ptr of view.fullPointer) masks[owner[ptr[0]!]!]! |= bit;
    }
    batch.forEach((phrase, i) => compromiseCache.set(phrase, masks[i]!));
  }
}

export function addCompromiseVotes(v: Votes, phrase: string): void {
  let mask = compromiseCache.get(phrase);
  if (mask === undefined) {
    tagPhrases([phrase]);
    mask = compromiseCache.get(phrase) ?? 0;
  }
  if (mask & PERSON_BIT) v.person += 2;
  if (mask & PLACE_BIT) v.place += 1;
  if (mask & ORG_BIT) v.organization += 1;
}
