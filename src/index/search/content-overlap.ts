/**
 * Content-word overlap of two texts, for folding near-duplicate passages in answers.
 */
import { processTerm, words } from '../terms.js';

/** Content-word set of a text, for near-duplicate detection. */
export function contentSet(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(text)) {
    const t = processTerm(w);
    if (t) out.add(t);
  }
  return out;
}

/** Jaccard similarity of two sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}
