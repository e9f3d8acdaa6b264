/**
 * Pages shaped to be slow: deep nesting and very long runs, near the 2 MiB limit. Each must give an
 * outcome (an article or a reason) and never an exception. How long they take is measured by
 * `npm run bench:ingest` (its "Hostile pages" table), not asserted here; before nesting was capped, the
 * deep pages below took minutes (htmlparser2 and Readability grow with the square and cube of the depth).
 */
import { describe, expect, it } from 'vitest';
import { isIngestError, parseArticle } from '../../src/corpus/index.js';
import { HOSTILE_PAGES } from '../../bench/hostile.js';

const MiB = 1024 * 1024;

describe('hostile HTML near the size limit', () => {
  for (const shape of HOSTILE_PAGES) {
    it(`${shape.name}: ${shape.what}`, () => {
      const html = shape.make(shape.testBytes ?? 2 * MiB - 1024);
      const result = parseArticle('hostile.html', new TextEncoder().encode(html), { today: '2025-01-01' });
      if (isIngestError(result)) {
        expect(result.reason).toMatch(/^(no article text|file is)/);
      } else {
        expect(result.paragraphs.length).toBeGreaterThan(0);
        if (shape.text) expect(result.paragraphs.map((p) => p.text).join(' ')).toContain(shape.text);
      }
    });
  }
});
