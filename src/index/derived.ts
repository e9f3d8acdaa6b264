/**
 * What an index derives from its own lists after it is made: lookup tables (the search's core and
 * vocabulary, the copies table, paragraph positions, the entity lookup, …) and working space reused
 * from one question to the next. An index owns one `DerivedTables` (`index.derived`, made with the
 * index by `buildIndex` and the saved-index decoder), so everything derived goes when the index goes,
 * and two indexes never share a table or a buffer.
 *
 * A table is declared once, at module level, with the generator that builds it:
 *
 *     const positions = defineTable('positions', function* (index) { … yield; … return map; });
 *     positions.get(index)   // built here and now (`run`) the first time, then kept
 *     positions.peek(index)  // only if built already: a question that must not wait for it
 *     positions.warm(index)  // a generator that builds it, yielding every CHUNK items or so
 *
 * A table's value depends on its index alone, never on when it is built or which other tables are
 * built by then, so building it early (warm-up), late (a question) or from a saved file (`set`) gives
 * the same answers. Every declaration is listed in `declaredTables()`, in the order declared: warm-up
 * (src/serve/warm.ts) builds them all in time slices before an index serves.
 *
 * A change to an index (src/index/delta.ts) makes the next index from the previous one, and most of
 * a table stays as it was: a declaration may say how to `carry` its value over, from the previous
 * index's value and what changed (`IndexChange`), in far less work than a build. The next index keeps
 * where it came from (`DerivedTables.carryFrom`) until its tables are built; building one of them then
 * (warm-up, or a question) carries the previous value when that one is built and the table has a
 * carry, and builds from scratch otherwise. A carried value equals the built one (the same entries in
 * the same order: test/serve/carried-tables.test.ts compares every table after random changes). A
 * table a question never reads (only autocomplete) may be declared `later`: a store carries it only
 * once the next index serves, and until then its reader answers from the previous index's value
 * (`standIn`) rather than carry it on the thread that answers.
 *
 * Working space and memos (`defineScratch`) are kept the same way but made by a plain function on
 * first use and changed by their one user; they are not in that list, since there is nothing to
 * build ahead (nor to carry).
 */
import type { IndexChange } from './delta.js';
import type { DossierIndex } from './model.js';

/** A table builder: yields now and then, returns the table. */
export type Build<T> = Generator<void, T, void>;

/** Runs a builder to the end, here and now. */
export function run<T>(build: Build<T>): T {
  for (;;) {
    const step = build.next();
    if (step.done) return step.value;
  }
}

/** Work between two yields of a builder. */
export const CHUNK = 1024;

/**
 * Runs `step` over [0, n) in pieces of `size`, yielding between them. A long loop belongs in a plain
 * function like `step`, not in the builder itself: V8 optimises a loop in a plain function while it
 * runs, but one in a generator only after many calls, and a table is built once per index.
 */
export function* inChunks(n: number, size: number, step: (from: number, to: number) => void): Build<void> {
  for (let from = 0; from < n; from += size) {
    step(from, Math.min(n, from + size));
    yield;
  }
}

/** A builder for a table made in one quick step (nothing worth yielding between). */
// eslint-disable-next-line require-yield -- one step: there is nothing to yield between
export function* inOneStep<T>(make: () => T): Build<T> {
  return make();
}

/**
 * One index's derived tables and working space, by declaration (the declarations below are the keys,
 * and the only code that reads or writes here). Made empty with the index.
 */
export class DerivedTables {
  readonly #values = new Map<object, unknown>();
  #from: IndexChange | undefined;
  #deferred = false;

