/**
 * Builds `Article`s straight from text for the index tests (ingestion is another stage): every
 * non-empty line is a paragraph (as in the seed web captures), sentences are split naively after
 * . ! ? followed by a space.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Article } from '../../src/corpus/types.js';

export function article(id: string, text: string, published?: string, title = id): Article {
  const paragraphs = text
    .split(/\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map((p, i) => ({
      articleId: id,
      n: i + 1,
      text: p,
      sentences: p.split(/(?<=[.!?][”"’]?) (?=\S)/u),
    }));
  return { id, file: `${id}.txt`, title, ...(published ? { published } : {}), paragraphs };
}

/** The five seed captures, all published on Monday 2022-02-21. */
const SEED_DIR = '/work/shared/seed-articles';

export function seedArticles(): Article[] {
  return readdirSync(SEED_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => article(f.replace(/\.txt$/, ''), readFileSync(join(SEED_DIR, f), 'utf8'), '2022-02-21'));
}
