/**
 * Issue #19's property at the bench's size: after a sequence of random adds, replaces and removes
 * on a serving store, the index answers exactly as a full rebuild of the resulting folder does.
 *
 * On a copy of the bench corpus in a temporary folder (the cached corpus is never touched): a store
 * is opened there (its saved index in the same temporary folder), `changes` seeded random changes
 * are made through it — remove a random article, add back one removed earlier, replace one with an
 * edited text — and its index is compared with `buildIndex(await loadCorpus(dir))`: version,
 * entities, times and quotes deep-equal, and the answers to a few hundred bench queries (derived from
 * the rebuilt index) equal as JSON. The temporary folder is deleted afterwards.
 */
import { isDeepStrictEqual } from 'node:util';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadCorpus } from '../src/corpus/index.js';
import { buildIndex } from '../src/index/build/build.js';
import type { DossierIndex } from '../src/index/model.js';
import type { Logger } from '../src/log.js';
import { UserError } from '../src/errors.js';
import { warmAnswerTables } from '../src/serve/warm.js';
import { answerOurs } from './answer.js';
import { buildQuerySet, LATENCY_KINDS, rng } from './queries.js';
import { openStore } from './store-api.js';

export interface PropertyResult {
  /** Changes made, by kind, and attempts the store refused (a UserError: e.g. a duplicate text). */
  changes: number;
  adds: number;
  replaces: number;
  removes: number;
  refused: number;
  /** Queries compared, and what differed (0 is the goal). */
  queries: number;
  mismatches: number;
  /** The first few differences: a table's name, or a query's kind and text. */
  examples: string[];
  /** Articles and paragraphs in the folder at the end. */
  articles: number;
  paragraphs: number;
  /** The changes (store open excluded), the rebuild and comparison, and the whole check. */
  changesMs: number;
  compareMs: number;
  totalMs: number;
}

/** Queries per kind compared (7 kinds). */
const PER_KIND = 40;

