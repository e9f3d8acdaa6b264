/**
 * A Builder taken up from a saved index and the work saved beside it (saved/work-file.ts), so the
 * first change after a load is incremental like every later one. The articles, entities, times and
 * quotes are the index's (the very objects serving); each file's candidates, key and stat are the
 * saved work's. The work may be older than the index (a one-shot CLI does not rewrite 20 MB of
 * work for each change it appends to the change log): an article whose digest is not the one its
 * file's work was made for gets its candidates spotted again here, as a build would.
 */
import type { Article } from '../../corpus/types.js';
import { articleDigest, type DossierIndex } from '../model.js';
import type { SavedWork } from '../saved/work-file.js';
import { spotArticles } from '../tables/entities.js';
import { byArticle, type Builder } from './incremental.js';
import type { FileWork } from './work.js';

/**
 * Seeds `builder` with `index` and `saved` when the work was made by this build code (`code`).
 * Returns whether it did.
 */
export function seedBuilder(builder: Builder, index: DossierIndex, saved: SavedWork, code: string): boolean {
  if (saved.code !== code) return false;
  const exact = saved.version === index.version;
  const byFile = new Map(saved.files.map((f) => [f.file, f]));
  const times = byArticle(index.times);
  const quotes = byArticle(index.quotes);
  const work = new Map<string, FileWork>();
  const stale: Article[] = [];
  for (const article of index.articles) {
    const w = byFile.get(article.file);
    const digest = exact && w ? w.digest : articleDigest(article);
    if (!w || w.digest !== digest) {
      stale.push(article);
      work.set(article.file, {
        key: '',
        article,
        candidates: [],
        times: times.get(article.id) ?? [],
        digest,
      });
      continue;
    }
    work.set(article.file, {
      key: w.key,
      article,
      candidates: w.candidates,
      times: times.get(article.id) ?? [],
      digest,
      ...(w.seen ? { seen: w.seen } : {}),
    });
  }
  // An article's candidates are the same in any batch (entities.ts): spotted here as in its build.
  spotArticles(stale).forEach((candidates, i) => (work.get(stale[i]!.file)!.candidates = candidates));
  builder.adopt({ version: index.version, work, entities: index.entities, quotes, errors: index.errors });
  return true;
}
