/**
 * Composing index changes (src/index/delta-compose.ts): applying the composition of a seeded run of
 * changes gives the index that applying them one by one gives — same articles, paragraphs, tables,
 * errors, version and build time, and the same search answers.
 */
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/index.js';
import type { Article } from '../../src/corpus/types.js';
import { buildIndex } from '../../src/index/build/build.js';
import { composeDeltas } from '../../src/index/delta-compose.js';
import { applyDelta, type IndexDelta } from '../../src/index/delta.js';
import type { DossierIndex } from '../../src/index/model.js';
import { searchParagraphs } from '../../src/index/search/search.js';
import type { Entity, Quote, TimeMention } from '../../src/index/tables/types.js';
import { article } from './fixtures.js';
import { rng } from '../../bench/queries.js';

const TABLES = ['version', 'articles', 'paragraphs', 'entities', 'times', 'quotes', 'errors'] as const;
const QUESTIONS = ['Putin', 'summit talks', 'Kremlin Ukraine', 'Bidn', 'zephyr', 'zzqx'];

/**
 * A run of `count` random changes from `start`: entities changed, added and dropped, quotes and
 * errors replaced, and (with `articles`) articles added, replaced and removed with their times and
 * quotes.
 */
function randomRun(start: DossierIndex, count: number, seed: number, articles: boolean): IndexDelta[] {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  let ids = start.articles.map((a) => a.id);
  // A few ids, so that one change often changes or drops what another changed or dropped.
  const entityIds = [...start.entities.slice(0, 3).map((e) => e.id), 'person:new-0', 'person:new-1'];
  const out: IndexDelta[] = [];
  let version = start.version;
  for (let n = 0; n < count; n++) {
    const removed: string[] = [];
    const added: Article[] = [];
    if (articles) {
      const what = rand();
      if (what < 0.4 || ids.length < 3) {
        const id = `zz-${seed}-${n}`;
        added.push(made(id, n));
      } else if (what < 0.7) {
        const id = pick(ids);
        removed.push(id);
        added.push(made(id, n));
      } else {
        removed.push(pick(ids));
      }
      ids = [...ids.filter((id) => !removed.includes(id)), ...added.map((a) => a.id)];
    }
    const entity: Entity = { ...pick(start.entities), id: pick(entityIds), name: `Name ${n}` };
    const requoted = [pick(ids), ...added.map((a) => a.id)];
    const quotes: Quote[] = requoted.map((id, i) => ({
      entityId: entity.id,
      articleId: id,
      paragraph: 1,
      text: `said ${n}.${i}`,
    }));
    const times: TimeMention[] = added.map((a) => ({
      articleId: a.id,
      paragraph: 1,
      sentence: 0,
      text: `day ${n}`,
    }));
    out.push({
      from: version,
      to: (version = `v${seed}-${n}`),
      builtAt: Date.parse('2024-01-01T00:00:00Z') + n * 60_000,
      buildMs: n,
      removed,
      added,
      entities: { changed: [entity], removed: rand() < 0.5 ? [pick(entityIds)] : [] },
      times,
      quotes: { articles: [...new Set(requoted)], quotes },
      errors: rand() < 0.5 ? [] : [{ file: `bad-${n}.md`, reason: 'unreadable' }],
    });
  }
  return out;
}

function made(id: string, n: number): Article {
  return article(
    id,
    `Putin and Biden spoke again, time ${n}.\nThe summit talks on Ukraine went on; zephyr ${n % 4}.`,
    '2022-03-01',
    `Talks ${n}`,
  );
}

async function seedIndex(): Promise<DossierIndex> {
  return buildIndex(await loadCorpus('test/fixtures/seed-corpus'));
}

function expectSame(a: DossierIndex, b: DossierIndex, articles: boolean): void {
  for (const key of TABLES) expect(a[key], key).toEqual(b[key]);
  expect(a.builtAt.getTime()).toBe(b.builtAt.getTime());
  if (articles) for (const q of QUESTIONS) expect(searchParagraphs(a, q), q).toEqual(searchParagraphs(b, q));
}

describe('composed index changes', () => {
  it('of the tables only give the index the changes give one by one', async () => {
    for (const seed of [1, 2, 3]) {
      const deltas = randomRun(await seedIndex(), 12, seed, false);
      let oneByOne = await seedIndex();
      for (const d of deltas) oneByOne = applyDelta(oneByOne, d);
      expectSame(applyDelta(await seedIndex(), composeDeltas(deltas)), oneByOne, false);
      // And from the middle of the run.
      let middle = await seedIndex();
      for (const d of deltas.slice(0, 5)) middle = applyDelta(middle, d);
      expectSame(applyDelta(middle, composeDeltas(deltas.slice(5))), oneByOne, false);
    }
  });

  it('refuses changes that do not follow each other', async () => {
    const [a, b] = randomRun(await seedIndex(), 2, 4, false);
    expect(() => composeDeltas([b!, a!])).toThrow(/cannot follow/);
  });
});

describe('composed article changes', () => {
  it('give the index and the search answers the changes give one by one', async () => {
    for (const seed of [5, 6, 7]) {
      const deltas = randomRun(await seedIndex(), 15, seed, true);
      let oneByOne = await seedIndex();
      for (const d of deltas) oneByOne = applyDelta(oneByOne, d);
      expectSame(applyDelta(await seedIndex(), composeDeltas(deltas)), oneByOne, true);
      let middle = await seedIndex();
      for (const d of deltas.slice(0, 7)) middle = applyDelta(middle, d);
      expectSame(applyDelta(middle, composeDeltas(deltas.slice(7))), oneByOne, true);
    }
  });
});
