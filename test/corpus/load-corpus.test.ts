/** Bad files become specific errors and never stop the other files; loadCorpus's folder handling. */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isIngestError, loadCorpus, parseArticle } from '../../src/corpus/index.js';
import { TODAY, bytes, failure } from './helpers.js';

const GOOD = '---\ntitle: Bridge reopens\n---\nThe Wye bridge reopened on Monday after repairs.\n';

describe('bad files (parseArticle)', () => {
  it('invalid UTF-8 is rejected with a hint to save as UTF-8', () => {
    const latin1 = new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x70, 0x65, 0x6e, 0x2e]); // "Café open." in Latin-1
    expect(failure('a.txt', latin1).reason).toBe('not valid UTF-8 text; save it as UTF-8');
  });

  it('a file with NUL bytes is rejected as binary', () => {
    expect(failure('a.txt', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])).reason).toBe(
      'binary file (contains NUL bytes), not text',
    );
  });

  it('UTF-16 text is named as such rather than called binary', () => {
    expect(failure('a.txt', new Uint8Array([0xff, 0xfe, 0x41, 0x00])).reason).toBe('file is UTF-16 text; save it as UTF-8');
  });

  it('an empty file and a whitespace-only file are rejected', () => {
    expect(failure('a.md', new Uint8Array()).reason).toBe('empty file');
    expect(failure('a.md', ' \n\t\n').reason).toBe('empty file (only whitespace)');
  });

  it('a file that is all page chrome is rejected as empty after cleaning', () => {
    const chrome = '---\ntitle: A\n---\nLeave a Reply\n\nYour email address will not be published.\n\n- Advertisement -\n';
    expect(failure('a.md', chrome).reason).toBe('no article text left after removing page chrome');
  });

  it('a file over the size limit is rejected with both sizes', () => {
    const size = bytes(GOOD).length;
    expect(failure('a.md', GOOD, { maxBytes: 20 }).reason).toBe(`file is ${size} bytes, over the 20 bytes size limit`);
    expect(failure('a.md', new Uint8Array(3 * 1024 * 1024)).reason).toBe('file is 3 MiB, over the 2 MiB size limit');
  });

  it('an unsupported extension or none at all is rejected with the supported list', () => {
    expect(failure('report.pdf', GOOD).reason).toBe('unsupported file type ".pdf"; use .md, .txt, .html, .htm');
    expect(failure('notes', GOOD).reason).toBe('no file extension; use .md, .txt, .html, .htm');
  });

  it('a file name with no letters or digits cannot make an id', () => {
    expect(failure('---.md', GOOD).reason).toBe('the file name has no letters or digits to make an id from');
  });

  it('the id is the file name without extension, lowercased, with runs of other characters as one dash', () => {
    const result = parseArticle('Epoch Times: Macron & Putin (Élysée).MD', bytes(GOOD), { today: TODAY });
    expect(isIngestError(result) ? result.reason : result.id).toBe('epoch-times-macron-putin-elysee');
  });
});

describe('loadCorpus', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dossier-corpus-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads good files in file-name order and reports each bad file without stopping the others', async () => {
    await writeFile(path.join(dir, 'b-bridge.md'), GOOD);
    await writeFile(path.join(dir, 'a-binary.txt'), new Uint8Array([1, 0, 2]));
    await writeFile(path.join(dir, 'c-broken.md'), '---\ntitle: [\n---\nText.\n');
    await writeFile(path.join(dir, 'A-upper.txt'), 'Upper case names sort first in code-unit order.');
    const corpus = await loadCorpus(dir, { today: TODAY });
    expect(corpus.articles.map((a) => a.file)).toEqual(['A-upper.txt', 'b-bridge.md']);
    expect(corpus.errors.map((e) => e.file)).toEqual(['a-binary.txt', 'c-broken.md']);
    expect(corpus.errors[1]!.reason).toMatch(/^front matter is not valid YAML: /);
  });

  it('skips README, hidden and underscore files silently, and reports other extensions', async () => {
    await writeFile(path.join(dir, 'README.md'), '# About this folder');
    await writeFile(path.join(dir, '.DS_Store'), new Uint8Array([0, 1]));
    await writeFile(path.join(dir, '_draft.md'), GOOD);
    await writeFile(path.join(dir, 'scan.pdf'), '%PDF');
    await writeFile(path.join(dir, 'bridge.md'), GOOD);
    const corpus = await loadCorpus(dir, { today: TODAY });
    expect(corpus.articles.map((a) => a.id)).toEqual(['bridge']);
    expect(corpus.errors).toEqual([{ file: 'scan.pdf', reason: 'unsupported file type ".pdf"; use .md, .txt, .html, .htm' }]);
  });

  it('two files with the same id: the first (in file-name order) wins, the second is an error', async () => {
    await writeFile(path.join(dir, 'Bridge.md'), GOOD);
    await writeFile(path.join(dir, 'bridge.txt'), GOOD);
    const corpus = await loadCorpus(dir, { today: TODAY });
    expect(corpus.articles.map((a) => a.file)).toEqual(['Bridge.md']);
    expect(corpus.errors).toEqual([
      { file: 'bridge.txt', reason: 'duplicate id "bridge": Bridge.md already has it; rename one of the files' },
    ]);
  });

  it('reads subfolders; their ids include the folder', async () => {
    await mkdir(path.join(dir, '2023'));
    await writeFile(path.join(dir, '2023', 'bridge.md'), GOOD);
    const corpus = await loadCorpus(dir, { today: TODAY });
    expect(corpus.articles.map((a) => [a.file, a.id])).toEqual([['2023/bridge.md', '2023-bridge']]);
  });

  it('a symlink to a file inside the folder is followed; one pointing outside is rejected', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'dossier-outside-'));
    try {
      await writeFile(path.join(outside, 'secret.md'), GOOD);
      await writeFile(path.join(dir, 'bridge.md'), GOOD);
      await symlink(path.join(dir, 'bridge.md'), path.join(dir, 'link-inside.md'));
      await symlink(path.join(outside, 'secret.md'), path.join(dir, 'link-outside.md'));
      await symlink(path.join(dir, 'missing.md'), path.join(dir, 'link-broken.md'));
      const corpus = await loadCorpus(dir, { today: TODAY });
      expect(corpus.articles.map((a) => a.file)).toEqual(['bridge.md', 'link-inside.md']);
      expect(corpus.errors).toEqual([
        { file: 'link-broken.md', reason: 'broken symlink (its target does not exist)' },
        { file: 'link-outside.md', reason: 'symlink points outside the corpus folder; copy the file in instead' },
      ]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('a file over the size limit is rejected before it is read', async () => {
    await writeFile(path.join(dir, 'big.txt'), 'x'.repeat(5000));
    const corpus = await loadCorpus(dir, { today: TODAY, maxBytes: 4096 });
    expect(corpus.errors).toEqual([{ file: 'big.txt', reason: 'file is 4.9 KiB, over the 4 KiB size limit' }]);
  });

  it('a missing folder is one clear error naming the folder', async () => {
    const missing = path.join(dir, 'nope');
    expect(await loadCorpus(missing)).toEqual({
      articles: [],
      errors: [{ file: missing, reason: 'corpus folder not found' }],
    });
  });

  it('a file given as the folder is reported as not a folder', async () => {
    const file = path.join(dir, 'bridge.md');
    await writeFile(file, GOOD);
    expect((await loadCorpus(file)).errors).toEqual([{ file, reason: 'not a folder' }]);
  });
});
