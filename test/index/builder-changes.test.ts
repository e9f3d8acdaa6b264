/**
 * The Builder's changes (build/incremental.ts) against a build with no memory: after each of many
 * random adds, replaces and removes, the index the Builder's deltas lead to has exactly the
 * entities, quotes and version of `buildIndex` over the folder. The Builder clusters again with what
 * it kept of the last clustering (ClusterMemo: entities, split names, fuzzy answers), so the changes
 * here bring names near other names (one edit apart), names that come and go, and lone surnames.
 */
import { cp, mkdtemp, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestToday, loadCorpus } from '../../src/corpus/index.js';
import { buildIndex } from '../../src/index/build/build.js';
import { Builder } from '../../src/index/build/incremental.js';
import { parseUpload, ReadMemo } from '../../src/index/build/work.js';
import { applyDelta } from '../../src/index/delta.js';
import type { DossierIndex } from '../../src/index/model.js';
import { rng } from '../../bench/queries.js';

const PEOPLE = [
  'Sergei Lavrov',
  'Antony Blinken',
  'Dmitry Peskov',
  'Edda Lindqvist',
  'Olaf Scholz',
  'Ana Kovacs',
];
const PLACES = ['Donetsk', 'Luhansk', 'Brindlemoor', 'Kharkiv', 'Zaporizhzhia'];
const ORGS = ['North Atlantic Treaty Organization', 'NATO', 'Harbour Authority', 'Kremlin'];

/** `s` with one letter changed, dropped or doubled now and then: near misses of known names. */
function misspelt(s: string, rnd: () => number): string {
  if (rnd() < 0.6) return s;
  const i = 1 + Math.floor(rnd() * (s.length - 1));
  const r = rnd();
  if (r < 0.33) return s.slice(0, i) + s.slice(i + 1);
  if (r < 0.66) return s.slice(0, i) + s[i - 1] + s.slice(i);
  return s.slice(0, i) + 'aeiou'[Math.floor(rnd() * 5)] + s.slice(i + 1);
}

/** A made-up article naming a few people, places and organisations, with quotes. */
function article(n: number, rnd: () => number): Uint8Array {
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)]!;
  const paragraphs = Array.from({ length: 2 + Math.floor(rnd() * 4) }, () => {
    const person = misspelt(pick(PEOPLE), rnd);
    const surname = person.split(' ').pop()!;
    const place = misspelt(pick(PLACES), rnd);
    const org = pick(ORGS);
    const forms = [
      `Minister ${person} said in ${place} on Monday that the ${org} would meet again.`,
      `“We will not wait,” ${surname} said, adding that ${place} had been quiet.`,
      `Mayor ${surname} told reporters in ${place}: “The ${org} has not called us.”`,
      `${person} and ${misspelt(pick(PEOPLE), rnd)} met at the ${org} offices in ${place}.`,
    ];
    return forms.filter(() => rnd() < 0.6).join(' ') || forms[0]!;
  });
  const text = `---\ntitle: Talks resume, part ${n}\noutlet: Test Gazette\npublished: 2026-11-${10 + (n % 18)}\n---\n${paragraphs.join('\n\n')}\n`;
  return new TextEncoder().encode(text);
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'dossier-builder-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Builds `dir` with `builder` as the build worker does, applying a delta to `index` when given one. */
async function buildWith(
  builder: Builder,
  dir: string,
  index: DossierIndex | undefined,
): Promise<DossierIndex> {
  const today = latestToday();
  const memo = new ReadMemo(builder.work(), today);
  const corpus = await loadCorpus(dir, { today, memo });
  const outcome = builder.build(corpus, memo, index?.version);
  if (outcome.kind === 'full') return outcome.index;
  return applyDelta(index!, outcome.delta);
}

describe('Builder changes equal a build with no memory', () => {
  it('entities, quotes and version after each of 60 random changes', async () => {
    const rnd = rng(1919);
    const dir = path.join(work, 'corpus');
    await cp('test/fixtures/seed-corpus', dir, { recursive: true });
    for (let n = 0; n < 6; n++) await writeFile(path.join(dir, `made-${n}.md`), article(n, rnd));
    const builder = new Builder();
    let index = await buildWith(builder, dir, undefined);
    const kinds = { delta: 0, removed: 0 };
    for (let step = 1; step <= 60; step++) {
      const files = (await readdir(dir)).filter((f) => f.endsWith('.md')).sort();
      const r = rnd();
      if (r < 0.5 || files.length < 4) {
        await writeFile(path.join(dir, `made-${100 + step}.md`), article(100 + step, rnd));
      } else if (r < 0.75) {
        const file = files[Math.floor(rnd() * files.length)]!;
        const text = await readFile(path.join(dir, file), 'utf8');
        await writeFile(
          path.join(dir, file),
          `${text}\n\n${new TextDecoder().decode(article(step, rnd)).split('---\n')[2]}`,
        );
      } else {
        await unlink(path.join(dir, files[Math.floor(rnd() * files.length)]!));
        kinds.removed++;
      }
      const before = index.version;
      index = await buildWith(builder, dir, index);
      if (index.version !== before) kinds.delta++;
      const full = buildIndex(await loadCorpus(dir, { today: latestToday() }));
      expect(index.version).toBe(full.version);
      expect(index.entities).toEqual(full.entities);
      expect(index.quotes).toEqual(full.quotes);
    }
    // The sequence really changed the corpus, removals included.
    expect(kinds.delta).toBeGreaterThan(50);
    expect(kinds.removed).toBeGreaterThan(8);
  }, 300_000);
});

