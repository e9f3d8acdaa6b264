/**
 * The saved index is stale when the build code changes: the corpus hash covers the build code's
 * files. After the index was split into sub-folders the hash covered only the top level for a
 * while, so a change to entity extraction left old saved indexes "fresh"; this pins the list.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCodeFiles } from '../../src/index/saved/corpus-hash.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the build code the corpus hash covers', () => {
  it('holds the ingestion, the build, the lookup tables and the saved format, in sub-folders too', async () => {
    const files = await buildCodeFiles();
    for (const f of [
      'src/corpus/parse-article.ts',
      'src/index/model.ts',
      'src/index/build/build.ts',
      'src/index/build/settle-search.ts',
      'src/index/tables/entities.ts',
      'src/index/tables/dates.ts',
      'src/index/saved/encode.ts',
    ]) {
      expect(files).toContain(f);
    }
    for (const f of files) expect(existsSync(path.join(ROOT, f)), f).toBe(true);
  });

  it('leaves out the code that only answers questions', async () => {
    const files = await buildCodeFiles();
    expect(files.filter((f) => f.startsWith('src/index/search/'))).toEqual([]);
    expect(files.some((f) => f.startsWith('src/answer/'))).toBe(false);
  });
});
