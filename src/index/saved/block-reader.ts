/**
 * Reads a saved file's body block by block, in the order the header lists them: each block is
 * checked to be the one expected (name, type, bounds), waited for if the file is still arriving,
 * and the decoder pauses between blocks so a sliced load keeps the process answering.
 */
import type { BlockType, Header } from './layout.js';

export class BlockReader {
  /** The next block to take (its place in `header.blocks`). */
  next = 0;
  readonly total: number;
  readonly #blocks: Header['blocks'];

  constructor(
    private readonly buf: Uint8Array,
    private readonly bodyStart: number,
    header: Header,
    /** Yields to the event loop when the slice is used up (and throws if the load must stop). */
    readonly pause: () => Promise<void>,
    private readonly onProgress: ((done: number, total: number) => void) | undefined,
    /** Resolves once the file's first `end` bytes have been read. */
    private readonly until: (end: number) => Promise<void> = () => Promise.resolve(),
  ) {
    this.#blocks = header.blocks;
    this.total = header.blocks.length;
  }

  /** Waits until the next `k` blocks have been read from the file. */
  ready(k: number): Promise<void> {
    const b = this.#blocks[Math.min(this.next + k, this.#blocks.length) - 1];
    return Array.isArray(b) ? this.until(this.bodyStart + b[2] + b[3]) : Promise.resolve();
  }

  take(name: string, type: 'json'): unknown;
  take(name: string, type: 'bytes'): Buffer;
  take(name: string, type: 'u32'): Uint32Array;
  take(name: string, type: BlockType): unknown {
    const b = this.#blocks[this.next];
    if (!Array.isArray(b) || b[0] !== name || b[1] !== type)
      throw new Error(`expected a ${name} block at ${this.next}`);
    this.next++;
    const [, , offset, length] = b;
    const buf = this.buf;
    const start = this.bodyStart + offset;
    if (!(offset >= 0 && length >= 0 && start + length <= buf.byteLength))
      throw new Error(`${name} is out of bounds`);
    if (type === 'json')
      return JSON.parse(Buffer.from(buf.buffer, buf.byteOffset + start, length).toString('utf8'));
    if (type === 'bytes') return Buffer.from(buf.buffer, buf.byteOffset + start, length);
    if (length % 4 !== 0) throw new Error(`${name} is not whole words`);
    // A copy: the words outlive the file's bytes (postings are read from them).
    const words = new Uint32Array(length / 4);
    new Uint8Array(words.buffer).set(buf.subarray(start, start + length));
    return words;
  }

  /** Steps over the next blocks while they are `names` blocks, unread. */
  skip(names: readonly string[]): void {
    while (this.next < this.total && names.includes(this.#blocks[this.next]![0])) this.next++;
  }

  /** True if the next block is a `name` block. */
  more(name: string): boolean {
    return this.#blocks[this.next]?.[0] === name;
  }

  /** Reports progress and pauses: called after each block (or group of blocks) is decoded. */
  async step(): Promise<void> {
    this.onProgress?.(this.next, this.total);
    await this.pause();
  }

  /** Reports that every block is decoded. */
  finish(): void {
    this.onProgress?.(this.total, this.total);
  }

  /** A list saved with `BodyWriter.jsonList`: its blocks' items, each through `map`. */
  async list<T>(name: string, map: (item: never) => T): Promise<T[]> {
    const out: T[] = [];
    do {
      await this.ready(1);
      const items = this.take(name, 'json');
      if (!Array.isArray(items)) throw new Error(`${name} is not a list`);
      for (const item of items as never[]) out.push(map(item));
      await this.step();
    } while (this.more(name));
    return out;
  }
}
