/** Placeholder until the search-changes branch lands: the interface applyDelta calls. */
import type { SearchDoc } from '../model.js';
import type { SearchIndex } from './adapter.js';

export interface SearchChange {
  removed: SearchDoc[];
  moved: Int32Array;
  added: SearchDoc[];
}

export function changeSearch(_search: SearchIndex<SearchDoc>, _change: SearchChange): void {
  throw new Error('changeSearch is not built yet');
}
