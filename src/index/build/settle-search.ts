/**
 * What makes a search index's state independent of the order its documents came in: exact average
 * field lengths and a sorted term tree. The build settles every index this way, and an in-place
 * change (src/index/search/changes.ts) keeps it so. It lives with the build code (not in
 * src/index/search/, which the saved index's code hash leaves out) because a saved file holds its
 * result: changing it must make saved indexes stale.
 */
import type { SearchDoc } from '../model.js';
import { LEAF, type FieldPostings, type SearchIndex, type TermTree } from '../search/adapter.js';

/**
 * Sets each field's average length to (sum of lengths)/(document count) exactly; MiniSearch's
 * running average drifts with the order documents were added and removed.
 */
export function settleAverages(search: SearchIndex<SearchDoc>): void {
  const fieldCount = Object.keys(search._fieldIds).length;
  const sums = new Array<number>(fieldCount).fill(0);
  for (const lengths of search._fieldLength.values()) {
    for (let f = 0; f < fieldCount; f++) sums[f]! += lengths[f] ?? 0;
  }
  const count = search._documentCount;
  const avg = (search as unknown as { _avgFieldLength: number[] })._avgFieldLength;
  for (let f = 0; f < fieldCount; f++) avg[f] = count > 0 ? sums[f]! / count : 0;
}

/**
 * Puts every node of the term tree in one order, whatever order its terms came in: each node's
 * entries by key (the term ending here first, then by next character, so MiniSearch walks terms
 * alphabetically), and each term's fields by field id.
 */
export function sortTermTree(search: SearchIndex<SearchDoc>): void {
  const stack: TermTree[] = [search._index._tree];
  while (stack.length) {
    const node = stack.pop()!;
    sortNode(node);
    for (const [key, child] of node) if (key !== LEAF) stack.push(child as TermTree);
  }
}

/** Sorts one node's entries by key, and the fields of the term ending there by id, if they are not. */
export function sortNode(node: TermTree): void {
  let previous: string | undefined;
  for (const key of node.keys()) {
    if (previous !== undefined && key < previous) {
      const entries = [...node].sort((a, b) => (a[0] < b[0] ? -1 : 1));
      node.clear();
      for (const [k, v] of entries) node.set(k, v);
      break;
    }
    previous = key;
  }
  const leaf = node.get(LEAF) as FieldPostings | undefined;
  if (!leaf || leaf.size < 2) return;
  let last = -1;
  for (const fieldId of leaf.keys()) {
    if (fieldId < last) {
      const entries = [...leaf].sort((a, b) => a[0] - b[0]);
      leaf.clear();
      for (const [k, v] of entries) leaf.set(k, v);
      return;
    }
    last = fieldId;
  }
}
