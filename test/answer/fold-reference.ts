/**
 * Near-duplicate folding by its plain definition (for the tests of foldGroups, src/answer/common.ts):
 * each candidate, in rank order, joins the first earlier passage from another article whose content
 * words have a Jaccard similarity of at least 0.5 with its own, else starts a passage of its own.
 */
import { foldGroups, type Candidate } from '../../src/answer/common.js';
import type { DossierIndex } from '../../src/index/model.js';
import { contentSet, jaccard } from '../../src/index/search/content-overlap.js';

export interface Folded {
  pos: number;
  alsoIn: { articleId: string; paragraph: number }[];
}

export function reference(index: DossierIndex, ranked: Candidate[], max: number): Folded[] {
  const groups: (Folded & { set: Set<string>; articles: Set<string> })[] = [];
  const seen = new Set<number>();
  for (const c of ranked) {
    if (groups.length >= max) break;
    if (seen.has(c.pos)) continue;
    seen.add(c.pos);
    const p = index.paragraphs[c.pos];
    const article = p && index.articleById.get(p.articleId);
    if (!p || !article) continue;
    const set = contentSet(p.text);
    const dup = groups.find((g) => !g.articles.has(article.id) && jaccard(g.set, set) >= 0.5);
    if (dup) {
      dup.articles.add(article.id);
      dup.alsoIn.push({ articleId: article.id, paragraph: p.n });
    } else groups.push({ pos: c.pos, set, articles: new Set([article.id]), alsoIn: [] });
  }
  return groups.map((g) => ({ pos: g.pos, alsoIn: g.alsoIn }));
}

export const folded = (index: DossierIndex, ranked: Candidate[], max: number): Folded[] =>
  foldGroups(index, ranked, max).map((g) => ({
    pos: g.candidate.pos,
    alsoIn: g.alsoIn.map((a) => ({ articleId: a.articleId, paragraph: a.paragraph })),
  }));