export async function propertyCheck(
  corpusDir: string,
  log: Logger,
  opts: { changes: number; seed: number; onProgress?: (done: number, total: number) => void },
): Promise<PropertyResult> {
  const started = performance.now();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'dossier-bench-property-'));
  const dir = path.join(tmp, 'corpus');
  try {
    await cp(corpusDir, dir, {
      recursive: true,
      filter: (src) => src === corpusDir || !path.basename(src).startsWith('.'),
    });
    const store = await openStore(dir, log, {
      indexFile: path.join(tmp, 'property.dossier-index'),
      warmAnswerPaths: false,
    });
    let made: Awaited<ReturnType<typeof randomChanges>>;
    let served: DossierIndex;
    try {
      made = await randomChanges(store, dir, opts);
      served = store.current();
    } finally {
      await store.close();
    }
    const c0 = performance.now();
    const rebuilt = buildIndex(await loadCorpus(dir));
    await warmAnswerTables(rebuilt, { exercise: false }); // as a store does before an index serves
    const { queries, mismatches, examples } = compare(served, rebuilt, opts.seed);
    return {
      ...made,
      queries,
      mismatches,
      examples,
      articles: rebuilt.articles.length,
      paragraphs: rebuilt.paragraphs.length,
      compareMs: Math.round(performance.now() - c0),
      totalMs: Math.round(performance.now() - started),
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

type Store = Awaited<ReturnType<typeof openStore>>;

async function randomChanges(
  store: Store,
  dir: string,
  opts: { changes: number; seed: number; onProgress?: (done: number, total: number) => void },
) {
  const rand = rng(opts.seed * 7919 + 19);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  /** Files removed so far (their bytes, to add back). */
  const removed = new Map<string, Uint8Array>();
  const counts = { adds: 0, replaces: 0, removes: 0, refused: 0 };
  const t0 = performance.now();
  let done = 0;
  for (let attempt = 0; done < opts.changes && attempt < opts.changes * 3; attempt++) {
    const present = (await readdir(dir)).filter((f) => f.endsWith('.md')).sort();
    const r = rand();
    try {
      if (r < 0.3 && removed.size > 0) {
        const file = pick([...removed.keys()].sort());
        await store.addArticle(file, removed.get(file)!);
        removed.delete(file);
        counts.adds++;
      } else if (r < 0.65 && present.length > 1) {
        const file = pick(present);
        const bytes = await readFile(path.join(dir, file));
        await store.removeArticle(file);
        removed.set(file, bytes);
        counts.removes++;
      } else {
        const file = pick(present);
        const edited = edit(await readFile(path.join(dir, file), 'utf8'), rand);
        await store.addArticle(file, new TextEncoder().encode(edited), { replace: true });
        counts.replaces++;
      }
      done++;
      if (done % 5 === 0) opts.onProgress?.(done, opts.changes);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      counts.refused++;
    }
  }
  return { changes: done, ...counts, changesMs: Math.round(performance.now() - t0) };
}

const PARAGRAPH_BREAK = /\n\s*\n/;
const FRONT_MATTER_END = /^---\n[\s\S]*?\n---\n/;

/** An edited text: one body paragraph dropped, changed or repeated with a new sentence, or two swapped. */
function edit(text: string, rand: () => number): string {
  const front = FRONT_MATTER_END.exec(text)?.[0] ?? '';
  const body = text
    .slice(front.length)
    .split(PARAGRAPH_BREAK)
    .filter((p) => p.trim());
  const i = Math.floor(rand() * body.length);
  const j = Math.floor(rand() * body.length);
  const what = rand();
  if (what < 0.25 && body.length > 2) body.splice(i, 1);
  else if (what < 0.5 && i !== j) [body[i], body[j]] = [body[j]!, body[i]!];
  else if (what < 0.75)
    body.splice(
      i,
      0,
      `Minister Ada Quennell said in Harrowgate on 3 May 1994 that edit ${Math.floor(rand() * 1e6)} stands.`,
    );
  else body[i] = `${body[i]} “We will not stop here,” said Ada Quennell.`;
  return `${front}${body.join('\n\n')}\n`;
}

function compare(
  served: DossierIndex,
  rebuilt: DossierIndex,
  seed: number,
): { queries: number; mismatches: number; examples: string[] } {
  const examples: string[] = [];
  let mismatches = 0;
  const differ = (what: string) => {
    mismatches++;
    if (examples.length < 5) examples.push(what);
  };
  if (served.version !== rebuilt.version) differ(`version ${served.version} vs ${rebuilt.version}`);
  for (const table of ['entities', 'times', 'quotes'] as const) {
    if (!isDeepStrictEqual(served[table], rebuilt[table])) {
      differ(tableDifference(table, served[table], rebuilt[table]));
    }
  }
  if (served.paragraphs.length !== rebuilt.paragraphs.length) {
    differ(`paragraphs ${served.paragraphs.length} vs ${rebuilt.paragraphs.length}`);
  }
  const set = buildQuerySet(rebuilt, { seed, perKind: PER_KIND, typos: 0 });
  let queries = 0;
  for (const kind of LATENCY_KINDS) {
    for (const q of set.queries[kind]) {
      queries++;
      if (JSON.stringify(answerOurs(served, q)) !== JSON.stringify(answerOurs(rebuilt, q))) {
        differ(`${kind} “${q.text.slice(0, 60)}”`);
      }
    }
  }
  return { queries, mismatches, examples };
}

/**
 * "quotes: 369 vs 363 entries, 40 only in the served index (first: {…}), 34 only in the rebuilt one
 * (first: {…})" — or, when both hold the same entries, the first place their order differs.
 */
function tableDifference(name: string, a: readonly unknown[], b: readonly unknown[]): string {
  const show = (x: unknown) => (x === undefined ? 'nothing' : JSON.stringify(x).slice(0, 160));
  const count = new Map<string, number>();
  for (const x of b) count.set(JSON.stringify(x), (count.get(JSON.stringify(x)) ?? 0) + 1);
  const onlyA: string[] = [];
  for (const x of a) {
    const key = JSON.stringify(x);
    const n = count.get(key) ?? 0;
    if (n > 0) count.set(key, n - 1);
    else onlyA.push(key);
  }
  const onlyB = [...count].flatMap(([key, n]) => Array<string>(n).fill(key));
  const head = `${name}: ${a.length} vs ${b.length} entries`;
  if (onlyA.length || onlyB.length) {
    return `${head}, ${onlyA.length} only in the served index (first: ${onlyA[0]?.slice(0, 160) ?? '—'}), ${onlyB.length} only in the rebuilt one (first: ${onlyB[0]?.slice(0, 160) ?? '—'})`;
  }
  let i = 0;
  while (i < a.length && isDeepStrictEqual(a[i], b[i])) i++;
  return `${head}, the same entries in another order (first difference at ${i}: ${show(a[i])} vs ${show(b[i])})`;
}
