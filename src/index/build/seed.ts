/**
 * A Builder taken up from a saved index and the work saved beside it (saved/work-file.ts), so the
 * first change after a load is incremental like every later one. The articles, entities, times and
 * quotes are the index's (the very objects serving); the rest of each file's work is the saved one.
 */
import type { DossierIndex } from '../model.js';
import type { SavedWork } from '../saved/work-file.js';
import type { Quote, TimeMention } from '../tables/types.js';
import type { Builder } from './incremental.js';
import type { FileWork } from './work.js';

/**
 * Seeds `builder` with `index` and `saved` when the work is that index's and the code's
 * (`code`, the build code version), with work for every article. Returns whether it did.
 */
export function seedBuilder(builder: Builder, index: DossierIndex, saved: SavedWork, code: string): boolean {
  if (saved.version !== index.version || saved.code !== code) return false;
  const byFile = new Map(saved.files.map((f) => [f.file, f]));
  const times = byArticle(index.times);
  const quotes = byArticle(index.quotes);
  const work = new Map<string, FileWork>();
  for (const article of index.articles) {
    const w = byFile.get(article.file);
    if (!w) return false;
    work.set(article.file, {
      key: w.key,
      article,
      candidates: w.candidates,
      times: times.get(article.id) ?? [],
      digest: w.digest,
      ...(w.seen ? { seen: w.seen } : {}),
    });
  }
  builder.adopt({ version: index.version, work, entities: index.entities, quotes, errors: index.errors });
  return true;
}

function byArticle<T extends TimeMention | Quote>(list: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of list) {
    let l = out.get(item.articleId);
    if (!l) out.set(item.articleId, (l = []));
    l.push(item);
  }
  return out;
}