describe('quotes after a change', () => {
  it('are worked out again only where the entities read differently', async () => {
    const dir = path.join(work, 'order');
    await cp('test/fixtures/seed-corpus', dir, { recursive: true });
    // Scholz is named more than Kovacs; both speak in the same article.
    const page = (title: string, body: string[]) =>
      `---\ntitle: ${title}\noutlet: Test Gazette\npublished: 2026-11-20\n---\n${body.join('\n\n')}\n`;
    await writeFile(
      path.join(dir, 'both.md'),
      page('Budget talks', [
        '“We will not wait,” Minister Olaf Scholz said on Monday.',
        'Olaf Scholz met Minister Ana Kovacs, who said: “The budget is late.”',
        'Scholz added that the talks would go on.',
      ]),
    );
    const builder = new Builder();
    const index = await buildWith(builder, dir, undefined);
    const scholz = index.entities.findIndex((e) => e.name === 'Olaf Scholz');
    const kovacs = index.entities.findIndex((e) => e.name === 'Ana Kovacs');
    expect(scholz).toBeGreaterThanOrEqual(0);
    expect(kovacs).toBeGreaterThan(scholz);

    // An article naming Kovacs often moves her ahead of Scholz in the entity list.
    const often = Array.from({ length: 6 }, (_, i) => `Minister Ana Kovacs said plan ${i + 1} was ready.`);
    await writeFile(path.join(dir, 'kovacs.md'), page('Kovacs plans', often));
    const today = latestToday();
    const memo = new ReadMemo(builder.work(), today);
    const outcome = builder.build(await loadCorpus(dir, { today, memo }), memo, index.version);
    if (outcome.kind !== 'delta') throw new Error('expected a change');
    const next = applyDelta(index, outcome.delta);
    expect(next.entities.findIndex((e) => e.name === 'Ana Kovacs')).toBeLessThan(
      next.entities.findIndex((e) => e.name === 'Olaf Scholz'),
    );
    // Only the new article is read for quotes: in the other, the two are never named alike, so
    // their order does not decide any speaker there.
    const added = next.articles.find((a) => a.file === 'kovacs.md')!;
    expect(outcome.delta.quotes.articles).toEqual([added.id]);
    const full = buildIndex(await loadCorpus(dir, { today }));
    expect(next.entities).toEqual(full.entities);
    expect(next.quotes).toEqual(full.quotes);
    expect(next.quotes.some((q) => q.articleId === next.articles.find((a) => a.file === 'both.md')!.id)).toBe(
      true,
    );
  }, 60_000);
});

describe('an upload parsed for its checks', () => {
  it('is the article the build that follows reads from the same bytes, once', () => {
    const today = latestToday();
    const info = { size: 10, mtimeMs: 1, ino: 1 };
    const bytes = new TextEncoder().encode('# Ferry to run twice daily\n\nThe ferry will run twice daily.\n');
    const checked = parseUpload('ferry.md', bytes, { today });
    const memo = new ReadMemo(new Map(), today);
    expect(memo.parse('ferry.md', bytes, { today }, info)).toBe(checked);
    // Taken once: a second read parses again (the same article, not the same object).
    const again = new ReadMemo(new Map(), today).parse('ferry.md', bytes, { today }, info);
    expect(again).not.toBe(checked);
    expect(again).toEqual(checked);
    // Other bytes, another file name or another address: parsed anew.
    parseUpload('ferry.md', bytes, { today });
    const other = new TextEncoder().encode('# Ferry to run once daily\n\nThe ferry will run once daily.\n');
    expect(new ReadMemo(new Map(), today).parse('ferry.md', other, { today }, info)).not.toBe(checked);
    expect(new ReadMemo(new Map(), today).parse('boat.md', bytes, { today }, info)).not.toBe(checked);
    const withUrl = new ReadMemo(new Map(), today).parse(
      'ferry.md',
      bytes,
      { today, url: 'https://a.example/x' },
      info,
    );
    expect(withUrl).not.toBe(checked);
  });
});
