/**
 * Shared set-up for the answer tests: the two corpora, built once per test file through the public
 * surface (`loadCorpus` → `buildIndex`), and checks every answer must pass whatever was asked.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Answer } from '../../src/answer/index.js';
import { isIngestError, loadCorpus, parseArticle, type Article } from '../../src/corpus/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import type { DossierIndex } from '../../src/index/model.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The five seed captures about the 2022 Biden–Putin summit talks, all published 2022-02-21. */
export const SEED_DIR = path.join(ROOT, 'test/fixtures/seed-corpus');
/**
 * A second corpus about other people, places and dates (a Riverton budget vote, a Quantix chip plant
 * in Dresden, a rail strike), with one file whose front matter is broken.
 */
export const FIXTURE_DIR = path.join(ROOT, 'test/fixtures/answer-corpus');

const cache = new Map<string, Promise<DossierIndex>>();
/** The folder each built index was read from, to check citations against the files themselves. */
const folderOf = new WeakMap<DossierIndex, string>();

export function indexOf(dir: string): Promise<DossierIndex> {
  let p = cache.get(dir);
  if (!p) {
    p = loadCorpus(dir).then((corpus) => {
      const index = buildIndex(corpus);
      folderOf.set(index, dir);
      return index;
    });
    cache.set(dir, p);
  }
  return p;
}

export const seeds = () => indexOf(SEED_DIR);
export const fixtures = () => indexOf(FIXTURE_DIR);

/** Citations per answer: three for every kind and a /search page (README), ten for a /timeline page. */
const MAX_CITATIONS: Record<Answer['kind'], number> = {
  who: 3,
  when: 3,
  where: 3,
  what: 3,
  quote: 3,
  ask: 3,
  search: 3,
  timeline: 10,
  sources: 0,
};

/** The article's file as written, whitespace collapsed. */
function rawText(index: DossierIndex, articleId: string): string {
  const article = index.articleById.get(articleId)!;
  return readFileSync(path.join(folderOf.get(index)!, article.file), 'utf8').replace(/\s+/g, ' ');
}

/**
 * The contract every answer keeps: its citations are whole paragraphs of the article they name, with
 * that article's 1-based ¶ number and metadata, the text is really in the article's file, there are
 * never more than the kind allows, and no passage is cited twice.
 */
export function expectWellCited(index: DossierIndex, answer: Answer): void {
  expect(answer.citations.length).toBeLessThanOrEqual(MAX_CITATIONS[answer.kind]);
  expect(answer.corpusArticles).toBe(index.articles.length);
  // A timeline may cite one paragraph for two dates it gives; nothing else cites a paragraph twice.
  const keys = answer.citations.map(
    (c) => `${c.articleId}#${c.paragraph}${answer.kind === 'timeline' ? `@${c.date}` : ''}`,
  );
  expect(new Set(keys).size, `a passage cited twice: ${keys.join(', ')}`).toBe(keys.length);
  for (const c of answer.citations) {
    const article = index.articleById.get(c.articleId);
    expect(article, `cites unknown article ${c.articleId}`).toBeDefined();
    expect(Number.isInteger(c.paragraph) && c.paragraph >= 1).toBe(true);
    // ¶n is the n-th paragraph of the article, counted from 1.
    const p = article!.paragraphs[c.paragraph - 1];
    expect(p?.n).toBe(c.paragraph);
    expect(c.text).toBe(p?.text);
    expect(c.title).toBe(article!.title);
    expect(c.outlet).toBe(article!.outlet);
    expect(c.published).toBe(article!.published);
    expect(c.url).toBe(article!.url);
    // The cited words are in the file itself (not made up, not a fragment of page chrome).
    if (folderOf.has(index)) expect(rawText(index, c.articleId)).toContain(c.text.slice(0, 60));
    for (const h of c.highlights) expect(c.text).toContain(h);
    for (const other of c.alsoIn ?? []) {
      expect(other.articleId).not.toBe(c.articleId);
      expect(index.articleById.get(other.articleId)?.paragraphs[other.paragraph - 1]).toBeDefined();
    }
  }
  for (const s of answer.sources) expect(index.articleById.has(s.articleId)).toBe(true);
}

/** Nothing found: no answer line, a message saying so, nothing cited. */
export function expectNothingFound(answer: Answer): void {
  expect(answer.text).toBeNull();
  expect(answer.message).toEqual(expect.any(String));
  expect(answer.citations).toEqual([]);
}

/** `articleId#paragraph` for each citation, for compact golden expectations. */
export function cited(answer: Answer): string[] {
  return answer.citations.map((c) => `${c.articleId}#${c.paragraph}`);
}

/** An article written for a test, read through ingestion as a Markdown file in the corpus folder would be. */
export function md(file: string, title: string, outlet: string, published: string, body: string): Article {
  const text = `---\ntitle: ${title}\noutlet: ${outlet}\npublished: ${published}\n---\n${body}\n`;
  const parsed = parseArticle(file, new TextEncoder().encode(text), { today: '2025-01-01' });
  if (isIngestError(parsed)) throw new Error(parsed.reason);
  return parsed;
}
