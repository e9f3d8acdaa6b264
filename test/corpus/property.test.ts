/** parseArticle never throws, and whatever it returns is well formed. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIngestError, parseArticle } from '../../src/corpus/index.js';
import type { Article, IngestError } from '../../src/corpus/index.js';
import { TODAY, bytes } from './helpers.js';

function checkWellFormed(result: Article | IngestError, file: string) {
  if (isIngestError(result)) {
    expect(result.file).toBe(file);
    expect(result.reason.length).toBeGreaterThan(0);
    return;
  }
  expect(result.title.length).toBeGreaterThan(0);
  result.paragraphs.forEach((p, i) => {
    expect(p.n).toBe(i + 1);
    expect(p.text.trim()).toBe(p.text);
    expect(p.text.length).toBeGreaterThan(0);
    expect(p.text).not.toMatch(/\s{2}|\n/);
    expect(p.sentences.join(' ')).toBe(p.text);
    for (const s of p.sentences) expect(s.length).toBeGreaterThan(0);
  });
}

const files = fc.constantFrom('a.md', 'b.txt', 'c.html', 'd.htm');
// Text built from pieces that trigger the interesting paths: front matter, chrome, headings, quotes.
const pieces = fc.constantFrom(
  '---\n', 'title: x\n', 'published: 2022-02-21\n', 'Leave a Reply\n', '- Advertisement -\n', '-0.6 C\n',
  '(A / B)', 'IMAGE SOURCE: X\n', 'Epoch Times Photo\n', ' rice field.', '\n\n', '\n', '“', '”', '. ', '..', '…',
  'U.S. ', 'Mr. ', '## ', '<p>', '</p>', '<script>', '<h2>', '# ', '*', '_', '[', '](', ')', 'By Ann Lee\n',
  'Ann is a reporter.', 'The council voted.', 'Budget', ' ', '\t', '\u00a0', '\r\n',
);

describe('parseArticle (property)', () => {
  it('never throws on arbitrary bytes, and returns a well-formed article or error', () => {
    fc.assert(
      fc.property(files, fc.uint8Array({ maxLength: 400 }), (file, data) => {
        checkWellFormed(parseArticle(file, data, { today: TODAY }), file);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(files, fc.string({ unit: 'grapheme', maxLength: 300 }), (file, text) => {
        checkWellFormed(parseArticle(file, bytes(text), { today: TODAY }), file);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on text assembled from article-like pieces', () => {
    fc.assert(
      fc.property(files, fc.array(pieces, { maxLength: 60 }), (file, parts) => {
        checkWellFormed(parseArticle(file, bytes(parts.join('')), { today: TODAY }), file);
      }),
      { numRuns: 500 },
    );
  });
});
