/** Shared helpers for the corpus tests: parse text as a file, list what the chrome rules removed. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { isIngestError, parseArticle } from '../../src/corpus/index.js';
import type { Article, IngestError, ParseOptions, Removal } from '../../src/corpus/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SEED_DIR = path.join(root, 'test/fixtures/seed-corpus');
export const FIXTURE_DIR = path.join(root, 'test/fixtures/articles');

/** A fixed "today" so date checks do not depend on when the tests run. */
export const TODAY = '2025-01-01';

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Parses `text` as the file `file`; fails the test if the result is an error. */
export function article(file: string, text: string, opts: ParseOptions = {}): Article {
  const result = parseArticle(file, bytes(text), { today: TODAY, ...opts });
  if (isIngestError(result)) throw new Error(`expected an article, got: ${result.reason}`);
  return result;
}

export function failure(file: string, data: string | Uint8Array, opts: ParseOptions = {}): IngestError {
  const result = parseArticle(file, typeof data === 'string' ? bytes(data) : data, { today: TODAY, ...opts });
  expect(isIngestError(result), 'expected an IngestError').toBe(true);
  return result as IngestError;
}

/** Parses a file from disk (relative to the repository) and records every chrome removal. */
export function parseFile(dir: string, file: string): { article: Article; removed: Removal[] } {
  const removed: Removal[] = [];
  const result = parseArticle(file, readFileSync(path.join(dir, file)), {
    today: TODAY,
    onRemoved: (r) => removed.push(r),
  });
  if (isIngestError(result)) throw new Error(`${file}: ${result.reason}`);
  return { article: result, removed };
}

/** Parses text and returns the removals, for one-rule tests. */
export function removals(file: string, text: string, opts: ParseOptions = {}): Removal[] {
  const removed: Removal[] = [];
  parseArticle(file, bytes(text), { today: TODAY, ...opts, onRemoved: (r) => removed.push(r) });
  return removed;
}

export function texts(a: Article): string[] {
  return a.paragraphs.map((p) => p.text);
}

/** The text a reader can search in: paragraphs and sections. */
export function allText(a: Article): string {
  return a.paragraphs.map((p) => `${p.section ?? ''}\n${p.text}`).join('\n');
}

/** Prefixes front matter with a title, so the first body line is not taken as the headline. */
export function titled(body: string, title = 'A test article'): string {
  return `---\ntitle: ${title}\n---\n${body}`;
}
