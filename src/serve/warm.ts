/**
 * Makes an index ready to answer before it serves: builds every per-index table the answerers would
 * otherwise build on the first question that needs them (at 100k paragraphs that first question
 * would wait seconds). Async, in slices of at most `sliceMs` of work, so a process that is serving
 * another index meanwhile keeps answering.
 *
 * The tables are every one declared (`declaredTables`, src/index/derived.ts) by the modules this
 * process loaded: exercise.ts loads every answerer, and with them the index's own tables. They are
 * built in the order declared, which puts a table after those it reads: a module is evaluated after
 * the modules it imports, and a file declares a table after the ones above it.
 */
import { declaredTables, type Build, type Table } from '../index/derived.js';
import type { DossierIndex } from '../index/model.js';
import { exerciseAnswerPaths } from './exercise.js';

export interface WarmOptions {
  /** Longest stretch of work between two yields to the event loop (default 20 ms). */
  sliceMs?: number;
  /**
   * Then run every answer path a few times (exercise.ts), once per process, so the first members to
   * ask do not wait for V8 to compile it (default false; the store sets it for a serving process).
   */
  exercise?: boolean;
  /** Stop as soon as this says no (the index no longer serves: a newer one took its place). */
  until?: () => boolean;
  /** Only the tables that pass (default: all). */
  tables?: (table: Table<unknown>) => boolean;
}

/** The builders, in the order they depend on each other, with a yield after each. */
function* everything(
  index: DossierIndex,
  exercise = false,
  only: (table: Table<unknown>) => boolean = () => true,
): Build<void> {
  const steps: (() => Build<void>)[] = [
    ...declaredTables()
      .filter(only)
      .map((table) => () => table.warm(index)),
    ...(exercise ? [() => exerciseAnswerPaths(index)] : []),
  ];
  for (const step of steps) {
    yield* step();
    yield;
  }
}

export async function warmAnswerTables(index: DossierIndex, opts: WarmOptions = {}): Promise<void> {
  await runInSlices(everything(index, opts.exercise, opts.tables), opts);
}

/**
 * Runs `build` to its end in slices of at most `sliceMs` (default 20), yielding to the event loop
 * between, and gives its value; undefined if `until` said to stop first.
 */
export async function runInSlices<T>(
  build: Build<T>,
  opts: { sliceMs?: number; until?: () => boolean } = {},
): Promise<T | undefined> {
  const sliceMs = opts.sliceMs ?? 20;
  let since = performance.now();
  for (let step = build.next(); ; step = build.next()) {
    if (step.done) return step.value;
    if (performance.now() - since >= sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      if (opts.until && !opts.until()) return undefined;
      since = performance.now();
    }
  }
}

/** The same, all at once (a small corpus, or nothing to keep answering meanwhile). */
export function warmAnswerTablesNow(index: DossierIndex): void {
  const build = everything(index);
  while (!build.next().done);
}
