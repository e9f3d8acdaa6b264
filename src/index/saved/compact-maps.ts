/**
 * Read-only stand-ins for the Maps MiniSearch keeps, answering from the saved file's uint32 words
 * until something writes to them (then they become ordinary Maps): postings (`PackedFreqs`), the
 * identity id maps (`CountingMap`) and field lengths (`PackedLengths`). They keep a load from
 * building millions of Map entries.
 */
import { HOLE } from './layout.js';

/**
 * A term's postings for one field (document short id → frequency) read straight from uint32 words
 * (pairs, ascending ids), with the Map methods MiniSearch uses. It is not a Map (a Map subclass
 * would allocate an empty hash table per term for nothing); the first write copies the pairs into
 * a real Map that serves from then on.
 */
export class PackedFreqs {
  #words: Uint32Array | undefined;
  readonly #start: number;
  readonly #n: number;
  /** Where the last lookup hit: MiniSearch looks ids up in iteration order. */
  #hint = 0;
  #map: Map<number, number> | undefined;

  constructor(words: Uint32Array, start: number, n: number) {
    this.#words = words;
    this.#start = start;
    this.#n = n;
  }

  #find(key: unknown): number {
    const w = this.#words!;
    if (typeof key !== 'number') return -1;
    const s = this.#start;
    const h = this.#hint;
    if (h < this.#n && w[s + 2 * h] === key) return h;
    if (h + 1 < this.#n && w[s + 2 * h + 2] === key) return (this.#hint = h + 1);
    let lo = 0;
    let hi = this.#n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = w[s + 2 * mid]!;
      if (v === key) return (this.#hint = mid);
      if (v < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The real Map, made on the first write. */
  #real(): Map<number, number> {
    if (!this.#map) {
      const w = this.#words!;
      this.#map = new Map();
      for (let i = 0, at = this.#start; i < this.#n; i++, at += 2) this.#map.set(w[at]!, w[at + 1]!);
      this.#words = undefined;
    }
    return this.#map;
  }

  /**
   * Packed postings of `map` (ids in ascending order, as the saved form keeps them), for a term a
   * change wrote: a plain Map costs the candidate walk a call per posting.
   */
  static of(map: Map<number, number> | PackedFreqs): PackedFreqs {
    const n = map.size;
    const words = new Uint32Array(2 * n);
    let at = 0;
    let ascending = true;
    map.forEach((tf, id) => {
      if (at > 0 && words[at - 2]! > id) ascending = false;
      words[at++] = id;
      words[at++] = tf;
    });
    if (!ascending) {
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => words[2 * a]! - words[2 * b]!);
      const sorted = new Uint32Array(2 * n);
      order.forEach((from, i) => sorted.set(words.subarray(2 * from, 2 * from + 2), 2 * i));
      return new PackedFreqs(sorted, 0, n);
    }
    return new PackedFreqs(words, 0, n);
  }

  /** Whether a write has made this a Map (see `of`). */
  get plain(): boolean {
    return this.#map !== undefined;
  }

  /** Makes this the Map a write would (ahead of the write, in a step that may take the time). */
  materialize(): void {
    this.#real();
  }

  get size(): number {
    return this.#map ? this.#map.size : this.#n;
  }
  /**
   * The (id, frequency) pairs as stored: ids at `words[start + 2i]`, frequencies after them, for
   * `n` pairs; undefined once a write has made this a Map. For loops that visit every posting (the
   * search's candidate walk), which then need no call per posting.
   */
  pairs(): { words: Uint32Array; start: number; n: number } | undefined {
    return this.#map ? undefined : { words: this.#words!, start: this.#start, n: this.#n };
  }
  get(key: number): number | undefined {
    if (this.#map) return this.#map.get(key);
    const i = this.#find(key);
    return i < 0 ? undefined : this.#words![this.#start + 2 * i + 1];
  }
  has(key: number): boolean {
    return this.#map ? this.#map.has(key) : this.#find(key) >= 0;
  }
  set(key: number, value: number): this {
    this.#real().set(key, value);
    return this;
  }
  delete(key: number): boolean {
    return this.#real().delete(key);
  }
  clear(): void {
    this.#real().clear();
  }
  forEach(fn: (value: number, key: number, map: this) => void, thisArg?: unknown): void {
    if (this.#map) {
      this.#map.forEach((v, k) => fn.call(thisArg, v, k, this));
      return;
    }
    // Straight from the words: no entry arrays (the search walks postings with forEach).
    const w = this.#words!;
    for (let i = 0, at = this.#start; i < this.#n; i++, at += 2) fn.call(thisArg, w[at + 1]!, w[at]!, this);
  }
  keys(): Iterator<number> & Iterable<number> {
    return this.#map
      ? this.#map.keys()
      : (new PackedIterator(this.#words!, this.#start, this.#n, 0) as never);
  }
  values(): Iterator<number> & Iterable<number> {
    return this.#map
      ? this.#map.values()
      : (new PackedIterator(this.#words!, this.#start, this.#n, 1) as never);
  }
  entries(): Iterator<[number, number]> & Iterable<[number, number]> {
    return this.#map
      ? this.#map.entries()
      : (new PackedIterator(this.#words!, this.#start, this.#n, 2) as never);
  }
  [Symbol.iterator](): Iterator<[number, number]> {
    return this.entries();
  }
  get [Symbol.toStringTag](): string {
    return 'Map';
  }
}

/**
 * The map 0 → 0, 1 → 1, … n-1 → n-1 without storing it (MiniSearch's short ids and our ids, when
 * documents were added in order). The first write copies it into the Map itself.
 */
/** Entries made plain between two yields of `materializeInSteps`. */
const MATERIALIZE_CHUNK = 4096;

export class CountingMap extends Map<number, number> {
  #n: number | undefined;

  constructor(n: number) {
    super();
    this.#n = n;
  }

  #in(key: unknown): key is number {
    return typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < this.#n!;
  }

  #materialize(): void {
    const n = this.#n;
    if (n === undefined) return;
    this.#n = undefined;
    for (let i = 0; i < n; i++) super.set(i, i);
  }

  /**
   * Makes it a plain Map a few thousand entries at a time (reads are answered as before meanwhile),
   * so the first write after a load does not pay for it all at once.
   */
  *materializeInSteps(): Generator<void, void, unknown> {
    for (let i = 0; this.#n !== undefined && i < this.#n; i++) {
      super.set(i, i);
      if (i % MATERIALIZE_CHUNK === MATERIALIZE_CHUNK - 1) yield;
    }
    this.#n = undefined;
  }

  override get size(): number {
    return this.#n ?? super.size;
  }
  override get(key: number): number | undefined {
    if (this.#n === undefined) return super.get(key);
    return this.#in(key) ? key : undefined;
  }
  override has(key: number): boolean {
    return this.#n === undefined ? super.has(key) : this.#in(key);
  }
  override set(key: number, value: number): this {
    this.#materialize();
    return super.set(key, value);
  }
  override delete(key: number): boolean {
    this.#materialize();
    return super.delete(key);
  }
  override clear(): void {
    this.#n = undefined;
    super.clear();
  }
  override forEach(
    fn: (value: number, key: number, map: Map<number, number>) => void,
    thisArg?: unknown,
  ): void {
    if (this.#n === undefined) return super.forEach(fn, thisArg);
    for (let i = 0; i < this.#n; i++) fn.call(thisArg, i, i, this);
  }
  #pairs(): Uint32Array {
    const pairs = new Uint32Array(2 * this.#n!);
    for (let i = 0; i < this.#n!; i++) pairs[2 * i] = pairs[2 * i + 1] = i;
    return pairs;
  }
  override keys(): MapIterator<number> {
    return this.#n === undefined ? super.keys() : (new PackedIterator(this.#pairs(), 0, this.#n, 0) as never);
  }
  override values(): MapIterator<number> {
    return this.#n === undefined
      ? super.values()
      : (new PackedIterator(this.#pairs(), 0, this.#n, 1) as never);
  }
  override entries(): MapIterator<[number, number]> {
    return this.#n === undefined
      ? super.entries()
      : (new PackedIterator(this.#pairs(), 0, this.#n, 2) as never);
  }
  override [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }
}

/**
 * MiniSearch's field lengths (short id → length per field) read from the saved document table
 * (rows of short id, id, one word per field; HOLE = no length), for documents whose short ids are
 * 0…n-1 in order. `get` makes the small array MiniSearch expects; the first write copies every row
 * into the Map itself. Building 100k Map entries and arrays was a tenth of the load.
 */
export class PackedLengths extends Map<number, number[]> {
  #words: Uint32Array | undefined;
  readonly #n: number;
  readonly #fields: number;

  constructor(words: Uint32Array, n: number, fields: number) {
    super();
    this.#words = words;
    this.#n = n;
    this.#fields = fields;
  }

  #row(id: number): number[] {
    const w = this.#words!;
    const lengths: number[] = [];
    for (let f = 0, at = 2 + id * (2 + this.#fields) + 2; f < this.#fields; f++, at++) {
      if (w[at] !== HOLE) lengths[f] = w[at]!;
    }
    return lengths;
  }

  #in(key: unknown): key is number {
    return typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < this.#n;
  }

  #materialize(): void {
    if (!this.#words) return;
    for (let i = 0; i < this.#n; i++) super.set(i, this.#row(i));
    this.#words = undefined;
  }

  /** As CountingMap's: a plain Map, built a few thousand rows at a time. */
  *materializeInSteps(): Generator<void, void, unknown> {
    for (let i = 0; this.#words && i < this.#n; i++) {
      super.set(i, this.#row(i));
      if (i % MATERIALIZE_CHUNK === MATERIALIZE_CHUNK - 1) yield;
    }
    this.#words = undefined;
  }

  override get size(): number {
    return this.#words ? this.#n : super.size;
  }
  override get(key: number): number[] | undefined {
    if (!this.#words) return super.get(key);
    return this.#in(key) ? this.#row(key) : undefined;
  }
  override has(key: number): boolean {
    return this.#words ? this.#in(key) : super.has(key);
  }
  override set(key: number, value: number[]): this {
    this.#materialize();
    return super.set(key, value);
  }
  override delete(key: number): boolean {
    this.#materialize();
    return super.delete(key);
  }
  override clear(): void {
    this.#words = undefined;
    super.clear();
  }
  override forEach(
    fn: (value: number[], key: number, map: Map<number, number[]>) => void,
    thisArg?: unknown,
  ): void {
    if (!this.#words) return super.forEach(fn, thisArg);
    for (let i = 0; i < this.#n; i++) fn.call(thisArg, this.#row(i), i, this);
  }
  /** Rows in id order (a write during the walk ends it, as the rows are then in the Map). */
  *#rows<T>(pick: (id: number, lengths: () => number[]) => T): Generator<T, undefined, unknown> {
    for (let i = 0; i < this.#n && this.#words; i++) yield pick(i, () => this.#row(i));
    return undefined;
  }
  override keys(): MapIterator<number> {
    return this.#words ? (this.#rows((id) => id) as never) : super.keys();
  }
  override values(): MapIterator<number[]> {
    return this.#words ? (this.#rows((_, row) => row()) as never) : super.values();
  }
  override entries(): MapIterator<[number, number[]]> {
    return this.#words ? (this.#rows((id, row) => [id, row()]) as never) : super.entries();
  }
  override [Symbol.iterator](): MapIterator<[number, number[]]> {
    return this.entries();
  }
}

class PackedIterator {
  #at: number;
  readonly #end: number;
  constructor(
    private readonly words: Uint32Array,
    start: number,
    n: number,
    /** 0 keys, 1 values, 2 entries. */
    private readonly what: 0 | 1 | 2,
  ) {
    this.#at = start;
    this.#end = start + 2 * n;
  }
  next(): IteratorResult<number | [number, number], undefined> {
    if (this.#at >= this.#end) return { done: true, value: undefined };
    const at = this.#at;
    this.#at += 2;
    const w = this.words;
    const value =
      this.what === 0 ? w[at]! : this.what === 1 ? w[at + 1]! : ([w[at]!, w[at + 1]!] as [number, number]);
    return { done: false, value };
  }
  [Symbol.iterator](): this {
    return this;
  }
}
