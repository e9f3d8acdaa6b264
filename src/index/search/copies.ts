/**
 * The copies table: which paragraphs are word-for-word copies of an earlier one (syndicated stories).
 * The fast scorer scores a copy as its first; near-duplicate folding sends a copy where its first went.
 */
import { defineTable, inChunks, type Build } from '../derived.js';
import type { IndexChange } from '../delta.js';
import type { DossierIndex } from '../model.js';

/**
 * Word-for-word copies: for each paragraph position, the first position whose text is the same (its
 * own when it is the first), and how many paragraphs are copies of an earlier one. A corpus that
 * carries syndicated stories holds the same paragraph text under several articles. A search scores a
 * copy as its first when its other fields (headline, section) hold the query's terms alike
 * (`sameScore`); near-duplicate folding sends a copy where its first went. Built ahead by warm-up
 * (src/serve/warm.ts); before that, each paragraph is scored and compared on its own.
 */
export interface CopyTable {
  first: Int32Array;
  copies: number;
}

const copyTables = defineTable('copies', makeCopyTable, { carry: carryCopyTable });

/** The copies table if warm-up has built it (never builds it: a question does not wait). */
export function copyTableIfBuilt(index: DossierIndex): CopyTable | undefined {
  return copyTables.peek(index);
}

function* makeCopyTable(index: DossierIndex): Build<CopyTable> {
  const n = index.paragraphs.length;
  const first = new Int32Array(n);
  const seen = new Map<string, number>();
  let copies = 0;
  for (let pos = 0; pos < n; pos++) {
    const text = index.paragraphs[pos]!.text;
    const earlier = seen.get(text);
    if (earlier === undefined) {
      seen.set(text, pos);
      first[pos] = pos;
    } else {
      first[pos] = earlier;
      copies++;
    }
    if (pos % 4096 === 4095) yield;
  }
  return { first, copies };
}

/**
 * The table of the next index from the previous one's: a paragraph whose text no paragraph taken out
 * or put in has keeps its first (moved); the paragraphs of those texts are grouped again.
 */
function* carryCopyTable(before: CopyTable, change: IndexChange, index: DossierIndex): Build<CopyTable> {
  const { previous } = change;
  const { moved } = change.articles;
  const from = change.paragraphFrom();
  const texts = new Set<string>();
  moved.forEach((to, q) => {
    if (to < 0) texts.add(previous.paragraphs[q]!.text);
  });
  from.forEach((q, p) => {
    if (q < 0) texts.add(index.paragraphs[p]!.text);
  });
  const n = index.paragraphs.length;
  const first = new Int32Array(n);
  const seen = new Map<string, number>();
  let copies = 0;
  yield* inChunks(n, 16384, (lo, hi) => {
    for (let pos = lo; pos < hi; pos++) {
      const text = index.paragraphs[pos]!.text;
      if (texts.has(text)) {
        const earlier = seen.get(text);
        if (earlier === undefined) seen.set(text, (first[pos] = pos));
        else first[pos] = earlier;
      } else first[pos] = moved[before.first[from[pos]!]!]!;
      if (first[pos] !== pos) copies++;
    }
  });
  return { first, copies };
}
