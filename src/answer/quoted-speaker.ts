/**
 * "Which Imperial College scientist said climate change makes these storms more damaging?": the
 * question gives what was said; its answer is whoever the best passages quote saying it, though
 * the articles may call them nothing like a scientist ("said Dr Friederike Otto, of the Grantham
 * Institute at Imperial College London"). Read from the quotes the index attributes (quotes.ts).
 */
import type { DossierIndex } from '../index/model.js';
import type { Hit } from '../index/search/search.js';
import { queryTerms } from '../index/terms.js';
import type { RankedEntity } from './rank-entities.js';
import { entitiesAt } from './tables.js';
import { heldCount } from './tokens.js';
import { evidenceWeight } from './topic.js';

/** A speech verb, then what was said (group 1). */
const SAID =
  /\b(?:said|says|say|told|tells|warned|warns|argued|argues|claimed|claims|wrote|writes|tweeted|tweets|explained|explains|insisted|insists|stated|states)\s+(?:that\s+)?(\S.*)$/i;
/** The passages whose quotes are read. */
const READ_HITS = 10;
/** The share of what was said that a quote must hold. */
const MIN_SHARE = 0.5;

/** The people the best passages quote saying what the question says was said, best first. */
export function speakersSaying(index: DossierIndex, hits: Hit[], topic: string): RankedEntity[] {
  const said = SAID.exec(topic);
  if (!said) return [];
  const content = new Set(queryTerms(said[1]!));
  if (content.size < 2) return [];
  const read = hits.slice(0, READ_HITS);
  const at = new Map(read.map((h) => [`${h.article.id}#${h.paragraph.n}`, h]));
  const top = read[0]?.score ?? 1;
  const out = new Map<string, RankedEntity>();
  for (const q of index.quotes) {
    const hit = at.get(`${q.articleId}#${q.paragraph}`);
    if (!hit) continue;
    const share = heldCount(q.text, content, true) / content.size;
    if (share < MIN_SHARE) continue;
    const speaker = entitiesAt(index, hit.pos).find((n) => n.entity.id === q.entityId)?.entity;
    if (!speaker || speaker.kind !== 'person') continue;
    const score = evidenceWeight(hit, top) * share;
    let entry = out.get(speaker.id);
    if (!entry) {
      entry = { id: speaker.id, name: speaker.name, score: 0, articles: new Set(), positions: new Map() };
      out.set(speaker.id, entry);
    }
    entry.score = Math.max(entry.score, score);
    entry.articles.add(hit.article.id);
    entry.positions.set(hit.pos, Math.max(entry.positions.get(hit.pos) ?? 0, score));
  }
  return [...out.values()].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
}