  /**
   * Carry tables from the index `change` was made from (whose own link is let go: a chain of
   * indexes is never kept). Nothing to carry when that index has nothing built.
   */
  carryFrom(change: IndexChange): void {
    const previous = change.previous.derived;
    previous.forget();
    if (previous.#values.size > 0) this.#from = change;
  }

  /** The change this index came from, while its tables may still be carried. */
  source(): IndexChange | undefined {
    return this.#from;
  }

  /** Lets the previous index go (once this one's tables are built, or it no longer matters). */
  forget(): void {
    this.#from = undefined;
    this.#deferred = false;
  }

  /**
   * Says this index's `later` tables are carried only once it serves (src/serve/store.ts): until
   * then (or `forget`), their readers use the previous index's value (`Table.standIn`).
   */
  defer(): void {
    this.#deferred = true;
  }

  /** Whether `later` tables are still to be carried from the previous index (see `defer`). */
  deferred(): boolean {
    return this.#deferred && this.#from !== undefined;
  }

  has(declaration: object): boolean {
    return this.#values.has(declaration);
  }

  value(declaration: object): unknown {
    return this.#values.get(declaration);
  }

  keep(declaration: object, value: unknown): void {
    this.#values.set(declaration, value);
  }

  /** Drops a value (one built too early, see `readsSearch`). */
  drop(declaration: object): void {
    this.#values.delete(declaration);
  }
}

/** A table declared with `defineTable`: one value per index, built by its generator. */
export interface Table<T> {
  readonly name: string;
  /**
   * Built from the search index's own data. A change to an index (src/index/delta.ts) gives the
   * next index its new search last: its other tables can be built before, these only after.
   */
  readonly readsSearch: boolean;
  /** Carried over a change from the previous index's value when that one is built (see the header). */
  readonly carries: boolean;
  /**
   * Serves no question, only autocomplete, whose readers can make do with the previous index's
   * value for a moment: a store carries it over a change only once the next index serves, so that
   * work does not hold up the change (src/serve/store.ts).
   */
  readonly later: boolean;
  /** The table if it is built already (by `get`, `warm` or `set`), else undefined: never builds it. */
  peek(index: DossierIndex): T | undefined;
  /** The table, built here and now if it is not yet. */
  get(index: DossierIndex): T;
  /** Builds the table unless it is there, yielding now and then. */
  warm(index: DossierIndex): Build<void>;
  /** Keeps a table known otherwise (read from a saved file, or made again for a grown index). */
  set(index: DossierIndex, value: T): void;
  /**
   * For a `later` table of an index that is to carry it but has not yet (`DerivedTables.defer`):
   * the previous index's value and the change, which a reader uses in its place rather than build
   * it here and now. Undefined otherwise (then `get` it).
   */
  standIn(index: DossierIndex): { before: T; change: IndexChange } | undefined;
}

/**
 * Makes the next index's value of a table from the previous index's (`before`) and the change: the
 * same value `make` gives for `next`, in less work.
 */
export type Carry<T> = (before: T, change: IndexChange, next: DossierIndex) => Build<T>;

const declared: Table<unknown>[] = [];

/** Declares a table of every index, built by `make` on first use (or ahead of it, by `warm`). */
export function defineTable<T>(
  name: string,
  make: (index: DossierIndex) => Build<T>,
  opts: { readsSearch?: boolean; carry?: Carry<T>; later?: boolean } = {},
): Table<T> {
  const { carry } = opts;
  // Carried from the index this one came from when that one has it, else built.
  const build = (index: DossierIndex): Build<T> => {
    const change = carry && index.derived.source();
    const before = change?.previous.derived;
    return change && before?.has(table) ? carry(before.value(table) as T, change, index) : make(index);
  };
  const table: Table<T> = {
    name,
    readsSearch: opts.readsSearch === true,
    carries: carry !== undefined,
    later: opts.later === true && carry !== undefined,
    peek: (index) => index.derived.value(table) as T | undefined,
    get(index) {
      const derived = index.derived;
      if (derived.has(table)) return derived.value(table) as T;
      const value = run(build(index));
      derived.keep(table, value);
      return value;
    },
    *warm(index) {
      if (index.derived.has(table)) return;
      const value = yield* build(index);
      // Something that ran between two slices may have needed it and built it: keep that one.
      if (!index.derived.has(table)) index.derived.keep(table, value);
    },
    set: (index, value) => index.derived.keep(table, value),
    standIn(index) {
      const derived = index.derived;
      const change = derived.deferred() ? derived.source() : undefined;
      if (!table.later || !change || derived.has(table) || !change.previous.derived.has(table)) return;
      return { before: change.previous.derived.value(table) as T, change };
    },
  };
  declared.push(table as Table<unknown>);
  return table;
}

/** Every table declared so far, in the order declared (what warm-up builds). */
export function declaredTables(): readonly Table<unknown>[] {
  return declared;
}

/** Per-index working space or memo: made by `make` on first use, then changed by its user. */
export interface Scratch<T> {
  readonly name: string;
  get(index: DossierIndex): T;
}

/** Declares a working space (or memo) of every index; see the header for how it differs from a table. */
export function defineScratch<T>(name: string, make: (index: DossierIndex) => T): Scratch<T> {
  const scratch: Scratch<T> = {
    name,
    get(index) {
      const derived = index.derived;
      if (derived.has(scratch)) return derived.value(scratch) as T;
      const value = make(index);
      derived.keep(scratch, value);
      return value;
    },
  };
  return scratch;
}
