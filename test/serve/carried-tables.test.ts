/**
 * Tables carried over a change (src/index/derived.ts, `carry`): after each of a sequence of random
 * adds, replaces and removes through the store, every table the served index carried from the one
 * before equals the table a full build of the resulting folder builds: the same entries in the same
 * order (a Map's and a Set's too); one read from the search, the table built from the served
 * index's own search.
 */
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/index.js';
import { UserError } from '../../src/errors.js';
import { buildIndex } from '../../src/index/build/build.js';
import { declaredTables, DerivedTables } from '../../src/index/derived.js';
import type { DossierIndex } from '../../src/index/model.js';
import { createLogger } from '../../src/log.js';
import { openIndexStore } from '../../src/serve/store.js';
import { warmAnswerTablesNow } from '../../src/serve/warm.js';
import { rng } from '../../bench/queries.js';
import { termBridgeOf, termTableIfBuilt } from '../../src/answer/tables.js';
import { folded, reference } from '../answer/fold-reference.js';
import { MAX_CHOICES, suggestNames } from '../../src/answer/suggest.js';
import { suggestEntities } from '../oracles/entity-scan.js';

const POOL_DIRS = ['test/fixtures/seed-corpus', 'test/fixtures/answer-corpus', 'test/fixtures/articles'];

/** A value with its order made visible to `toEqual`: Maps and Sets as lists of their entries. */
function ordered(v: unknown): unknown {
  if (v instanceof Map) return { map: [...v].map(([k, x]) => [ordered(k), ordered(x)]) };
  if (v instanceof Set) return { set: [...v].map(ordered) };
  if (ArrayBuffer.isView(v)) return { [v.constructor.name]: Array.from(v as unknown as ArrayLike<number>) };
  if (Array.isArray(v)) return v.map(ordered);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ordered(x)]));
  return v;
}

/** The file with one dated paragraph more. */
function withMore(bytes: Uint8Array, step: number): Uint8Array {
  const text = new TextDecoder().decode(bytes);
  return new TextEncoder().encode(
    `${text}\n\nOfficials said on Tuesday that talks would resume in ${2020 + step}.\n`,
  );
}

const carried = () => declaredTables().filter((t) => t.carries);

async function expectCarriedAsBuilt(served: DossierIndex, dir: string): Promise<void> {
  const full = buildIndex(await loadCorpus(dir));
  expect(served.version).toBe(full.version);
  for (const table of carried()) {
    // Built by the store before the swap: carried from the index before, which had them all. A
    // `later` one is carried once the index serves (in slices): here, at once.
    const value = table.later ? table.get(served) : table.peek(served);
    expect(value, table.name).toBeDefined();
    // A table read from the search holds its short ids, which follow the changes it went through:
    // it must equal the one built from that same search (the served index with nothing derived).
    const built = table.readsSearch
      ? table.get({ ...served, derived: new DerivedTables() })
      : table.get(full);
    expect(ordered(value), table.name).toEqual(ordered(built));
  }
}

/**
 * Right after a change its index's own term table is not built yet: the previous index's stands in
 * (tables.ts, `prepareTermBridge`). Folding the whole corpus must then give what the plain
 * definition does. 1 when the stand-in was there, else 0.
 */
function expectFoldedWhileBridged(served: DossierIndex): number {
  if (!termBridgeOf(served) || termTableIfBuilt(served)) return 0;
  const all = served.paragraphs.map((_, pos) => ({ pos, score: 1 / (pos + 1), matched: [] }));
  expect(folded(served, all, all.length)).toEqual(reference(served, all, all.length));
  return 1;
}

/**
 * Right after a change its `later` tables (the completion table) are not carried yet: autocomplete
 * answers from the previous index's, and must give what the plain scan of the served index's
 * entities gives, without carrying the table on the spot. 1 when that stand-in was used, else 0.
 */
function expectCompletedWhileDeferred(served: DossierIndex): number {
  const later = declaredTables().filter((t) => t.later);
  expect(later.length).toBeGreaterThan(0);
  if (later.some((t) => t.peek(served) || !t.standIn(served))) return 0;
  const names = (list: { name: string }[]) => list.map((e) => e.name.slice(0, 100));
  for (const kind of [undefined, 'person', 'place'] as const) {
    for (const typed of ['', 'a', 'ha', 'mar', 'john', 'jhon', 'ministr', 'city', 'x y']) {
      for (const typos of [true, false]) {
        const want = names(suggestEntities(served.entities, typed, kind, MAX_CHOICES, typos));
        if (typed) expect(suggestNames(served, typed, kind, typos), `${kind} ${typed}`).toEqual(want);
      }
    }
    // Empty input: the most named, as the table lists them (ties by name).
    const built = { ...served, derived: new DerivedTables() };
    expect(suggestNames(served, '', kind)).toEqual(suggestNames(built, '', kind));
  }
  for (const t of later) expect(t.peek(served), t.name).toBeUndefined();
  return 1;
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'dossier-carry-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('tables carried over a change equal a full build’s', () => {
  it('after each of 40 random adds, replaces and removes', async () => {
    expect(carried().length).toBeGreaterThan(0);
    const files: { name: string; bytes: Uint8Array }[] = [];
    for (const d of POOL_DIRS) {
      for (const name of (await readdir(d)).sort()) {
        if (!name.startsWith('broken'))
          files.push({ name, bytes: new Uint8Array(await readFile(path.join(d, name))) });
      }
    }
    const rnd = rng(23);
    const dir = path.join(work, 'corpus');
    await cp('test/fixtures/seed-corpus', dir, { recursive: true });
    const store = await openIndexStore(dir, createLogger({ level: 'silent' }), {
      indexFile: path.join(work, 'index.dossier-index'),
      worker: false,
      warmAnswerPaths: false,
    });
    let bridged = 0;
    let deferred = 0;
    try {
      for (let step = 0; step < 40; step++) {
        warmAnswerTablesNow(store.current());
        const present = store.current().articles;
        const r = rnd();
        try {
          if (r < 0.5 || present.length < 3) {
            const f = files[Math.floor(rnd() * files.length)]!;
            // A copy under another name with one more paragraph: the same paragraphs twice (copies).
            if (rnd() < 0.4) await store.addArticle(`copy-${step}-${f.name}`, withMore(f.bytes, step));
            else await store.addArticle(f.name, f.bytes);
          } else if (r < 0.7) {
            const a = present[Math.floor(rnd() * present.length)]!;
            const bytes = new Uint8Array(await readFile(path.join(dir, a.file)));
            await store.addArticle(a.file, withMore(bytes, step), { replace: true });
          } else {
            await store.removeArticle(present[Math.floor(rnd() * present.length)]!.file);
          }
        } catch (err) {
          if (!(err instanceof UserError)) throw err;
        }
        // Before anything is awaited: the store builds the table in slices once the change is made.
        bridged += expectFoldedWhileBridged(store.current());
        deferred += expectCompletedWhileDeferred(store.current());
        await expectCarriedAsBuilt(store.current(), dir);
      }
      // The changes did run while the previous index's term table stood in (else this could not fail).
      expect(bridged).toBeGreaterThan(10);
      // And while the completion table was not carried yet.
      expect(deferred).toBeGreaterThan(10);
    } finally {
      await store.close();
    }
  }, 300_000);
});
