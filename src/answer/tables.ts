/** Per-index lookup tables derived lazily from the index's plain lists, cached per index object. */
import type { DossierIndex } from '../index/build.js';
import { paragraphKey } from '../index/model.js';
import type { Entity, Quote, TimeMention } from '../index/types.js';

const timesCache = new WeakMap<DossierIndex, Map<number, TimeMention[]>>();
const entitiesCache = new WeakMap<DossierIndex, Map<number, NamedIn[]>>();
const quotesCache = new WeakMap<DossierIndex, Map<string, Quote[]>>();

function positionsMap<T extends { articleId: string; paragraph: number }>(index: DossierIndex, items: T[]) {
  const map = new Map<number, T[]>();
  for (const item of items) {
    const pos = index.paragraphPos.get(paragraphKey(item.articleId, item.paragraph));
    if (pos === undefined) continue;
    const list = map.get(pos);
    if (list) list.push(item);
    else map.set(pos, [item]);
  }
  return map;
}

/** Time expressions by paragraph position. */
export function timesByParagraph(index: DossierIndex): Map<number, TimeMention[]> {
  let map = timesCache.get(index);
  if (!map) timesCache.set(index, (map = positionsMap(index, index.times)));
  return map;
}

/** An entity named in a paragraph, with the words that name it there (in mention order). */
export interface NamedIn {
  entity: Entity;
  surfaces: string[];
}

/** Entities named in each paragraph position, in entity order. */
export function entitiesByParagraph(index: DossierIndex): Map<number, NamedIn[]> {
  let map = entitiesCache.get(index);
  if (!map) {
    map = new Map();
    for (const entity of index.entities) {
      for (const m of entity.mentions) {
        const pos = index.paragraphPos.get(paragraphKey(m.articleId, m.paragraph));
        if (pos === undefined) continue;
        let list = map.get(pos);
        if (!list) map.set(pos, (list = []));
        const last = list[list.length - 1];
        if (last?.entity === entity) last.surfaces.push(m.surface);
        else list.push({ entity, surfaces: [m.surface] });
      }
    }
    entitiesCache.set(index, map);
  }
  return map;
}

/** Quotes by speaker entity id. */
export function quotesBySpeaker(index: DossierIndex): Map<string, Quote[]> {
  let map = quotesCache.get(index);
  if (!map) {
    map = new Map();
    for (const q of index.quotes) {
      const list = map.get(q.entityId) ?? [];
      list.push(q);
      map.set(q.entityId, list);
    }
    quotesCache.set(index, map);
  }
  return map;
}
