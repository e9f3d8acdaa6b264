/**
 * Selection helpers for ranking only the best few: the k-th largest value (quickselect) and
 * insertion into a sorted array.
 */

/** The k-th largest value (1-based) of `xs` (reordered in place): quickselect. */
export function kthLargest(xs: Float64Array, k: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  const want = Math.min(k, xs.length) - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i]! > pivot) i++;
      while (xs[j]! < pivot) j--;
      if (i <= j) {
        const t = xs[i]!;
        xs[i] = xs[j]!;
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (want <= j) hi = j;
    else if (want >= i) lo = i;
    else break;
  }
  return xs[want]!;
}

/** Inserts `v` into the ascending `xs`, keeping it sorted. */
export function insertSorted(xs: number[], v: number) {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  xs.splice(lo, 0, v);
}
