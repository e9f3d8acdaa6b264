/**
 * The work file (src/index/saved/work-file.ts): what is encoded decodes to the same work, and bytes
 * that are cut short, changed or of another kind decode to nothing (so the work is not used).
 */
import { describe, expect, it } from 'vitest';
import { decodeWork, encodeWork, encodeWorkInSlices } from '../../src/index/saved/work-file.js';
import { rng } from '../../bench/queries.js';

function sample(seed: number) {
  const rnd = rng(seed);
  const word = () =>
    ['Jean-Yves', 'Le', 'Drian', 'Ngātiwai', 'Kyiv', 'O’Brien', '"quoted"', 'U.S.'][Math.floor(rnd() * 8)]!;
  const files = Array.from({ length: 5 }, (_, f) => ({
    file: `dir/a${f}.md`,
    key: `key${f}`,
    digest: `digest${f}`,
    ...(f % 2
      ? {
          seen: {
            size: 10 + f,
            mtimeMs: 1.5e12 + f / 3,
            ino: 7 + f,
            url: undefined,
            today: '2026-12-05',
            readAt: 1.6e12,
          },
        }
      : {}),
    candidates: Array.from({ length: Math.floor(rnd() * 6) }, (_, i) => {
      const words = Array.from({ length: 1 + Math.floor(rnd() * 3) }, word);
      return {
        words,
        key: words.join(' ').toLowerCase(),
        surface: words.join(' '),
        articleId: `a${f}`,
        paragraph: i,
        offset: Math.floor(rnd() * 500),
        votes: { person: rnd() * 4, place: Math.floor(rnd() * 3), organization: 0.5 },
        roles: rnd() < 0.5 ? [] : ['foreign minister', word()],
        weak: rnd() < 0.3,
      };
    }),
  }));
  return {
    version: 'v1',
    code: 'c1',
    files,
    folder: {
      today: '2026-12-05',
      files: files.map((f) => f.file),
      failed: ['broken.md'],
      hashed: {
        records: new Map(files.map((f, i) => [f.file, { text: `\u0000${f.file}\u0000${i}`, bytes: i }])),
        folderErrors: ['\u0000sub\u0000!EACCES'],
      },
    },
  };
}

describe('the work file', () => {
  it('decodes to the work it encodes', () => {
    for (const seed of [1, 2, 3]) {
      const work = sample(seed);
      // JSON drops `url: undefined` as the file does; compare through it.
      const decoded = decodeWork(encodeWork(work));
      expect(JSON.parse(JSON.stringify({ ...decoded, folder: undefined }))).toEqual(
        JSON.parse(JSON.stringify({ ...work, folder: undefined })),
      );
      expect(decoded?.folder?.hashed.records).toEqual(work.folder.hashed.records);
      expect(decoded?.folder?.failed).toEqual(['broken.md']);
    }
  });

  it('is encoded the same in slices, and a stopped encoding gives nothing', async () => {
    const work = sample(5);
    expect(await encodeWorkInSlices(work, () => false, 0)).toEqual(encodeWork(work));
    let asked = 0;
    expect(await encodeWorkInSlices(work, () => ++asked > 2, 0)).toBeUndefined();
    expect(asked).toBe(3);
  });

  it('decodes bytes cut short, changed or of another kind to nothing', () => {
    const bytes = encodeWork(sample(4));
    for (const n of [0, 10, 30, bytes.length - 1]) expect(decodeWork(bytes.subarray(0, n))).toBeUndefined();
    const other = bytes.slice();
    other[3] = 0x41;
    expect(decodeWork(other)).toBeUndefined();
    expect(decodeWork(new TextEncoder().encode('DOSSIER-INDEX 1\n'))).toBeUndefined();
  });
});
